#!/usr/bin/env bash
# Installs Maitre D into .venv (with the system libraries Qt needs) and starts it.
# The first start opens a demo restaurant; the book lives in the user data folder.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/system-packages.sh
[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q -e .
exec .venv/bin/maitred "$@"
