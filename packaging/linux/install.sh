#!/usr/bin/env bash
# Install cattool for this user (no root needed):
#   the app          -> ~/.local/lib/cattool/
#   the command      -> ~/.local/bin/cattool (a link)
#   the menu entry   -> ~/.local/share/applications/cattool.desktop
#   the icon         -> ~/.local/share/icons/hicolor/{256x256,scalable}/apps/
# Run it from the unpacked tarball: `./install.sh`. PREFIX=/some/where overrides ~/.local.
# Installing again replaces the app; your cases (in ~/.local/share/cattool) are kept.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
PREFIX=${PREFIX:-$HOME/.local}
LIB=$PREFIX/lib/cattool
APPS=$PREFIX/share/applications
ICONS=$PREFIX/share/icons/hicolor

[ -x "$HERE/cattool/cattool" ] || { echo "install.sh: run it from the unpacked cattool folder" >&2; exit 1; }

mkdir -p "$PREFIX/lib" "$PREFIX/bin" "$APPS" "$ICONS/256x256/apps" "$ICONS/scalable/apps"
# Copy to a new folder first, then swap: a failed copy leaves the old install working.
rm -rf "$LIB.new"
cp -a "$HERE/cattool" "$LIB.new"
rm -rf "$LIB"
mv "$LIB.new" "$LIB"
ln -sfn "$LIB/cattool" "$PREFIX/bin/cattool"
install -m 644 "$HERE/cattool.png" "$ICONS/256x256/apps/cattool.png"
install -m 644 "$HERE/cattool.svg" "$ICONS/scalable/apps/cattool.svg"
# The menu entry runs the installed program by its full path (~/.local/bin may not be on PATH).
sed "s|^Exec=.*|Exec=\"$LIB/cattool\"|" "$HERE/cattool.desktop" > "$APPS/cattool.desktop"
chmod 644 "$APPS/cattool.desktop"
command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database -q "$APPS" || true
command -v gtk-update-icon-cache >/dev/null 2>&1 && gtk-update-icon-cache -q -t "$ICONS" || true

echo "cattool $("$LIB/cattool" --version | sed 's/^cattool //') installed in $LIB"
echo "Open it from your applications menu, or run: $PREFIX/bin/cattool"
case ":$PATH:" in
  *":$PREFIX/bin:"*) ;;
  *) echo "(add $PREFIX/bin to your PATH to run 'cattool' by name)";;
esac
