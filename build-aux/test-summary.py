#!/usr/bin/python3
"""Prints "N passed, N failed[, N skipped]" from meson's testlog.json.

Exits 1 when any test failed or when there were no results at all."""

import json
import sys

PASSED = {"OK", "EXPECTEDFAIL"}
SKIPPED = {"SKIP"}


def main():
    passed = failed = skipped = 0
    try:
        with open(sys.argv[1], encoding="utf-8") as f:
            for line in f:
                if not line.strip():
                    continue
                result = json.loads(line)["result"]
                if result in PASSED:
                    passed += 1
                elif result in SKIPPED:
                    skipped += 1
                else:
                    failed += 1
    except FileNotFoundError:
        failed += 1
    summary = f"{passed} passed, {failed} failed"
    if skipped:
        summary += f", {skipped} skipped"
    print(summary)
    return 1 if failed or passed == 0 else 0


if __name__ == "__main__":
    sys.exit(main())
