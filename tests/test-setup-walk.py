#!/usr/bin/python3
"""`liaison --sandbox` on a fresh profile, walked with the keyboard alone as a
new user would: the setup opens by itself on the sandbox's path, Enter signs
in, no browser can open here, so Enter approves the sandbox's consent in
Liaison, Enter connects Mojo Helpdesk, Enter after the tests, Enter to start.
Then `liaison-cli status --json` reads both connections back as connected.
Each step's window is saved in build/tests/setup-walk/ (the README's
screenshot comes from there)."""

import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import unittest

BUILD = os.environ["LIA_BUILD_ROOT"]
EXIT_SKIP = 77
SHOTS = os.path.join(BUILD, "tests", "setup-walk")


def run(*args, **kwargs):
    return subprocess.run(args, capture_output=True, text=True, timeout=30, **kwargs)


def find_window(name, deadline):
    while time.monotonic() < deadline:
        result = run("xdotool", "search", "--onlyvisible", "--name", name)
        if result.stdout.strip():
            return result.stdout.split()[0]
        time.sleep(0.2)
    return None


class SetupWalk(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="liaison-walk-")
        self.profile = os.path.join(self.tmp, "profile")
        # No application can open web addresses: a machine without a desktop.
        system = os.path.join(self.tmp, "system")
        os.makedirs(system)
        for name in ("icons", "mime", "glib-2.0"):
            os.symlink(os.path.join("/usr/share", name), os.path.join(system, name))
        self.env = dict(os.environ, GSETTINGS_BACKEND="memory", XDG_DATA_DIRS=system,
                        XDG_DATA_HOME=os.path.join(self.tmp, "data"),
                        XDG_CONFIG_HOME=os.path.join(self.tmp, "config"))
        self.app = None

    def tearDown(self):
        if self.app is not None and self.app.poll() is None:
            self.app.kill()
            self.app.wait()
        # Leave the session's keyring as it was.
        for service in ("ghl", "mojo"):
            run(os.path.join(BUILD, "src", "liaison-cli"), "--profile", self.profile,
                "disconnect", service, env=self.env)
        shutil.rmtree(self.tmp, ignore_errors=True)

    def shot(self, window, name):
        os.makedirs(SHOTS, exist_ok=True)
        run("import", "-window", window, os.path.join(SHOTS, name + ".png"))

    def press_enter(self, window):
        run("xdotool", "windowfocus", window)
        time.sleep(0.2)
        run("xdotool", "key", "--clearmodifiers", "Return")

    def wait_for(self, condition, what, seconds=20):
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if condition():
                return
            if self.app.poll() is not None:
                self.fail("Liaison quit: " + self.app.stderr.read())
            time.sleep(0.2)
        self.fail("waited in vain for " + what)

    def connections(self):
        try:
            with open(os.path.join(self.profile, "connections.json"), encoding="utf-8") as f:
                return json.load(f)
        except (OSError, ValueError):
            return {}

    def test_walk_the_sandbox_path(self):
        self.app = subprocess.Popen([os.path.join(BUILD, "src", "liaison"), "--sandbox",
                                     "--profile", self.profile],
                                    stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                    env=self.env)
        setup = find_window("^Set Up Liaison$", time.monotonic() + 30)
        self.assertIsNotNone(setup, "the setup did not open by itself")
        time.sleep(1)  # the sandbox starts; its app is filled in
        self.shot(setup, "1-highlevel")

        self.press_enter(setup)  # Sign In
        time.sleep(2)  # no browser: the window offers to approve
        self.shot(setup, "2-sign-in")
        self.assertNotIn("ghl", self.connections())

        # Escape closes the setup mid-way; the main menu's Set Up
        # Connections (app.setup) opens it again, ready for Enter.
        run("xdotool", "key", "--clearmodifiers", "Escape")
        self.wait_for(lambda: run("xdotool", "search", "--onlyvisible", "--name",
                                  "^Set Up Liaison$").stdout.strip() == "", "Escape to close the setup")
        app_id = os.environ.get("LIA_APP_ID", "app.liaison.Liaison")
        result = run("gdbus", "call", "--session", "--dest", app_id, "--object-path",
                     "/" + app_id.replace(".", "/"), "--method", "org.gtk.Actions.Activate",
                     "setup", "[]", "{}", env=self.env)
        self.assertEqual(result.returncode, 0, result.stderr)
        setup = find_window("^Set Up Liaison$", time.monotonic() + 10)
        self.assertIsNotNone(setup, "the setup did not open again")
        time.sleep(0.5)
        self.press_enter(setup)  # Sign In, again
        time.sleep(2)
        self.assertNotIn("ghl", self.connections())

        self.press_enter(setup)  # Approve in Liaison
        self.wait_for(lambda: "ghl" in self.connections(), "HighLevel connected")
        time.sleep(0.5)
        self.shot(setup, "3-mojo")

        self.press_enter(setup)  # Connect
        self.wait_for(lambda: "mojo" in self.connections(), "Mojo Helpdesk connected")
        time.sleep(1.5)  # both tests read a record
        self.shot(setup, "4-test")

        self.press_enter(setup)  # Continue
        time.sleep(0.5)
        self.shot(setup, "5-done")
        self.press_enter(setup)  # Start Using Liaison
        self.wait_for(lambda: run("xdotool", "search", "--onlyvisible", "--name",
                                  "^Set Up Liaison$").stdout.strip() == "", "the setup to close")

        status = run(os.path.join(BUILD, "src", "liaison-cli"), "--profile", self.profile,
                     "status", "--json", env=self.env)
        self.assertEqual(status.returncode, 0, status.stderr)
        report = json.loads(status.stdout)
        self.assertEqual(report["ghl"]["state"], "connected")
        self.assertIn("contacts.write", report["ghl"]["scopes"])
        self.assertTrue(report["ghl"]["location_id"])
        self.assertEqual(report["mojo"]["state"], "connected")

        # The main window's Connections page shows both.
        main = find_window("^Liaison$", time.monotonic() + 10)
        self.assertIsNotNone(main)
        run("xdotool", "windowfocus", main)
        time.sleep(0.2)
        run("xdotool", "key", "--clearmodifiers", "alt+2")
        time.sleep(1)
        self.shot(main, "6-connections")

        self.app.send_signal(signal.SIGTERM)
        out, err = self.app.communicate(timeout=30)
        self.assertEqual(self.app.returncode, 0, err)
        self.assertEqual(err, "")


if __name__ == "__main__":
    if not os.environ.get("DISPLAY"):
        print("no display: skipped", file=sys.stderr)
        sys.exit(EXIT_SKIP)
    if not os.environ.get("DBUS_SESSION_BUS_ADDRESS") or shutil.which("xdotool") is None:
        print("no session bus or no xdotool: skipped", file=sys.stderr)
        sys.exit(EXIT_SKIP)
    unittest.main(verbosity=2)
