#!/usr/bin/env bash
# Build the one-folder Linux app with PyInstaller: dist/therapy-journal/therapy-journal.
#
# A separate virtual environment (packaging/.build-venv, or $BUILD_VENV) gets
# PyInstaller and the project itself, installed from its wheel (built here) like
# a user would get it, so the build holds exactly what the wheel holds.
set -euo pipefail
cd "$(dirname "$0")/.."
# Build from what is installed in the build environment, never from the source
# tree (src/ lacks therapy_journal.resources, which is mapped from resources/).
unset PYTHONPATH
VENV="${BUILD_VENV:-packaging/.build-venv}"
PYTHON="${PYTHON:-python3}"
if [ ! -x "$VENV/bin/python" ]; then
  "$PYTHON" -m venv "$VENV"
fi
"$VENV/bin/pip" install -q --upgrade "pyinstaller>=6.10"
rm -rf build/wheel build/pyinstaller dist/therapy-journal
"$VENV/bin/pip" wheel -q --no-deps -w build/wheel .
WHEEL="$(ls build/wheel/therapy_journal-*.whl)"
"$VENV/bin/pip" install -q "$WHEEL" && "$VENV/bin/pip" install -q --force-reinstall --no-deps "$WHEEL"
"$VENV/bin/pyinstaller" --noconfirm --log-level WARN \
  --workpath build/pyinstaller --distpath dist packaging/therapy-journal.spec
echo "built dist/therapy-journal/therapy-journal"
