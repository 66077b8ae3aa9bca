"""Serve the replica web for people: ``python -m replica [--root DIR]``.

Prints where the registry and the manifest were written and every portal's home URL, then serves
until Ctrl-C. Give the registry to the crawler (``govreports crawl --registry FILE``).
"""

from __future__ import annotations

import argparse
import signal
import sys
import threading

from replica.server import serve


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m replica", description=__doc__.splitlines()[0])
    parser.add_argument("--root", help="directory for registry.yml and manifest.yml (default: a temporary one)")
    args = parser.parse_args(argv)
    web = serve(args.root)
    print(f"registry: {web.registry_path}")
    print(f"manifest: {web.manifest_path}")
    for pid, portal in web.portals.items():
        note = " (blocked: " + portal.blocked + ")" if portal.blocked else (" (not in the registry)"
                                                                           if portal.kind == "outside" else "")
        print(f"  {pid:14} {portal.platform:10} {portal.home}{note}")
    print("serving; Ctrl-C to stop", flush=True)
    done = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: done.set())
    try:
        while not done.wait(0.2):  # a timed wait lets the signal handler run promptly
            pass
    finally:
        web.stop()
    print("stopped")
    return 0


if __name__ == "__main__":
    sys.exit(main())
