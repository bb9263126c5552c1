#!/usr/bin/env bash
# Builds the Linux bundle (PyInstaller folder + tarball) with packaging/build.py, then smoke-tests
# the frozen executable on a fresh data folder, offscreen, and prints the bundle's size and the
# smoke test's start-up time. Exits non-zero if the build or the smoke test fails, or one of the
# checks of what loads later (packaging/build.py --stage check: the online server's commands and
# the server itself, every module of the app, printing the day sheet, the charts).
# Installs what it needs like scripts/test.sh (system libraries, binutils, .venv with PyInstaller).
# Extra arguments go to packaging/build.py (e.g. --clean).
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/system-packages.sh  # Qt's runtime libraries for the smoke test, binutils for PyInstaller
python=.venv/bin/python
if [ ! -x "$python" ]; then
  python3 -m venv .venv
  "$python" -m pip install -q --upgrade pip
  "$python" -m pip install -q -e '.[dev]'
elif ! "$python" -c "import PyInstaller" 2>/dev/null; then
  echo "== installing PyInstaller into .venv"
  "$python" -m pip install -q 'pyinstaller>=6.5'
fi
command -v objdump >/dev/null || { echo "PyInstaller needs binutils (objdump): apt-get install binutils" >&2; exit 1; }

started=$(date +%s)
# The timed smoke test below is the gate, so build.py doesn't run its own.
"$python" packaging/build.py --no-smoke-test "$@"
build_seconds=$(( $(date +%s) - started ))

bundle=dist/maitred
executable=$bundle/maitred
version=$("$executable" --version | awk '{print $2}')
tarball=$(ls -t dist/maitred-"$version"-linux-*.tar.gz | head -n 1)

echo
echo "== smoke test: $executable --smoke-test (offscreen, fresh data folder)"
data=$(mktemp -d)
trap 'rm -rf "$data"' EXIT
t0=$(date +%s.%N)
status=0
QT_QPA_PLATFORM=offscreen timeout 300 "$executable" --smoke-test --data-dir "$data" || status=$?
t1=$(date +%s.%N)
if [ "$status" -ne 0 ]; then
  echo "SMOKE TEST FAILED (exit code $status)" >&2
  [ -f "$data/maitred.log" ] && { echo "--- $data/maitred.log" >&2; cat "$data/maitred.log" >&2; }
  exit 1
fi

# What the smoke test doesn't reach: `maitred serve --help`, the online server answering HTTPS,
# and `maitred --bundle-check` (every module imports; the day sheet prints to PDF; charts paint).
if ! "$python" packaging/build.py --stage check; then
  echo "BUNDLE CHECKS FAILED: the frozen app lacks something it loads after start-up" >&2
  exit 1
fi

echo
echo "== Maitre D $version, Linux bundle"
echo "build time:          ${build_seconds} s"
echo "bundle folder:       $(du -sh "$bundle" | cut -f1)  $bundle"
echo "tarball:             $(du -h "$tarball" | cut -f1)  $tarball"
awk -v a="$t0" -v b="$t1" 'BEGIN { printf "smoke-test start-up: %.2f s\n", b - a }'
bundle_mb=$(du -sm "$bundle" | cut -f1)
if [ "$bundle_mb" -gt 150 ]; then
  echo "WARNING: the bundle is ${bundle_mb} MB, over the 150 MB goal (see packaging/hooks/qt_trim.py)" >&2
fi
