#!/usr/bin/env bash
# Build cattool.app on macOS (run on a Mac; not built in this project's CI):
#   bash packaging/macos/build_macos.sh
# -> dist/cattool.app, ad-hoc signed, and dist/cattool-VERSION-macos-ARCH.zip.
# The spec's BUNDLE section makes the .app (Info.plist, icon, bundle id). See
# packaging/README.md for signing and Gatekeeper.
set -euo pipefail
cd "$(dirname "$0")/../.."
PYTHON=${PYTHON:-python3}
[ -d .venv ] || "$PYTHON" -m venv .venv
.venv/bin/python -m pip install --quiet -e . -r packaging/requirements.txt
VERSION=$(.venv/bin/python -c 'import tomllib; print(tomllib.load(open("pyproject.toml", "rb"))["project"]["version"])')
rm -rf dist/cattool dist/cattool.app build/pyinstaller
.venv/bin/python -m PyInstaller --noconfirm --clean --log-level WARN \
  --distpath dist --workpath build/pyinstaller packaging/cattool.spec
# Ad-hoc signature: no Apple Developer ID; enough for Apple silicon to run it locally.
codesign --force --deep -s - dist/cattool.app
codesign --verify --deep --strict dist/cattool.app
dist/cattool.app/Contents/MacOS/cattool --version
ditto -c -k --keepParent dist/cattool.app "dist/cattool-$VERSION-macos-$(uname -m).zip"
echo "dist/cattool.app and dist/cattool-$VERSION-macos-$(uname -m).zip"
