#!/bin/sh
# Installs what is missing, then configures and builds Liaison in BUILD_DIR
# (default: build). Extra arguments go to `meson setup`.
#   build-aux/build.sh [BUILD_DIR [MESON_SETUP_ARGS...]]
set -eu
cd "$(dirname "$0")/.."

"build-aux/install-deps.sh"

build_dir=${1:-build}
[ $# -gt 0 ] && shift

if [ ! -f "$build_dir/build.ninja" ]; then
    meson setup "$build_dir" "$@" >"${TMPDIR:-/tmp}/liaison-meson-setup.log" 2>&1 || {
        cat "${TMPDIR:-/tmp}/liaison-meson-setup.log" >&2
        exit 1
    }
fi
ninja -C "$build_dir" >"${TMPDIR:-/tmp}/liaison-ninja.log" 2>&1 || {
    cat "${TMPDIR:-/tmp}/liaison-ninja.log" >&2
    exit 1
}
