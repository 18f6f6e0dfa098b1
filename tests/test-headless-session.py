#!/usr/bin/python3
"""build-aux/headless-session.sh is a throwaway session: a setting written
inside it reads back inside it, nothing lands in the caller's home or
runtime folder (the bus and the services it starts, dconf among them, live
in the session's folder), and the session's own services print nothing on
the command's stdout or stderr."""

import os
import shutil
import subprocess
import tempfile
import unittest

SOURCE = os.environ["LIA_SOURCE_ROOT"]
BUILD = os.environ["LIA_BUILD_ROOT"]
APP_ID = os.environ["LIA_APP_ID"]
SESSION = os.path.join(SOURCE, "build-aux", "headless-session.sh")
OBJECT_PATH = "/" + APP_ID.replace(".", "/")


def files_under(path):
    return sorted(os.path.relpath(os.path.join(root, name), path)
                  for root, dirs, files in os.walk(path) for name in dirs + files)


class HeadlessSession(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="liaison-session-test-")
        # The caller's home and runtime folder, watched for anything written there.
        self.home = os.path.join(self.tmp, "home")
        self.runtime = os.path.join(self.tmp, "runtime")
        os.mkdir(self.home)
        os.mkdir(self.runtime, 0o700)

        self.env = dict(os.environ)
        for name in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME",
                     "DBUS_SESSION_BUS_ADDRESS", "DISPLAY", "GSETTINGS_BACKEND"):
            self.env.pop(name, None)
        self.env["HOME"] = self.home
        self.env["XDG_RUNTIME_DIR"] = self.runtime
        self.env["TMPDIR"] = os.path.join(self.tmp, "tmp")
        os.mkdir(self.env["TMPDIR"])
        self.env["GSETTINGS_SCHEMA_DIR"] = os.path.join(BUILD, "data")

    def tearDown(self):
        shutil.rmtree(self.tmp, ignore_errors=True)

    def session(self, script, env=None):
        return subprocess.run([SESSION, "--", "sh", "-c", script], capture_output=True, text=True,
                              env=env or self.env, timeout=120)

    def assert_nothing_left(self):
        self.assertEqual(files_under(self.home), [], "written to the caller's home")
        self.assertEqual(files_under(self.runtime), [], "written to the caller's runtime folder")
        self.assertEqual(files_under(self.env["TMPDIR"]), [], "the session folder was left behind")

    def test_settings_read_back_inside_the_session(self):
        result = self.session(f"""
            gsettings set {APP_ID} last-page runs
            gsettings get {APP_ID} last-page
            echo "$HOME"
            echo "$XDG_RUNTIME_DIR"
        """)
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(result.stderr, "")
        value, home, runtime = result.stdout.splitlines()
        self.assertEqual(value, "'runs'")
        self.assertTrue(home.startswith(self.env["TMPDIR"] + os.sep), home)
        self.assertTrue(runtime.startswith(self.env["TMPDIR"] + os.sep), runtime)
        self.assert_nothing_left()

    def test_each_session_starts_afresh(self):
        first = self.session(f"gsettings set {APP_ID} last-page runs")
        self.assertEqual(first.returncode, 0, first.stderr)
        second = self.session(f"gsettings get {APP_ID} last-page")
        self.assertEqual(second.returncode, 0, second.stderr)
        self.assertEqual(second.stdout, "'overview'\n")
        self.assert_nothing_left()

    def test_quiet_with_accessibility_on(self):
        env = dict(self.env)
        # As a person runs it: the accessibility bus and its registry start.
        env.pop("GTK_A11Y", None)
        env.pop("NO_AT_BRIDGE", None)
        env["GSETTINGS_BACKEND"] = "memory"
        result = self.session(f"""
            {BUILD}/src/liaison &
            gdbus wait --session --timeout 30 {APP_ID}
            sleep 1
            gdbus call --session --dest {APP_ID} --object-path {OBJECT_PATH} \\
                --method org.freedesktop.Application.ActivateAction quit "[]" "{{}}" >/dev/null
            wait
        """, env=env)
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(result.stdout, "")
        self.assertEqual(result.stderr, "")
        self.assert_nothing_left()

    def test_exit_status_is_the_command_s(self):
        result = self.session("exit 3")
        self.assertEqual(result.returncode, 3)
        self.assert_nothing_left()


if __name__ == "__main__":
    unittest.main(verbosity=2)
