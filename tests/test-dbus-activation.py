#!/usr/bin/python3
"""D-Bus activation, the way a click on a notification starts Liaison:
a private bus whose service folder holds Liaison's service file starts the
app on the first call to its name; the app opens its window on Activate
and leaves the bus on the quit action."""

import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import unittest

BUILD = os.environ["LIA_BUILD_ROOT"]
APP_ID = os.environ["LIA_APP_ID"]
OBJECT_PATH = "/" + APP_ID.replace(".", "/")
BUS_CONFIG = """<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:tmpdir={tmp}</listen>
  <servicedir>{tmp}/services</servicedir>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
"""


# What meson's exitcode protocol counts as skipped.
EXIT_SKIP = 77


class DBusActivation(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="liaison-dbus-")
        os.mkdir(os.path.join(self.tmp, "services"))

        # The service file the build installs, pointed at the binary in the build tree.
        with open(os.path.join(BUILD, "data", f"{APP_ID}.service"), encoding="utf-8") as f:
            self.service = f.read()
        exec_line = f"Exec={BUILD}/src/liaison --gapplication-service"
        local = re.sub(r"^Exec=.*$", exec_line, self.service, flags=re.MULTILINE)
        with open(os.path.join(self.tmp, "services", f"{APP_ID}.service"), "w", encoding="utf-8") as f:
            f.write(local)
        with open(os.path.join(self.tmp, "bus.conf"), "w", encoding="utf-8") as f:
            f.write(BUS_CONFIG.format(tmp=self.tmp))

        self.env = dict(os.environ)
        self.env["XDG_DATA_HOME"] = os.path.join(self.tmp, "data")
        self.env["GSETTINGS_BACKEND"] = "memory"
        self.bus = subprocess.Popen(
            ["dbus-daemon", "--nofork", "--print-address=1", f"--config-file={self.tmp}/bus.conf"],
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=self.env)
        self.env["DBUS_SESSION_BUS_ADDRESS"] = self.bus.stdout.readline().strip()

    def tearDown(self):
        if hasattr(self, "bus"):
            self.bus.terminate()
            self.bus.wait(10)
            self.bus.stdout.close()
        shutil.rmtree(self.tmp, ignore_errors=True)

    def gdbus(self, *args, check=True):
        return subprocess.run(["gdbus", "call", "--session", *args], capture_output=True, text=True,
                              env=self.env, timeout=60, check=check)

    def has_owner(self):
        result = self.gdbus("--dest", "org.freedesktop.DBus", "--object-path", "/org/freedesktop/DBus",
                            "--method", "org.freedesktop.DBus.NameHasOwner", APP_ID)
        return "true" in result.stdout

    def test_service_file(self):
        self.assertRegex(self.service, r"(?m)^\[D-BUS Service\]$")
        self.assertRegex(self.service, rf"(?m)^Name={re.escape(APP_ID)}$")
        self.assertRegex(self.service, r"(?m)^Exec=/\S+/liaison --gapplication-service$")
        with open(os.path.join(BUILD, "data", f"{APP_ID}.desktop"), encoding="utf-8") as f:
            self.assertIn("DBusActivatable=true", f.read())

    def test_activation_opens_window_and_quit_leaves(self):
        self.assertFalse(self.has_owner())

        # The first call starts the app through the service file.
        self.gdbus("--dest", APP_ID, "--object-path", OBJECT_PATH,
                   "--method", "org.freedesktop.Application.Activate", "{}")
        self.assertTrue(self.has_owner())

        actions = self.gdbus("--dest", APP_ID, "--object-path", OBJECT_PATH,
                             "--method", "org.gtk.Actions.List").stdout
        for action in ("quit", "about", "preferences", "shortcuts"):
            self.assertIn(f"'{action}'", actions)

        # Activate opened the main window: GtkApplication exports its actions.
        deadline = time.monotonic() + 10
        window = None
        while time.monotonic() < deadline:
            window = self.gdbus("--dest", APP_ID, "--object-path", f"{OBJECT_PATH}/window/1",
                                "--method", "org.gtk.Actions.List", check=False)
            if window.returncode == 0:
                break
            time.sleep(0.1)
        self.assertEqual(window.returncode, 0, window.stderr)
        self.assertTrue(window.stdout.startswith("("), window.stdout)

        self.gdbus("--dest", APP_ID, "--object-path", OBJECT_PATH,
                   "--method", "org.freedesktop.Application.ActivateAction", "quit", "[]", "{}")
        deadline = time.monotonic() + 10
        while self.has_owner() and time.monotonic() < deadline:
            time.sleep(0.1)
        self.assertFalse(self.has_owner(), "the app did not leave the bus after quit")


if __name__ == "__main__":
    if not os.environ.get("DISPLAY"):
        print("no display: run the tests with build-aux/test.sh", file=sys.stderr)
        sys.exit(EXIT_SKIP)
    unittest.main(verbosity=2)
