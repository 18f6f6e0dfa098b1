#!/bin/sh
# The README's second command: installs what is missing, builds, and runs
# every test (suites unit, ui and dbus) inside a throwaway headless session.
# Ends with one line, "N passed, N failed[, N skipped]".
#
#   build-aux/test.sh [--sanitize] [MESON_TEST_ARGS...]
#
# --sanitize builds in build-asan with AddressSanitizer and UBSan.
set -eu
cd "$(dirname "$0")/.."

build_dir=build
setup_args=
test_args=
if [ "${1:-}" = "--sanitize" ]; then
    shift
    build_dir=build-asan
    setup_args="-Db_sanitize=address,undefined -Db_lundef=false"
    # Leak checking with full stacks is slow at exit.
    test_args="--timeout-multiplier 5"
fi

# shellcheck disable=SC2086
build-aux/build.sh "$build_dir" $setup_args

rm -f "$build_dir/meson-logs/testlog.json"
# The sandbox's record of every answer, checked by the last test: this run's only.
rm -rf "$build_dir/tests/sandbox-records"
status=0
# shellcheck disable=SC2086
build-aux/headless-session.sh -- meson test -C "$build_dir" --print-errorlogs $test_args "$@" || status=$?

/usr/bin/python3 build-aux/test-summary.py "$build_dir/meson-logs/testlog.json" || status=1
exit $status
