#!/usr/bin/env bash
# Installs the system libraries Qt needs (offscreen tests and a real window) on
# Debian/Ubuntu when they are missing. Nothing to do on macOS, where the PySide6 wheel
# brings what it needs. Prints what it does; never asks questions.
set -euo pipefail

[ "$(uname -s)" = "Linux" ] || exit 0
command -v dpkg >/dev/null 2>&1 || { echo "system-deps: not a Debian-like system; install Qt's runtime libraries (libGL, libEGL, xkbcommon, fontconfig, dbus) with your package manager if the app does not start." >&2; exit 0; }

PACKAGES=(
  # Qt offscreen (tests)
  libgl1 libegl1 libxkbcommon0 libglib2.0-0 libfontconfig1 libfreetype6 libdbus-1-3
  # Qt on X11 (the real window)
  libx11-xcb1 libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-randr0
  libxcb-render-util0 libxcb-shape0 libxcb-xkb1 libxkbcommon-x11-0
  # reading PDFs back in tests (pdffonts, pdftotext, pdftoppm; qpdf --check for PDF/A)
  poppler-utils qpdf
)

missing=()
for pkg in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "system-deps: installing ${missing[*]}"
if [ "$(id -u)" -eq 0 ]; then SUDO=""; elif command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
  echo "system-deps: missing ${missing[*]} and no root/sudo: install them, then run make again." >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
