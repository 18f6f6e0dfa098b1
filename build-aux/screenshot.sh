#!/bin/sh
# Starts Liaison from the build tree in a throwaway headless session, waits
# for its window, and saves a screenshot of that window.
#
#   build-aux/screenshot.sh OUTPUT.png [LIAISON_OPTIONS...]
#
# LIA_BUILD_DIR names another build folder than build; LIA_SCREENSHOT_TITLE
# another window's title than "Liaison" (say "Set Up Liaison").
set -eu
cd "$(dirname "$0")/.."
build_dir=$(realpath "${LIA_BUILD_DIR:-build}")

output=$(realpath -m "$1")
shift

if [ -z "${LIA_SCREENSHOT_INSIDE:-}" ]; then
    export LIA_SCREENSHOT_INSIDE=1
    exec build-aux/headless-session.sh -- "$0" "$output" "$@"
fi

export GSETTINGS_SCHEMA_DIR="$build_dir/data"
export GSETTINGS_BACKEND=memory
export GTK_A11Y=none

title=${LIA_SCREENSHOT_TITLE:-Liaison}
log=$(mktemp)
"$build_dir/src/liaison" "$@" 2>"$log" &
pid=$!
tries=0
window=
while [ -z "$window" ]; do
    window=$(xwininfo -root -tree 2>/dev/null | awk -v t="\"$title\"" 'index($0, t) && $0 !~ / 1x1+/ { print $1; exit }')
    tries=$((tries + 1))
    if [ -z "$window" ] && { [ $tries -gt 100 ] || ! kill -0 $pid 2>/dev/null; }; then
        echo "screenshot: Liaison's window did not appear" >&2
        cat "$log" >&2
        exit 1
    fi
    [ -z "$window" ] && sleep 0.1
done
# Let the first frames settle.
sleep 1.5
import -window "$window" "$output"
kill $pid 2>/dev/null || true
wait $pid 2>/dev/null || true
if [ -s "$log" ]; then
    echo "screenshot: Liaison wrote to stderr:" >&2
    cat "$log" >&2
fi
rm -f "$log"
