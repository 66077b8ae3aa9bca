#!/usr/bin/env bash
# System tools the DOC/WPS reader shells out to (extract/docdoc.py). Idempotent: apt-get runs only
# when one of them is missing, so calling this from scripts/bootstrap.sh on every run costs ~10 ms.
#
#   libreoffice-writer-nogui  soffice: .doc/.wps -> .docx with the table merges kept (~264 MB installed)
#   fonts-wqy-zenhei          a CJK font, so LibreOffice lays out Chinese text (and can print it to PDF)
#   antiword, catdoc          plain-text fallbacks when soffice is absent (table structure may be lost)
#
# Works as root (CI containers) or through sudo. `--check` only reports what is missing (exit 1 if any).
# Set GOVREPORTS_SKIP_SYSTEM_PACKAGES=1 to skip entirely (the DOC tests then skip or use a fallback).
set -euo pipefail

PACKAGES=(libreoffice-writer-nogui fonts-wqy-zenhei antiword catdoc)

if [[ "${GOVREPORTS_SKIP_SYSTEM_PACKAGES:-}" == 1 ]]; then
  exit 0
fi

installed() {
  dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"
}

missing=()
for pkg in "${PACKAGES[@]}"; do
  installed "$pkg" || missing+=("$pkg")
done

if [[ ${#missing[@]} -eq 0 ]]; then
  exit 0
fi
if [[ "${1:-}" == "--check" ]]; then
  echo "missing system packages: ${missing[*]}" >&2
  exit 1
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "system-packages: no apt-get here; install by hand: ${missing[*]}" >&2
  exit 1
fi

SUDO=()
if [[ $(id -u) -ne 0 ]]; then
  if command -v sudo >/dev/null 2>&1; then
    SUDO=(sudo -n)
  else
    echo "system-packages: not root and no sudo; install by hand: ${missing[*]}" >&2
    exit 1
  fi
fi

echo "system-packages: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
log=$(mktemp)
trap 'rm -f "$log"' EXIT
# apt's chatter (and debconf's "apt-utils is not installed") goes to the log, shown only on failure
if ! { "${SUDO[@]}" apt-get update -qq && "${SUDO[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"; } \
    >"$log" 2>&1; then
  cat "$log" >&2
  echo "system-packages: apt-get failed" >&2
  exit 1
fi
for tool in soffice antiword catdoc; do
  command -v "$tool" >/dev/null 2>&1 || { echo "system-packages: $tool still missing after install" >&2; exit 1; }
done
