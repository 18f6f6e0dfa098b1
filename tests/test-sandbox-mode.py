#!/usr/bin/python3
"""Sandbox mode in the real app: `liaison --sandbox` starts the emulators in
its own process, and a polite kill (SIGTERM) quits as Ctrl+Q does, leaving
the sandbox's data in the profile, with nothing on stderr."""

import json
import os
import signal
import subprocess
import sys
import tempfile
import time
import unittest

BUILD = os.environ["LIA_BUILD_ROOT"]
EXIT_SKIP = 77


class SandboxMode(unittest.TestCase):
    def test_sigterm_saves_the_sandbox(self):
        with tempfile.TemporaryDirectory() as profile:
            env = dict(os.environ, GSETTINGS_BACKEND="memory")
            app = subprocess.Popen([os.path.join(BUILD, "src", "liaison"), "--sandbox",
                                    "--profile", profile],
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
            state = os.path.join(profile, "sandbox.json")
            # The window and the sandbox come up; the sandbox writes its
            # data at its first save, within a few seconds.
            deadline = time.monotonic() + 20
            while not os.path.exists(state) and time.monotonic() < deadline and app.poll() is None:
                time.sleep(0.1)
            self.assertIsNone(app.poll(), app.stderr.read() if app.poll() is not None else "")
            self.assertTrue(os.path.exists(state))
            os.remove(state)

            app.send_signal(signal.SIGTERM)
            out, err = app.communicate(timeout=30)
            self.assertEqual(app.returncode, 0, err)
            self.assertEqual(err, "")
            # Quitting saved it again.
            with open(state, encoding="utf-8") as f:
                saved = json.load(f)
            self.assertEqual(saved["format"], 1)
            self.assertIn("ghl", saved)
            self.assertIn("mojo", saved)


if __name__ == "__main__":
    if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
        print("no display: skipped", file=sys.stderr)
        sys.exit(EXIT_SKIP)
    unittest.main(verbosity=2)
