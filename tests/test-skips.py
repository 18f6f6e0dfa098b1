#!/usr/bin/python3
"""Without a display, plain `meson test` counts the widget and D-Bus tests as
skipped (not as errors, not as passes), and build-aux/test-summary.py counts
meson's results the way its closing line says."""

import json
import os
import subprocess
import tempfile
import unittest

SOURCE = os.environ["LIA_SOURCE_ROOT"]
BUILD = os.environ["LIA_BUILD_ROOT"]
SUMMARY = os.path.join(SOURCE, "build-aux", "test-summary.py")
NEEDS_DISPLAY = ["test-window", "test-application", "dbus-activation"]


def summarize(path):
    return subprocess.run(["/usr/bin/python3", SUMMARY, path], capture_output=True, text=True, timeout=60)


class Skips(unittest.TestCase):
    def test_without_display_meson_counts_skips(self):
        env = dict(os.environ)
        env.pop("DISPLAY", None)
        env.pop("WAYLAND_DISPLAY", None)
        result = subprocess.run(["meson", "test", "-C", BUILD, "--no-rebuild", "--logbase", "skips",
                                 *NEEDS_DISPLAY], capture_output=True, text=True, env=env, timeout=300)
        self.assertEqual(result.returncode, 0, result.stdout + result.stderr)

        log = os.path.join(BUILD, "meson-logs", "skips.json")
        with open(log, encoding="utf-8") as f:
            # Names are "project:suite / test".
            results = {r["name"].split(" / ")[-1]: r["result"]
                       for r in map(json.loads, filter(str.strip, f))}
        self.assertEqual(results, {name: "SKIP" for name in NEEDS_DISPLAY})

        # Nothing ran: the summary says so, and does not call it a success.
        summary = summarize(log)
        self.assertEqual(summary.stdout, "0 passed, 0 failed, 3 skipped\n")
        self.assertEqual(summary.returncode, 1)

    def test_summary_counts_each_result(self):
        results = ["OK", "OK", "EXPECTEDFAIL", "SKIP", "FAIL", "ERROR", "TIMEOUT", "UNEXPECTEDPASS"]
        with tempfile.NamedTemporaryFile("w", suffix=".json", encoding="utf-8") as f:
            for i, result in enumerate(results):
                f.write(json.dumps({"name": f"t{i}", "result": result}) + "\n")
            f.flush()
            summary = summarize(f.name)
        self.assertEqual(summary.stdout, "3 passed, 4 failed, 1 skipped\n")
        self.assertEqual(summary.returncode, 1)

        with tempfile.NamedTemporaryFile("w", suffix=".json", encoding="utf-8") as f:
            f.write('{"name": "a", "result": "OK"}\n{"name": "b", "result": "SKIP"}\n')
            f.flush()
            summary = summarize(f.name)
        self.assertEqual(summary.stdout, "1 passed, 0 failed, 1 skipped\n")
        self.assertEqual(summary.returncode, 0)

    def test_summary_without_log_fails(self):
        summary = summarize(os.path.join(BUILD, "meson-logs", "no-such-log.json"))
        self.assertEqual(summary.stdout, "0 passed, 1 failed\n")
        self.assertEqual(summary.returncode, 1)


if __name__ == "__main__":
    unittest.main(verbosity=2)
