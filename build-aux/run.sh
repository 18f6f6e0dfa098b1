#!/bin/sh
# The README's first command: installs what is missing, builds, and starts
# Liaison from the build tree on your desktop.
#
#   build-aux/run.sh [LIAISON_OPTIONS...]
#
# On a machine with no display at all it starts Liaison on a virtual one
# instead, saves a screenshot to build/liaison-screenshot.png and says so.
# Options that only print (--help, --version) are passed straight through.
# LIA_BUILD_DIR names another build folder than build.
set -eu
cd "$(dirname "$0")/.."
root=$(pwd)
build_dir=${LIA_BUILD_DIR:-build}

build-aux/build.sh "$build_dir"
build_dir=$(realpath "$build_dir")

export GSETTINGS_SCHEMA_DIR="$build_dir/data${GSETTINGS_SCHEMA_DIR:+:$GSETTINGS_SCHEMA_DIR}"

for arg in "$@"; do
    case "$arg" in
        --) break ;;
        -h|-\?|--help|--help-*|--version) exec "$build_dir/src/liaison" "$@" ;;
    esac
done

if [ -n "${DISPLAY:-}" ] || [ -n "${WAYLAND_DISPLAY:-}" ]; then
    exec "$build_dir/src/liaison" "$@"
fi

echo "No display found: starting Liaison on a virtual display for a screenshot."
LIA_BUILD_DIR="$build_dir" build-aux/screenshot.sh "$build_dir/liaison-screenshot.png" "$@"
echo "Screenshot saved to ${build_dir#"$root"/}/liaison-screenshot.png"
