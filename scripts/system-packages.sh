#!/usr/bin/env bash
# Installs the system libraries Qt needs (offscreen and under Xvfb), fonts, and PostgreSQL for the
# shared-book tests, and Node.js for the official SDK's test. Debian/Ubuntu only; elsewhere it
# says what to install and carries on.
set -euo pipefail

packages=(
  libglib2.0-0 libegl1 libgl1 libdbus-1-3 libfontconfig1 libxkbcommon0 fonts-dejavu-core
  xvfb xauth libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1
  libxcb-render-util0 libxcb-shape0 libxcb-xkb1 libxcb-randr0 libxcb-xfixes0 libxcb-sync1 libxcb-shm0
  binutils
)
if [ "${WITH_POSTGRES:-0}" = 1 ]; then packages+=(postgresql); fi
# Node.js and npm for the official Wix SDK's test, unless the machine has them already.
if [ "${WITH_NODE:-0}" = 1 ] && ! command -v npm >/dev/null 2>&1; then packages+=(nodejs npm); fi

if ! command -v apt-get >/dev/null 2>&1; then
  echo "No apt-get here: install the Qt 6 runtime libraries for your system (see README)." >&2
  exit 0
fi
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ "${#missing[@]}" -eq 0 ] && exit 0
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
