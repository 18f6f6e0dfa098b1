#!/usr/bin/python3
"""A HighLevel sign-in that ended while Liaison was closed: at start Liaison
checks each connection, finds that the refresh is refused ("Location is not
active"), and sends a desktop notification whose button signs in again; the
button's action (app.reconnect) opens the setup on the HighLevel step. The
notification server is python-dbusmock's, in the throwaway session of
build-aux/test.sh."""

import http.client
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import unittest
import urllib.parse

from sandboxlib import Sandbox

BUILD = os.environ["LIA_BUILD_ROOT"]
CLI = os.path.join(BUILD, "src", "liaison-cli")
APP_ID = os.environ.get("LIA_APP_ID", "app.liaison.Liaison")
EXIT_SKIP = 77


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(url):
    parts = urllib.parse.urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    connection.request("GET", parts.path + ("?" + parts.query if parts.query else ""))
    answer = connection.getresponse()
    answer.read()
    connection.close()
    return answer.status, {k.lower(): v for k, v in answer.getheaders()}


class Notifications(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="liaison-notify-")
        self.profile = os.path.join(self.tmp, "profile")
        self.env = dict(os.environ, GSETTINGS_BACKEND="memory", GNOTIFICATION_BACKEND="freedesktop")
        self.log_path = os.path.join(self.tmp, "notifications.log")
        self.log_file = open(self.log_path, "w")
        self.daemon = subprocess.Popen([sys.executable, "-m", "dbusmock", "--session", "-t",
                                        "notification_daemon"],
                                       stdout=self.log_file, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 20
        while subprocess.run(["gdbus", "introspect", "--session", "--dest",
                              "org.freedesktop.Notifications", "--object-path",
                              "/org/freedesktop/Notifications"],
                             capture_output=True).returncode != 0:
            self.assertLess(time.monotonic(), deadline, "no notification server")
            time.sleep(0.1)
        self.app = None

    def tearDown(self):
        if self.app is not None and self.app.poll() is None:
            self.app.kill()
            self.app.wait()
        self.daemon.terminate()
        self.daemon.wait()
        self.log_file.close()
        for service in ("ghl", "mojo"):
            subprocess.run([CLI, "disconnect", service, "--profile", self.profile],
                           capture_output=True, env=self.env)
        shutil.rmtree(self.tmp, ignore_errors=True)

    def connect(self, sb, port):
        process = subprocess.Popen([CLI, "connect", "ghl", "--no-browser", "--profile", self.profile,
                                    "--client-id", sb.info["client_id"], "--client-secret-stdin",
                                    "--auth-url", sb.info["auth_url"], "--api-url", sb.ghl_url,
                                    "--redirect-port", str(port), "--scope", "contacts.readonly"],
                                   stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                   stderr=subprocess.PIPE, text=True, env=self.env)
        process.stdin.write(sb.info["client_secret"] + "\n")
        process.stdin.close()
        url = process.stdout.readline().strip()
        status, headers = get(url)
        self.assertEqual(status, 302)
        get(headers["location"])
        self.assertEqual(process.wait(60), 0, process.stderr.read())
        process.stdout.close()
        process.stderr.close()

    def notifications(self):
        with open(self.log_path, encoding="utf-8", errors="replace") as f:
            return f.read()

    def test_sign_in_again_notification(self):
        port = free_port()
        redirect = f"http://127.0.0.1:{port}/oauth/callback"
        with Sandbox("--contacts", "5", "--auto-approve", "--redirect-uri", redirect) as sb:
            self.connect(sb, port)
            # While Liaison is closed the access token lapses and the
            # location is switched off: the refresh will be refused.
            sb.admin("ghl", "POST", "expire-tokens")
            sb.admin("ghl", "POST", "deactivate-location", {"locationId": sb.info["location_id"]})

            self.app = subprocess.Popen([os.path.join(BUILD, "src", "liaison"), "--profile", self.profile],
                                        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                        env=self.env)
            deadline = time.monotonic() + 30
            while "Sign in to HighLevel again" not in self.notifications():
                self.assertIsNone(self.app.poll(), "Liaison quit")
                self.assertLess(time.monotonic(), deadline, "no notification: " + self.notifications())
                time.sleep(0.2)
            log = self.notifications()
            self.assertIn("not active", log)
            self.assertIn("Sign In", log)
            self.assertNotIn(sb.info["client_secret"], log)

            status = subprocess.run([CLI, "status", "--json", "--profile", self.profile],
                                    capture_output=True, text=True, env=self.env)
            self.assertIn('"needs-sign-in"', status.stdout)

            # The button's action: the setup opens on the HighLevel step.
            object_path = "/" + APP_ID.replace(".", "/")
            result = subprocess.run(["gdbus", "call", "--session", "--dest", APP_ID, "--object-path",
                                     object_path, "--method", "org.gtk.Actions.Activate", "reconnect",
                                     "[<'ghl'>]", "{}"], capture_output=True, text=True, env=self.env)
            self.assertEqual(result.returncode, 0, result.stderr)
            if shutil.which("xdotool"):
                deadline = time.monotonic() + 10
                while not subprocess.run(["xdotool", "search", "--onlyvisible", "--name", "^Set Up Liaison$"],
                                         capture_output=True, text=True).stdout.strip():
                    self.assertLess(time.monotonic(), deadline, "the setup did not open")
                    time.sleep(0.2)

            self.app.terminate()
            out, err = self.app.communicate(timeout=30)
            self.assertEqual(err, "")


if __name__ == "__main__":
    if not os.environ.get("DISPLAY") or not os.environ.get("DBUS_SESSION_BUS_ADDRESS"):
        print("no display or no session bus: skipped", file=sys.stderr)
        sys.exit(EXIT_SKIP)
    unittest.main(verbosity=2)
