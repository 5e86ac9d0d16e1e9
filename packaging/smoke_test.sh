#!/usr/bin/env bash
# Smoke test of the BUILT Linux app. Exits non-zero on the first failure.
#
#   bash packaging/smoke_test.sh [TARGET]
#
# TARGET: the tarball (default: the newest dist/cattool-*-linux-*.tar.gz), the one-folder
# app (dist/cattool), or any `cattool` program (e.g. .venv/bin/cattool, to try the script).
# A tarball is unpacked and installed with its install.sh into a scratch PREFIX, and the
# installed program is tested; uninstall.sh is checked at the end.
#
# Everything happens in a scratch folder: HOME, the data folder and the XDG folders point
# there, and D-Bus is unset, so the real keyring and the user's cases are never touched.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
EXPECTED=$(sed -n 's/^version *= *"\(.*\)"/\1/p' pyproject.toml | head -n 1)

TARGET=${1:-}
if [ -z "$TARGET" ]; then
  TARGET=$(ls -t dist/cattool-*-linux-*.tar.gz 2>/dev/null | head -n 1 || true)
  [ -n "$TARGET" ] || { echo "smoke test: no tarball in dist/ (run make package first)" >&2; exit 1; }
fi
case "$TARGET" in /*) ;; *) TARGET=$ROOT/$TARGET;; esac

SCRATCH=$(mktemp -d "${TMPDIR:-/tmp}/cattool-smoke.XXXXXX")
trap 'rm -rf "$SCRATCH"' EXIT
export HOME=$SCRATCH/home XDG_DATA_HOME=$SCRATCH/home/.local/share \
  XDG_CONFIG_HOME=$SCRATCH/home/.config XDG_CACHE_HOME=$SCRATCH/home/.cache \
  CATTOOL_DATA_DIR=$SCRATCH/data CATTOOL_SECRETS_PASSPHRASE=smoke-test-passphrase
unset DBUS_SESSION_BUS_ADDRESS CATTOOL_DB CATTOOL_QUIT_WHEN_SHOWN
mkdir -p "$HOME" "$CATTOOL_DATA_DIR"

step_start=0
step() { step_start=$(date +%s%N); printf '%-58s' "$1"; }
ok() { local ms=$((($(date +%s%N) - step_start) / 1000000)); printf 'ok  (%d.%d s)\n' $((ms / 1000)) $((ms % 1000 / 100)); }
fail() { echo "FAILED"; echo "  $*" >&2; exit 1; }
run() {  # run the app, keep its output in $SCRATCH/out, fail with it shown
  if ! "$APP" "$@" >"$SCRATCH/out" 2>&1; then
    sed 's/^/  | /' "$SCRATCH/out" >&2
    fail "cattool $* exited with an error"
  fi
}
expect() { grep -q -- "$1" "$SCRATCH/out" || { sed 's/^/  | /' "$SCRATCH/out" >&2; fail "expected: $1"; }; }

total_start=$(date +%s)
PREFIX=""
if [ -f "$TARGET" ] && [[ "$TARGET" == *.tar.gz ]]; then
  echo "tarball: $TARGET"
  step "unpack it, run install.sh (scratch PREFIX)"
  tar -C "$SCRATCH" -xzf "$TARGET"
  UNPACKED=$(find "$SCRATCH" -mindepth 1 -maxdepth 1 -type d -name 'cattool-*' | head -n 1)
  [ -n "$UNPACKED" ] || fail "the tarball has no cattool-VERSION-... folder"
  PREFIX=$SCRATCH/prefix
  PREFIX=$PREFIX bash "$UNPACKED/install.sh" >"$SCRATCH/out" 2>&1 || { cat "$SCRATCH/out" >&2; fail "install.sh failed"; }
  APP=$PREFIX/bin/cattool
  [ -x "$APP" ] || fail "install.sh did not put $APP in place"
  DESKTOP=$PREFIX/share/applications/cattool.desktop
  [ -f "$DESKTOP" ] || fail "install.sh did not install the .desktop entry"
  grep -q "^Exec=\"$PREFIX/lib/cattool/cattool\"" "$DESKTOP" || fail ".desktop Exec does not point at the install"
  [ -f "$PREFIX/share/icons/hicolor/256x256/apps/cattool.png" ] || fail "icon not installed"
  if command -v desktop-file-validate >/dev/null 2>&1; then
    desktop-file-validate "$DESKTOP" || fail "desktop-file-validate rejects the .desktop entry"
  fi
  BUNDLE=$PREFIX/lib/cattool
  ok
elif [ -d "$TARGET" ]; then
  APP=$TARGET/cattool
  BUNDLE=$TARGET
else
  APP=$TARGET
  BUNDLE=""
fi
[ -x "$APP" ] || fail "no cattool program at $APP"
echo "testing $APP"

if [ -n "$BUNDLE" ]; then
  step "bundle: keyring's backends and cattool's metadata"
  internal=$BUNDLE/_internal
  ls "$internal"/keyring-*.dist-info/entry_points.txt >/dev/null 2>&1 \
    || fail "keyring's entry points (its backends) are not in the bundle"
  grep -q "keyring.backends" "$internal"/keyring-*.dist-info/entry_points.txt \
    || fail "keyring's entry points do not list its backends"
  [ -f "$internal/cattool-$EXPECTED.dist-info/METADATA" ] \
    || fail "cattool-$EXPECTED.dist-info is not in the bundle (the version would show wrong)"
  [ -f "$internal/cattool/core/migrations/env.py" ] || fail "the migrations are not in the bundle"
  [ -f "$internal/cattool/resources/documents/house-style.docx" ] || fail "resources missing"
  ok
fi

step "--version prints $EXPECTED"
run --version
expect "^cattool $EXPECTED\$"
ok

DB=$SCRATCH/smoke.db
step "fresh database: case new, event add"
run --db "$DB" case new "The Red Lion" --regime england-2011 --reference RL
run --db "$DB" --today 2026-03-10 event add RL owner-notice-received 2/3/2026
expect "Mon 2 Mar 2026"
run --db "$DB" --today 2026-03-10 event add RL listed "1st February 2025"  # dateparser
expect "Sat 1 Feb 2025"
ok

step "deadlines (the interim moratorium, bank holidays)"
run --db "$DB" --today 2026-03-10 deadlines RL
expect "Sun 12 Apr 2026  upcoming"
expect "Interim moratorium ends"
run --db "$DB" --today 2026-03-10 deadlines RL --json
expect '"date": "2026-04-12"'
ok

step "agenda and calendar export"
run --db "$DB" --today 2026-03-10 agenda --days 60
expect "The Red Lion"
run --db "$DB" --today 2026-03-10 calendar RL --out "$SCRATCH/rl.ics"
grep -q "BEGIN:VCALENDAR" "$SCRATCH/rl.ics" || fail "no calendar written"
ok

step "docs: generate a document (.docx)"
mkdir -p "$SCRATCH/docs"
run --db "$DB" --today 2026-03-10 docs RL --out "$SCRATCH/docs" --kind adviser-summary
docx=$(find "$SCRATCH/docs" -name '*.docx' | head -n 1)
[ -n "$docx" ] || fail "no .docx written"
python3 -c 'import sys,zipfile; sys.exit("The Red Lion" not in zipfile.ZipFile(sys.argv[1]).read("word/document.xml").decode())' "$docx" \
  || fail "the document does not name the case"
ok

step "demo cases, money, lease (bundled resources)"
DEMO=$SCRATCH/demo.db
run --db "$DEMO" demo
run --db "$DEMO" case list
[ "$(wc -l <"$SCRATCH/out")" -ge 3 ] || fail "the demo added too few cases"
run --db "$DEMO" regimes
expect "england-2026"
run --db "$DEMO" money DEMO-STRETFORD-HALL
expect "^Need: £"
run --db "$DEMO" lease DEMO-HENDON-LIBRARY
expect "Hendon Library CAT lease"
ok

step "docs with charts (Pillow): support report, share offer"
mkdir -p "$SCRATCH/docs2"
run --db "$DEMO" docs DEMO-STRETFORD-HALL --out "$SCRATCH/docs2" \
  --kind support-report --kind share-offer-summary
[ "$(find "$SCRATCH/docs2" -name '*.docx' | wc -l)" -eq 2 ] || fail "expected two .docx files"
python3 -c 'import sys,zipfile; sys.exit(not any(n.startswith("word/media/") for f in sys.argv[1:] for n in zipfile.ZipFile(f).namelist()))' \
  "$SCRATCH"/docs2/*.docx || fail "no chart picture in the documents"
ok

step "case file: key, signed export, verify, import"
run --db "$DB" key show
run --db "$DB" export RL --sign --out "$SCRATCH/rl.cattool"
[ -s "$SCRATCH/rl.cattool" ] || fail "no case file written"
run --db "$DB" verify "$SCRATCH/rl.cattool"
run --db "$SCRATCH/imported.db" import "$SCRATCH/rl.cattool"
run --db "$SCRATCH/imported.db" case list
expect "The Red Lion"
ok

step "team mode: the PostgreSQL driver is bundled"
# No server here: a plain "cannot connect" proves psycopg and its C library loaded.
if "$APP" --db "postgresql+psycopg://smoke@127.0.0.1:1/cattool" case list \
  </dev/null >"$SCRATCH/out" 2>&1; then
  fail "connecting to a closed port succeeded?"
fi
grep -q "No module named\|ImportError\|libpq" "$SCRATCH/out" && { cat "$SCRATCH/out" >&2; fail "psycopg is not usable"; }
expect "Cannot connect"
ok

step "main window opens offscreen, shows the cases, quits"
if ! QT_QPA_PLATFORM=offscreen CATTOOL_QUIT_WHEN_SHOWN=1 timeout 120 \
  "$APP" --db "$DEMO" >"$SCRATCH/out" 2>&1; then
  sed 's/^/  | /' "$SCRATCH/out" >&2
  fail "the window did not open and quit cleanly"
fi
expect "^cattool-cases-shown "
ok

if [ -n "$PREFIX" ]; then
  step "uninstall.sh removes the app, keeps the data"
  PREFIX=$PREFIX bash "$UNPACKED/uninstall.sh" >/dev/null
  [ ! -e "$PREFIX/lib/cattool" ] && [ ! -e "$PREFIX/bin/cattool" ] \
    && [ ! -e "$PREFIX/share/applications/cattool.desktop" ] || fail "something was left behind"
  [ -f "$DB" ] || fail "uninstall removed data"
  ok
fi

echo "smoke test passed: cattool $EXPECTED in $(( $(date +%s) - total_start )) s"
