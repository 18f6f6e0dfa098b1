#!/bin/sh
# The README's first command: installs what is missing, builds, and starts
# Liaison from the build tree on your desktop.
#
#   build-aux/run.sh [LIAISON_OPTIONS...]
#
# On a machine with no display at all it starts Liaison on a virtual one
# instead, saves a screenshot to build/liaison-screenshot.png and says so.
set -eu
cd "$(dirname "$0")/.."
root=$(pwd)

build-aux/build.sh build

export GSETTINGS_SCHEMA_DIR="$root/build/data${GSETTINGS_SCHEMA_DIR:+:$GSETTINGS_SCHEMA_DIR}"

if [ -n "${DISPLAY:-}" ] || [ -n "${WAYLAND_DISPLAY:-}" ]; then
    exec "$root/build/src/liaison" "$@"
fi

echo "No display found: starting Liaison on a virtual display for a screenshot."
build-aux/screenshot.sh "$root/build/liaison-screenshot.png" "$@"
echo "Screenshot saved to build/liaison-screenshot.png"
