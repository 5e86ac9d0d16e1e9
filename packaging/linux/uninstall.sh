#!/usr/bin/env bash
# Remove what install.sh put in ~/.local (or PREFIX). Your cases are NOT removed: they are
# in ~/.local/share/cattool (delete that folder yourself if you really mean to).
set -euo pipefail
PREFIX=${PREFIX:-$HOME/.local}
rm -rf "$PREFIX/lib/cattool" "$PREFIX/lib/cattool.new"
if [ -L "$PREFIX/bin/cattool" ]; then rm -f "$PREFIX/bin/cattool"; fi
rm -f "$PREFIX/share/applications/cattool.desktop" \
  "$PREFIX/share/icons/hicolor/256x256/apps/cattool.png" \
  "$PREFIX/share/icons/hicolor/scalable/apps/cattool.svg"
command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database -q "$PREFIX/share/applications" || true
echo "cattool removed from $PREFIX (your data in ${XDG_DATA_HOME:-$HOME/.local/share}/cattool is kept)"
