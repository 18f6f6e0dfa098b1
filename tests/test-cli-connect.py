#!/usr/bin/python3
"""liaison-cli connect, status and disconnect against liaison-sandbox, in the
throwaway session of build-aux/test.sh (its keyring): the sign-in through a
fake browser that follows the redirect as `curl -L` would, the Mojo key, the
JSON status, refusals with their exit statuses, and no secret anywhere on
disk or in the debug log."""

import http.client
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import unittest
import urllib.parse

from sandboxlib import Sandbox

BUILD = os.environ["LIA_BUILD_ROOT"]
CLI = os.path.join(BUILD, "src", "liaison-cli")
EXIT_SKIP = 77


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(url):
    """One GET, no redirect followed: (status, headers, body)."""
    parts = urllib.parse.urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    target = parts.path + ("?" + parts.query if parts.query else "")
    connection.request("GET", target, headers={"Accept": "text/html"})
    answer = connection.getresponse()
    body = answer.read().decode("utf-8", "replace")
    connection.close()
    return answer.status, {k.lower(): v for k, v in answer.getheaders()}, body


class CliConnect(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="liaison-cli-")
        self.profile = os.path.join(self.tmp, "profile")
        self.port = free_port()
        self.redirect = f"http://127.0.0.1:{self.port}/oauth/callback"
        self.env = dict(os.environ)
        self.env["G_MESSAGES_DEBUG"] = "all"
        self.env["LIA_DEBUG_HTTP_BODIES"] = "1"
        self.log = []

    def tearDown(self):
        for service in ("ghl", "mojo"):
            self.cli("disconnect", service)
        shutil.rmtree(self.tmp, ignore_errors=True)

    def cli(self, *args, stdin=None, env=None):
        result = subprocess.run([CLI, *args, "--profile", self.profile], input=stdin,
                                capture_output=True, text=True, env=env or self.env, timeout=60)
        self.log.append(result.stderr)
        return result

    def start_sign_in(self, sb, *extra, secret=None):
        args = [CLI, "connect", "ghl", "--no-browser", "--profile", self.profile,
                "--client-id", sb.info["client_id"], "--client-secret-stdin",
                "--auth-url", sb.info["auth_url"], "--api-url", sb.ghl_url,
                "--redirect-port", str(self.port), *extra]
        # The debug log goes to a file: a full pipe would stall the program.
        self.stderr_file = tempfile.TemporaryFile("w+", dir=self.tmp)
        process = subprocess.Popen(args, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                   stderr=self.stderr_file, text=True, env=self.env)
        process.stdin.write((secret or sb.info["client_secret"]) + "\n")
        process.stdin.close()
        url = process.stdout.readline().strip()
        return process, url

    def finish(self, process):
        returncode = process.wait(60)
        stdout = process.stdout.read()
        process.stdout.close()
        self.stderr_file.seek(0)
        stderr = self.stderr_file.read()
        self.stderr_file.close()
        self.log.append(stderr)
        return returncode, stdout, stderr

    def test_connect_both_status_and_no_secret_left(self):
        with Sandbox("--contacts", "20", "--auto-approve", "--redirect-uri", self.redirect) as sb:
            process, url = self.start_sign_in(sb, "--scope", "contacts.readonly",
                                              "--scope", "contacts.write")
            # One line: the consent URL, scopes joined with %20.
            self.assertTrue(url.startswith(sb.info["auth_url"] + "?"), url)
            self.assertIn("scope=contacts.readonly%20contacts.write", url)
            self.assertIn("code_challenge_method=S256", url)
            # The browser: the consent page redirects to the listener.
            status, headers, _ = get(url)
            self.assertEqual(status, 302)
            callback = headers["location"]
            code = urllib.parse.parse_qs(urllib.parse.urlsplit(callback).query)["code"][0]
            status, _, page = get(callback)
            self.assertEqual(status, 200)
            self.assertIn("Signed in", page)
            returncode, stdout, stderr = self.finish(process)
            self.assertEqual(returncode, 0, stderr)
            self.assertEqual(stdout, "")   # nothing but the link, read above

            result = self.cli("connect", "mojo", "--url", sb.mojo_url, "--access-key-stdin",
                              stdin=sb.info["mojo_access_key"] + "\n")
            self.assertEqual(result.returncode, 0, result.stderr)

            result = self.cli("status", "--json")
            self.assertEqual(result.returncode, 0, result.stderr)
            status = json.loads(result.stdout)
            self.assertEqual(status["ghl"]["state"], "connected")
            self.assertEqual(status["ghl"]["location_id"], sb.info["location_id"])
            self.assertEqual(status["ghl"]["scopes"], ["contacts.readonly", "contacts.write"])
            self.assertRegex(status["ghl"]["expires_at"], r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")
            self.assertEqual(status["mojo"]["state"], "connected")
            self.assertEqual(status["mojo"]["url"], sb.mojo_url)
            self.assertFalse(status["mojo"]["read_only"])

            # Online check; a refresh on the way (every access token expired).
            sb.admin("ghl", "POST", "expire-tokens")
            result = self.cli("status", "--check", "--json")
            status = json.loads(result.stdout)
            self.assertEqual(status["ghl"]["state"], "connected", result.stdout)
            self.assertEqual(status["mojo"]["state"], "connected", result.stdout)

            dump = sb.admin("ghl", "GET", "dump").json
            tokens = [t[k] for t in dump.get("tokens", []) for k in ("accessToken", "refreshToken")
                      if t.get(k)]
            self.assertGreaterEqual(len(tokens), 2)
            secrets = tokens + [sb.info["client_secret"], sb.info["mojo_access_key"], code]

            roots = [self.profile] + [os.environ[name] for name in
                                      ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME",
                                       "XDG_STATE_HOME") if name in os.environ]
            for root in roots:
                for folder, _, files in os.walk(root):
                    for name in files:
                        path = os.path.join(folder, name)
                        if os.path.islink(path):
                            continue
                        with open(path, "rb") as f:
                            data = f.read()
                        for secret in secrets:
                            self.assertNotIn(secret.encode(), data, path)
            debug_log = "\n".join(self.log)
            self.assertIn("LiaHttp", debug_log)   # the log is there, and says things
            for secret in secrets:
                self.assertNotIn(secret, debug_log)

    def test_refusals(self):
        with Sandbox("--contacts", "20", "--redirect-uri", self.redirect) as sb:
            # Denied in the browser: exit 3.
            process, url = self.start_sign_in(sb)
            query = urllib.parse.urlsplit(url).query
            answer = sb.request("POST", url.split("?")[0], params=dict(urllib.parse.parse_qsl(query)),
                                form={**dict(urllib.parse.parse_qsl(query)), "decision": "deny"},
                                headers={"Accept": "text/html"})
            self.assertEqual(answer.status, 302)
            status, _, page = get(answer.headers["location"])
            self.assertIn("declined", page)
            returncode, _, stderr = self.finish(process)
            self.assertEqual(returncode, 3, stderr)
            self.assertIn("declined", stderr)

            # A forged state: exit 3.
            process, url = self.start_sign_in(sb)
            status, _, _ = get(f"{self.redirect}?code=forged&state=forged")
            self.assertEqual(status, 400)
            returncode, _, stderr = self.finish(process)
            self.assertEqual(returncode, 3, stderr)
            self.assertIn("does not belong", stderr)

            # The wrong client secret: exit 1, and nothing stored.
            with Sandbox("--contacts", "20", "--auto-approve", "--redirect-uri", self.redirect) as auto:
                process, url = self.start_sign_in(auto, secret="wrong-secret")
                status, headers, _ = get(url)
                get(headers["location"])
                returncode, _, stderr = self.finish(process)
                self.assertEqual(returncode, 1, stderr)
                self.assertIn("client secret", stderr)
                self.assertNotIn("wrong-secret", stderr)
            self.assertFalse(os.path.exists(os.path.join(self.profile, "connections.json")))

            # Network down: nobody listens on port 1.
            result = self.cli("connect", "mojo", "--url", "http://127.0.0.1:1", "--access-key-stdin",
                              stdin="key\n")
            self.assertEqual(result.returncode, 1)
            self.assertIn("Could not reach Mojo Helpdesk", result.stderr)

            # No keyring: a clear message, and no file in its place.
            env = dict(self.env)
            env["DBUS_SESSION_BUS_ADDRESS"] = "unix:path=" + os.path.join(self.tmp, "no-bus")
            result = self.cli("connect", "mojo", "--url", sb.mojo_url, "--access-key-stdin",
                              stdin=sb.info["mojo_access_key"] + "\n", env=env)
            self.assertEqual(result.returncode, 1)
            self.assertIn("keyring", result.stderr)
            self.assertNotIn(sb.info["mojo_access_key"], result.stderr)
            self.assertFalse(os.path.exists(os.path.join(self.profile, "connections.json")))

    def test_locked_keyring(self):
        """A locked keyring: a clear message naming what to do, no plain-text
        fallback, nothing written. In a bus and keyring of its own, so that
        the session's keyring stays unlocked for the other tests."""
        script = """
            eval "$(printf 'throwaway' | gnome-keyring-daemon --unlock --daemonize --components=secrets)"
            gdbus call --session --dest org.freedesktop.secrets --object-path /org/freedesktop/secrets \\
                --method org.freedesktop.Secret.Service.Lock \\
                "[objectpath '/org/freedesktop/secrets/collection/login']" >/dev/null || exit 90
            "$@"
            status=$?
            kill "$GNOME_KEYRING_PID" 2>/dev/null
            exit $status
        """
        with Sandbox("--contacts", "5") as sb:
            env = dict(self.env)
            env.pop("DISPLAY", None)   # no unlock prompt can show
            # The keyring's prompter exits as it does without a display,
            # rather than trapping on its "cannot open display" warning.
            env["G_DEBUG"] = "gc-friendly"
            for name in ("DBUS_SESSION_BUS_ADDRESS", "GNOME_KEYRING_CONTROL"):
                env.pop(name, None)
            result = subprocess.run(["dbus-run-session", "--", "sh", "-c", script, "sh", CLI,
                                     "connect", "mojo", "--url", sb.mojo_url, "--access-key-stdin",
                                     "--profile", self.profile],
                                    input=sb.info["mojo_access_key"] + "\n", capture_output=True,
                                    text=True, env=env, timeout=60)
            self.assertNotEqual(result.returncode, 90, "could not lock the keyring: " + result.stderr)
            self.assertEqual(result.returncode, 1, result.stderr)
            self.assertIn("keyring is locked", result.stderr)
            self.assertIn("nlock", result.stderr)
            self.assertNotIn(sb.info["mojo_access_key"], result.stderr)
            self.assertFalse(os.path.exists(os.path.join(self.profile, "connections.json")))

    def test_usage(self):
        for args in (["connect"], ["connect", "jira"], ["connect", "mojo", "extra"],
                     ["connect", "mojo", "--client-id", "x"], ["status", "--jsn"],
                     ["disconnect"], ["status", "extra"]):
            result = self.cli(*args)
            self.assertEqual(result.returncode, 2, args)
            lines = [line for line in result.stderr.splitlines() if line.startswith("liaison-cli:")]
            self.assertEqual(len(lines), 1, result.stderr)


if __name__ == "__main__":
    if "DBUS_SESSION_BUS_ADDRESS" not in os.environ or "LIA_SESSION_DIR" not in os.environ:
        print("no session bus: run the tests with build-aux/test.sh")
        sys.exit(EXIT_SKIP)
    unittest.main(verbosity=2)
