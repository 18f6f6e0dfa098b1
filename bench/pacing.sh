#!/bin/sh
# N reads (default 1000) through Liaison's connections against the sandbox
# at HighLevel's documented limit (100 per 10 s): the time, the rate as a
# share of the allowed one, and how many answers were 429. Takes about
# N / 10 seconds.
#
#   bench/pacing.sh [N] [BUILD_DIR]
set -eu
cd "$(dirname "$0")/.."
count=${1:-1000}
build_dir=${2:-build}

build-aux/build.sh "$build_dir" >/dev/null
ninja -C "$build_dir" bench/bench-pacing >/dev/null
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
exec build-aux/headless-session.sh -- "$build_dir/bench/bench-pacing" "$count"
