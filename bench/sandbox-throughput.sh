#!/bin/sh
# Benchmark: liaison-sandbox's throughput and memory.
#
#   bench/sandbox-throughput.sh [BUILD_DIR]
#
# 1. Throughput: the sandbox pinned to one core (taskset), latency 0, limits
#    off, 1 000 people; wrk on the other core sends GET /contacts/{id} (the
#    HighLevel emulator, a private integration token, keep-alive, 8
#    connections, 10 s). Prints requests per second.
# 2. Memory: the sandbox with 100 000 people; prints its VmRSS once listening
#    and after a full dump.
#
# Targets (issue #3): >= 3 000 requests/s on one core; < 300 MB RSS.
set -eu
cd "$(dirname "$0")/.."
build_dir=${1:-build}

if ! command -v wrk >/dev/null 2>&1; then
    sudo=; [ "$(id -u)" -eq 0 ] || sudo=sudo
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends wrk >/dev/null
fi
build-aux/build.sh "$build_dir" >/dev/null

sandbox="$build_dir/src/liaison-sandbox"
tmp=$(mktemp -d)
pid=
cleanup() {
    [ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
    rm -rf "$tmp"
}
trap cleanup EXIT INT TERM

start() {
    # $1: the core to pin to, then the sandbox's flags
    core=$1; shift
    rm -f "$tmp/line"
    taskset -c "$core" "$sandbox" "$@" >"$tmp/line" &
    pid=$!
    while [ ! -s "$tmp/line" ]; do sleep 0.05; done
}
stop() {
    kill "$pid"; wait "$pid" || true; pid=
}
field() {
    /usr/bin/python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))[sys.argv[2]])' "$tmp/line" "$1"
}

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"

# 1. Throughput
start 0 --contacts 1000 --seed 7 --rate-limit off --daily-limit off
ghl=$(field ghl_url); token=$(field private_token); location=$(field location_id)
contact=$(curl -sf -H "Authorization: Bearer $token" -H "Version: 2021-07-28" \
    "$ghl/contacts/?locationId=$location&limit=1" |
    /usr/bin/python3 -c 'import json,sys; print(json.load(sys.stdin)["contacts"][0]["id"])')
# wrk prints the token in nothing but its own request headers.
taskset -c 1 wrk -t1 -c8 -d10s -H "Authorization: Bearer $token" -H "Version: 2021-07-28" \
    "$ghl/contacts/$contact" >"$tmp/wrk"
rate=$(awk '/Requests\/sec/ {print $2}' "$tmp/wrk")
errors=$(awk '/Non-2xx/ {print $NF}' "$tmp/wrk")
echo "GET /contacts/{id}: $rate requests/s on one core (target 3000)${errors:+, $errors non-2xx answers}"
stop

# 2. Memory
start 0 --contacts 100000 --seed 7 --rate-limit off --daily-limit off
rss=$(awk '/VmRSS/ {print $2}' "/proc/$pid/status")
echo "100 000 people: $((rss / 1024)) MB RSS once listening (target < 300)"
curl -sf "$(field ghl_url)/_sandbox/dump" >/dev/null
curl -sf "$(field mojo_url)/_sandbox/dump" >/dev/null
rss=$(awk '/VmRSS/ {print $2}' "/proc/$pid/status")
echo "100 000 people: $((rss / 1024)) MB RSS after both dumps"
stop
