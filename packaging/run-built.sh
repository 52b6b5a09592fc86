#!/usr/bin/env bash
# Run the app built by packaging/build.sh; arguments go to therapy-journal
# (no command opens the desktop app, e.g. packaging/run-built.sh --vault DIR).
set -euo pipefail
APP="$(cd "$(dirname "$0")/.." && pwd)/dist/therapy-journal/therapy-journal"
if [ ! -x "$APP" ]; then
  echo "no build at $APP: run packaging/build.sh first" >&2
  exit 1
fi
exec "$APP" "$@"
