"""Read old binary Word (.doc) and WPS (.wps) reports, both OLE compound files.

No Python library reads the Word 97 binary format with its tables, so this reader shells out. The
preferred route is LibreOffice: ``soffice --headless --convert-to docx`` keeps the merged cells
(measured: the converted DOCX's span-aware grid equals the original's), and the DOCX reader does
the rest, so a .doc report yields the same cells as its .docx twin. Without LibreOffice, catdoc or
antiword give plain text that the text reader parses; their tables can come out misaligned under
vertical merges, so the Document carries a note that table structure may be lost. Without any of
them the document is unreadable and the message names the Debian packages to install
(scripts/system-packages.sh).

Each soffice run gets its own user profile: a second soffice started on a profile in use hands its
work to the first process and exits, which breaks concurrent workers. Profiles live in a pool of
folders locked with flock, so threads and processes never share one, and a free profile is reused
(a fresh profile costs about a second of start-up).
"""

from __future__ import annotations

import fcntl
import os
import re
import shutil
import signal
import subprocess
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from .document import Document, UnreadableDocument
from .docxdoc import read_docx
from .textdoc import read_text

MAX_BYTES = 50 * 1024 * 1024
SOFFICE_TIMEOUT = 60.0  # seconds for one document; a batch gets this plus BATCH_TIMEOUT_PER_FILE each
BATCH_TIMEOUT_PER_FILE = 10.0
BATCH_SIZE = 100  # files per soffice call in convert_docs_to_docx
TEXT_TIMEOUT = 20.0
MAX_TEXT = 20 * 1024 * 1024
MAX_PROFILES = 64
PACKAGES_HINT = "install Debian packages libreoffice-writer-nogui (or catdoc, antiword): scripts/system-packages.sh"

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_STREAMS = {name: name.encode("utf-16-le") for name in (
    "WordDocument", "EncryptedPackage", "Workbook", "Book", "PowerPoint Document")}
_FIB_MAGIC = b"\xec\xa5"  # wIdent of the Word 97+ file information block
_F_ENCRYPTED = 0x0100


def find_soffice() -> str | None:
    """The LibreOffice binary, or None. Tests monkeypatch this to force the text fallback."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def find_text_tools() -> list[tuple[str, list[str]]]:
    """(name, argv prefix) of the installed plain-text converters, best first.

    catdoc first: it writes each table row as tab-separated cells, and on the 003 fixture the text
    reader got all 198 cells from it, while antiword dropped the whole requests table (its rows
    under vertical merges). antiword stays as the second try for files catdoc rejects.
    """
    tools = []
    if exe := shutil.which("catdoc"):
        tools.append(("catdoc", [exe, "-d", "utf-8", "-w"]))
    if exe := shutil.which("antiword"):
        tools.append(("antiword", [exe, "-m", "UTF-8.txt", "-w", "0"]))
    return tools


def read_doc(data: bytes) -> Document:
    """A .doc/.wps file's lines (kind "doc"): via LibreOffice and the DOCX reader, else via plain text."""
    if len(data) > MAX_BYTES:
        raise UnreadableDocument(f"DOC of {len(data) / 2**20:.0f} MB is over the {MAX_BYTES // 2**20} MB cap")
    _check_ole(data)
    problem = None
    if soffice := find_soffice():
        try:
            doc = read_docx(doc_to_docx(data, soffice))
        except UnreadableDocument as exc:
            problem = f"LibreOffice could not convert it ({exc})"
        else:
            doc.kind = "doc"
            return doc
    tools = find_text_tools()
    if not tools:
        if problem:
            raise UnreadableDocument(problem)
        raise UnreadableDocument(f"reading .doc/.wps needs LibreOffice or antiword/catdoc: {PACKAGES_HINT}")
    try:
        text, tool, errors = _text_of(data, tools)
    except UnreadableDocument as exc:
        raise UnreadableDocument(f"{problem}; {exc}" if problem else str(exc)) from exc
    doc = read_text(text, "utf-8")
    doc.kind = "doc"
    why = problem or "LibreOffice (soffice) is not installed"
    doc.errors.append(f"read as plain text with {tool} because {why}: table structure may be lost")
    doc.errors.extend(errors)
    return doc


def _check_ole(data: bytes) -> None:
    """Refuse what LibreOffice would choke or hang on: encrypted files, other Office formats.

    Stream names are looked up as UTF-16 strings in the directory instead of parsing the OLE file;
    a file with no known stream goes on to the converters (WPS variants, odd writers), which decide.
    """
    if not data.startswith(_OLE_MAGIC):
        raise UnreadableDocument("not an OLE compound file, so not a .doc/.wps document")
    has = {name for name, raw in _STREAMS.items() if raw in data}
    if "WordDocument" in has:
        if _fib_flags(data) & _F_ENCRYPTED:
            raise UnreadableDocument("password-protected (encrypted) Word document")
        return
    if "EncryptedPackage" in has:
        raise UnreadableDocument("password-protected (encrypted) Office document")
    if has & {"Workbook", "Book"}:
        raise UnreadableDocument("not a Word document but an Excel workbook (.xls)")
    if "PowerPoint Document" in has:
        raise UnreadableDocument("not a Word document but a PowerPoint file (.ppt)")


def _fib_flags(data: bytes) -> int:
    """The flags word of the Word FIB, found at a sector start (the stream is at least 4 kB, so it
    lives in regular sectors); 0 when not found. Avoids a full OLE parser for one bit."""
    for offset in range(512, len(data) - 12, 512):
        if data[offset:offset + 2] == _FIB_MAGIC and 0x00C0 <= int.from_bytes(data[offset + 2:offset + 4],
                                                                               "little") <= 0x0112:
            return int.from_bytes(data[offset + 10:offset + 12], "little")
    return 0


# --------------------------------------------------------------------------------------------
# LibreOffice
# --------------------------------------------------------------------------------------------


def profile_root() -> Path:
    """Where the profile pool lives: $GOVREPORTS_SOFFICE_PROFILES, else a per-user temp folder."""
    root = Path(os.environ.get("GOVREPORTS_SOFFICE_PROFILES")
                or Path(tempfile.gettempdir()) / f"govreports-soffice-{os.getuid()}")
    root.mkdir(mode=0o700, parents=True, exist_ok=True)
    if root.stat().st_uid != os.getuid():
        raise UnreadableDocument(f"LibreOffice profile folder {root} belongs to another user")
    return root


@contextmanager
def soffice_profile() -> Iterator[Path]:
    """A LibreOffice user profile folder that no other thread or process uses meanwhile."""
    root = profile_root()
    for n in range(MAX_PROFILES):
        fd = os.open(root / f"profile-{n}.lock", os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            continue
        try:
            yield root / f"profile-{n}"
        finally:
            os.close(fd)  # releases the lock
        return
    raise UnreadableDocument(f"all {MAX_PROFILES} LibreOffice profiles are busy")


def _run_soffice(soffice: str, profile: Path, args: list[str], timeout: float) -> tuple[bool, str]:
    """Run soffice headless on a profile; (finished in time, its output). Killed as a group on timeout,
    because the `soffice` script starts soffice.bin as a child."""
    cmd = [soffice, "--headless", "--invisible", "--norestore", "--nologo", "--nodefault", "--nolockcheck",
           f"-env:UserInstallation={profile.as_uri()}", *args]
    proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            start_new_session=True)
    try:
        out, _ = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        shutil.rmtree(profile, ignore_errors=True)  # a killed run may leave the profile half-written
        return False, ""
    return True, out.decode("utf-8", "replace")


def doc_to_docx(data: bytes, soffice: str | None = None, timeout: float | None = None) -> bytes:
    """The DOCX that LibreOffice makes of a .doc/.wps file's bytes (timeout: SOFFICE_TIMEOUT)."""
    with tempfile.TemporaryDirectory(prefix="govreports-doc-") as tmp:
        src = Path(tmp, "document.doc")
        src.write_bytes(data)
        return convert_file(src, "docx:MS Word 2007 XML", Path(tmp), soffice=soffice, timeout=timeout).read_bytes()


def convert_file(src: Path, convert_to: str, outdir: Path, *, soffice: str | None = None,
                 timeout: float | None = None) -> Path:
    """The file LibreOffice makes of ``src`` in ``outdir`` (``convert_to`` as ``soffice --convert-to``
    takes it, e.g. "pdf:writer_pdf_Export"), on a profile of the pool and under a timeout
    (SOFFICE_TIMEOUT); UnreadableDocument when it makes none."""
    timeout = SOFFICE_TIMEOUT if timeout is None else timeout
    soffice = soffice or find_soffice()
    if not soffice:
        raise UnreadableDocument(f"LibreOffice is not installed: {PACKAGES_HINT}")
    with soffice_profile() as profile:
        done, out = _run_soffice(soffice, profile, ["--convert-to", convert_to, "--outdir", str(outdir), str(src)],
                                 timeout)
    if not done:
        raise UnreadableDocument(f"LibreOffice took more than {timeout:.0f} s and was stopped")
    suffix = convert_to.split(":")[0]
    result = outdir / f"{src.stem}.{suffix}"
    if not result.exists():
        said = " ".join(line for line in out.splitlines() if "javaldx" not in line).strip()
        raise UnreadableDocument(f"LibreOffice wrote no {suffix.upper()} ({said[:200] or 'no message'})")
    return result


def convert_docs_to_docx(paths: Iterable[str | Path], outdir: str | Path, *, soffice: str | None = None,
                         batch_size: int = BATCH_SIZE) -> dict[Path, Path | None]:
    """Convert many .doc/.wps files to DOCX in `outdir`, a few soffice starts for all of them.

    One soffice call converts a whole batch (20 files took 1.8 s, against ~1 s per file one by one),
    which is what bulk re-extraction needs. Files whose names would collide in `outdir` (same stem)
    go to different batches. Returns each input path → its DOCX, or None when LibreOffice made none
    (corrupt, encrypted, timed out). Each call takes its own profile, so workers can run in parallel.
    """
    soffice = soffice or find_soffice()
    if not soffice:
        raise UnreadableDocument(f"LibreOffice is not installed: {PACKAGES_HINT}")
    out = Path(outdir)
    out.mkdir(parents=True, exist_ok=True)
    batches: list[list[Path]] = []
    for path in map(Path, paths):
        target = next((b for b in batches if len(b) < batch_size and path.stem not in {p.stem for p in b}), None)
        if target is None:
            batches.append(target := [])
        target.append(path)
    results: dict[Path, Path | None] = {}
    with soffice_profile() as profile:
        for batch in batches:
            timeout = SOFFICE_TIMEOUT + BATCH_TIMEOUT_PER_FILE * len(batch)
            for p in batch:
                (out / f"{p.stem}.docx").unlink(missing_ok=True)  # never report a stale file as converted
            _run_soffice(soffice, profile, ["--convert-to", "docx:MS Word 2007 XML", "--outdir", str(out),
                                            *map(str, batch)], timeout)
            for p in batch:
                made = out / f"{p.stem}.docx"
                results[p] = made if made.exists() else None
    return results


# --------------------------------------------------------------------------------------------
# Plain-text fallback
# --------------------------------------------------------------------------------------------

_BAR_ROW = re.compile(r"^\s*\|.*\|\s*$")


def _text_of(data: bytes, tools: list[tuple[str, list[str]]]) -> tuple[str, str, list[str]]:
    """(text, tool used, notes): the first tool that gives text wins."""
    failures: list[str] = []
    with tempfile.TemporaryDirectory(prefix="govreports-doc-") as tmp:
        src = Path(tmp, "document.doc")
        src.write_bytes(data)
        for name, argv in tools:
            try:
                proc = subprocess.run([*argv, str(src)], capture_output=True, timeout=TEXT_TIMEOUT)
            except subprocess.TimeoutExpired:
                failures.append(f"{name} took more than {TEXT_TIMEOUT:.0f} s")
                continue
            text = proc.stdout[:MAX_TEXT].decode("utf-8", "replace")
            if proc.returncode == 0 and text.strip():
                return _bars_to_tabs(text), name, failures
            said = proc.stderr.decode("utf-8", "replace").replace(str(src), "the file").strip().splitlines()
            failures.append(f"{name} failed ({said[-1][:200] if said else f'exit {proc.returncode}'})")
    raise UnreadableDocument("no text could be read from the DOC: " + "; ".join(failures))


def _bars_to_tabs(text: str) -> str:
    """antiword draws table rows as |a |b |c |; the text reader splits table cells on tabs."""
    lines = []
    for line in text.splitlines():
        if _BAR_ROW.match(line):
            line = "\t".join(cell.strip() for cell in line.strip().strip("|").split("|"))
        lines.append(line)
    return "\n".join(lines)
