#!/usr/bin/env bash
# Idempotent set-up for a fresh machine: installs uv (pinned) for this user if missing,
# then creates .venv with exactly the locked dependencies. Sourced by scripts/demo and scripts/test.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export UV_PYTHON_DOWNLOADS=never   # use the machine's CPython 3.11; never fetch a toolchain
if ! python3 -m uv --version >/dev/null 2>&1; then
  python3 -m pip install --quiet --disable-pip-version-check uv==0.13.9
fi
python3 -m uv sync --frozen --quiet
# System tools for old Word/WPS files (LibreOffice, antiword, catdoc, a CJK font); apt runs only if missing.
bash scripts/system-packages.sh || echo "bootstrap: system packages not installed; .doc/.wps reading will be limited" >&2
