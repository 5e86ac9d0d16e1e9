#!/usr/bin/env bash
# Build the Linux app from a fresh clone: `make package` (or `bash packaging/build_linux.sh`).
#
#   1. creates .venv and installs cattool into it, as the Makefile does (if not done yet);
#   2. installs PyInstaller from packaging/requirements.txt into the same .venv;
#   3. runs PyInstaller on packaging/cattool.spec -> dist/cattool/ (the one-folder app);
#   4. makes dist/cattool-VERSION-linux-x86_64.tar.gz: the app, install.sh, uninstall.sh,
#      the .desktop entry and the icon.
#
# Then `bash packaging/smoke_test.sh` checks the tarball. Build time and the unpacked size
# are printed at the end (packaging/README.md records them).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
PYTHON=${PYTHON:-python3}
VENV=.venv
BIN=$VENV/bin
start=$(date +%s)

# PyInstaller reads binaries' dependencies with objdump and strips them with strip.
for tool in objdump strip; do
  command -v "$tool" >/dev/null 2>&1 || {
    echo "build_linux.sh: '$tool' is missing: install binutils (sudo apt-get install binutils)" >&2
    exit 1
  }
done

if [ ! -f "$VENV/.installed" ] || [ pyproject.toml -nt "$VENV/.installed" ]; then
  echo "== creating $VENV and installing cattool (as make does)"
  "$PYTHON" -m venv "$VENV"
  "$BIN/python" -m pip install --quiet --upgrade pip
  "$BIN/python" -m pip install --quiet -e '.[dev]'
  touch "$VENV/.installed"
fi

echo "== installing the build tools (packaging/requirements.txt)"
"$BIN/python" -m pip install --quiet -r packaging/requirements.txt

VERSION=$("$BIN/python" -c 'import tomllib; print(tomllib.load(open("pyproject.toml", "rb"))["project"]["version"])')
# The editable install's metadata is what the bundle copies (copy_metadata): it must
# carry pyproject's version, or --version and About would show an old one.
INSTALLED=$("$BIN/python" -c 'from importlib.metadata import version; print(version("cattool"))')
if [ "$INSTALLED" != "$VERSION" ]; then
  echo "== reinstalling cattool: its metadata says $INSTALLED, pyproject.toml says $VERSION"
  "$BIN/python" -m pip install --quiet --no-deps -e .
fi

echo "== PyInstaller: packaging/cattool.spec (cattool $VERSION)"
rm -rf dist/cattool build/pyinstaller
"$BIN/python" -m PyInstaller --noconfirm --clean --log-level WARN \
  --distpath dist --workpath build/pyinstaller packaging/cattool.spec

APP=dist/cattool
[ -x "$APP/cattool" ] || { echo "build failed: $APP/cattool is missing" >&2; exit 1; }

echo "== tarball"
NAME="cattool-$VERSION-linux-$(uname -m)"
STAGE=build/tarball/$NAME
rm -rf build/tarball
mkdir -p "$STAGE"
cp -a "$APP" "$STAGE/cattool"
cp packaging/linux/install.sh packaging/linux/uninstall.sh packaging/linux/cattool.desktop "$STAGE/"
cp packaging/icons/cattool.png packaging/icons/cattool.svg "$STAGE/"
cp packaging/linux/README.txt "$STAGE/README.txt"
chmod +x "$STAGE/install.sh" "$STAGE/uninstall.sh"
TARBALL=dist/$NAME.tar.gz
tar -C build/tarball -czf "$TARBALL" "$NAME"

end=$(date +%s)
size_mb=$(du -sm "$APP" | cut -f1)
tar_mb=$(du -m "$TARBALL" | cut -f1)
echo
echo "Built cattool $VERSION in $((end - start)) s"
echo "  app folder: $ROOT/$APP (${size_mb} MB unpacked)"
echo "  tarball:    $ROOT/$TARBALL (${tar_mb} MB)"
echo "Check it:     bash packaging/smoke_test.sh $TARBALL"
