#!/usr/bin/python3
"""liaison-sandbox as a program: its flags, the JSON line, the shared
/_sandbox/ routes (stats, faults), latency, faults and the state file."""

import json
import os
import socket
import subprocess
import tempfile
import time
import unittest

from sandboxlib import BINARY, Sandbox

KEYS = ["ghl_url", "mojo_url", "auth_url", "client_id", "client_secret", "redirect_uris",
        "location_id", "private_token", "mojo_access_key", "mojo_readonly_key"]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Program(unittest.TestCase):
    def test_json_line(self):
        with Sandbox("--seed", "7", "--contacts", "20") as sb:
            self.assertEqual(list(sb.info), KEYS)
            self.assertRegex(sb.info["ghl_url"], r"^http://127\.0\.0\.1:\d+$")
            self.assertRegex(sb.info["mojo_url"], r"^http://127\.0\.0\.1:\d+$")
            self.assertEqual(sb.info["auth_url"], sb.info["ghl_url"] + "/v2/oauth/chooselocation")
            self.assertEqual(sb.info["redirect_uris"], ["http://127.0.0.1:8719/oauth/callback",
                                                        "http://localhost:8719/oauth/callback"])
            self.assertTrue(sb.info["private_token"].startswith("pit-"))
            self.assertNotEqual(sb.info["mojo_access_key"], sb.info["mojo_readonly_key"])
        self.assertEqual(sb.process.returncode, 0)
        self.assertEqual(sb.stderr, "")

    def test_credentials_fixed_for_a_seed(self):
        with Sandbox("--seed", "7", "--contacts", "5") as a, Sandbox("--seed", "7", "--contacts", "5") as b, \
             Sandbox("--seed", "8", "--contacts", "5") as c:
            for key in KEYS[3:]:
                self.assertEqual(a.info[key], b.info[key], key)
            for key in ("client_id", "client_secret", "location_id", "private_token", "mojo_access_key"):
                self.assertNotEqual(a.info[key], c.info[key], key)

    def test_ports_and_redirect_uris(self):
        ghl_port, mojo_port = free_port(), free_port()
        with Sandbox("--ghl-port", str(ghl_port), "--mojo-port", str(mojo_port),
                     "--redirect-uri", "http://127.0.0.1:9999/cb",
                     "--redirect-uri", "http://localhost:9999/cb", "--contacts", "5") as sb:
            self.assertEqual(sb.info["ghl_url"], f"http://127.0.0.1:{ghl_port}")
            self.assertEqual(sb.info["mojo_url"], f"http://127.0.0.1:{mojo_port}")
            self.assertEqual(sb.info["redirect_uris"][2:], ["http://127.0.0.1:9999/cb",
                                                            "http://localhost:9999/cb"])

    def test_port_in_use(self):
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            s.listen()
            port = s.getsockname()[1]
            result = subprocess.run([BINARY, "--ghl-port", str(port)], capture_output=True,
                                    text=True, timeout=30)
        self.assertEqual(result.returncode, 1)
        self.assertEqual(result.stdout, "")
        self.assertEqual(len(result.stderr.splitlines()), 1, result.stderr)
        self.assertIn("could not listen", result.stderr)

    def test_bad_flags(self):
        for args in (["--rate-limit", "100"], ["--rate-limit", "0/10"], ["--daily-limit", "x"],
                     ["--allow-duplicates", "maybe"], ["--faults", "429,explode"],
                     ["--fault-rate", "101"], ["--ghl-port", "70000"],
                     ["--redirect-uri", "not a uri"], ["--redirect-uri", "http://127.0.0.1:1/cb#x"],
                     ["--contacts", "-1"]):
            with self.subTest(args=args):
                result = subprocess.run([BINARY, *args], capture_output=True, text=True, timeout=30)
                self.assertEqual(result.returncode, 2)
                self.assertEqual(result.stdout, "")
                self.assertEqual(len(result.stderr.splitlines()), 1, result.stderr)
                self.assertTrue(result.stderr.startswith("liaison-sandbox: "), result.stderr)

    def test_good_flags(self):
        with Sandbox("--rate-limit", "off", "--daily-limit", "off", "--allow-duplicates", "yes",
                     "--token-lifetime", "60", "--search-lag-ms", "10", "--latency-ms", "0",
                     "--jitter-ms", "0", "--fault-rate", "0", "--faults", "429,reset",
                     "--contacts", "5", "--seed", "3", "--auto-approve") as sb:
            self.assertIn("ghl_url", sb.info)


class SharedRoutes(unittest.TestCase):
    def test_stats_shape_and_counts(self):
        with Sandbox("--contacts", "5") as sb:
            for service in ("ghl", "mojo"):
                r = sb.admin(service, "GET", "stats")
                self.assertEqual(r.status, 200)
                self.assertEqual(r.json, {"requests": {}, "http_429": 0})
            sb.request("GET", sb.mojo_url + "/no/such/path")
            r = sb.admin("mojo", "GET", "stats")
            self.assertEqual(r.json["requests"]["GET (unmatched)"], {"404": 1})
            # Admin requests are not counted.
            self.assertEqual(list(r.json["requests"]), ["GET (unmatched)"])

    def test_faults_answer_instead_of_the_emulator(self):
        with Sandbox("--contacts", "5") as sb:
            r = sb.admin("mojo", "POST", "faults", {"fault_rate": 100, "faults": "503"})
            self.assertEqual(r.status, 200, r)
            for _ in range(5):
                r = sb.request("GET", sb.mojo_url + "/api/v2/users")
                self.assertEqual(r.status, 503)
            # The other server is not affected, nor are the admin routes.
            self.assertEqual(sb.admin("mojo", "GET", "stats").status, 200)
            r = sb.admin("mojo", "POST", "faults", {"faults": "429"})
            r = sb.request("GET", sb.mojo_url + "/api/v2/users")
            self.assertEqual(r.status, 429)
            self.assertIn("retry-after", r.headers)
            self.assertEqual(sb.admin("mojo", "GET", "stats").json["http_429"], 1)
            sb.admin("mojo", "POST", "faults", {"fault_rate": 0})
            self.assertNotIn(sb.request("GET", sb.mojo_url + "/api/v2/users").status, (429, 503))

    def test_reset_fault_drops_the_connection(self):
        with Sandbox("--contacts", "5", "--fault-rate", "100", "--faults", "reset") as sb:
            with self.assertRaises((ConnectionError, OSError)):
                import http.client
                port = int(sb.mojo_url.rsplit(":", 1)[1])
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
                connection.request("GET", "/api/v2/users")
                connection.getresponse().read()

    def test_truncate_fault_cuts_the_body(self):
        with Sandbox("--contacts", "5", "--fault-rate", "100", "--faults", "truncate") as sb:
            import http.client
            port = int(sb.ghl_url.rsplit(":", 1)[1])
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            connection.request("GET", "/contacts/x")
            answer = connection.getresponse()
            with self.assertRaises(http.client.IncompleteRead):
                answer.read()
            connection.close()

    def test_bad_knobs(self):
        with Sandbox("--contacts", "5") as sb:
            for body in ({"fault_rate": 150}, {"faults": "boom"}, {"latency_ms": -1},
                         {"no_such_knob": 1}):
                with self.subTest(body=body):
                    r = sb.admin("ghl", "POST", "faults", body)
                    self.assertEqual(r.status, 400)
                    self.assertIsInstance(r.json.get("error") or r.json.get("message"), str)
            r = sb.request("POST", sb.ghl_url + "/_sandbox/faults", body=b"not json",
                           headers={"Content-Type": "application/json"})
            self.assertEqual(r.status, 400)

    def test_deeply_nested_body(self):
        # json-glib parses by recursion: 100 000 levels would overflow the stack.
        deep = ("[" * 100_000 + "]" * 100_000).encode()
        with Sandbox("--contacts", "5") as sb:
            headers = {"Content-Type": "application/json"}
            r = sb.ghl("POST", "/contacts/", headers=headers, json_body=None)
            for url in (sb.ghl_url + "/contacts/", sb.mojo_url + "/api/v2/users?access_key=" +
                        sb.info["mojo_access_key"], sb.ghl_url + "/_sandbox/faults"):
                r = sb.request("POST", url, body=deep, headers=dict(headers, Authorization=
                                                                  "Bearer " + sb.info["private_token"],
                                                                  Version="2021-07-28"))
                self.assertIn(r.status, (400, 422), url)
            self.assertIsNone(sb.process.poll())
        self.assertEqual(sb.process.returncode, 0)

    def test_closed_connections_are_let_go(self):
        # libsoup 3.2 forgets idle connections their client closed; with 64
        # descriptors the sandbox must still answer 300 one-shot clients.
        import http.client
        import resource

        def limit():
            resource.setrlimit(resource.RLIMIT_NOFILE, (64, 64))

        process = subprocess.Popen([BINARY, "--contacts", "5"], stdout=subprocess.PIPE,
                                   stderr=subprocess.PIPE, text=True, preexec_fn=limit)
        try:
            info = json.loads(process.stdout.readline())
            port = int(info["mojo_url"].rsplit(":", 1)[1])
            statuses = []
            for _ in range(300):
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
                connection.request("GET", "/api/v2/users/techs?access_key=" + info["mojo_access_key"])
                statuses.append(connection.getresponse().status)
                connection.close()
            self.assertEqual(statuses, [200] * 300)
            self.assertLess(len(os.listdir(f"/proc/{process.pid}/fd")), 48)
        finally:
            process.terminate()
            process.communicate(timeout=30)
        self.assertEqual(process.returncode, 0)

    def test_too_large_body(self):
        with Sandbox("--contacts", "5") as sb:
            big = b"{" + b" " * (5 * 1024 * 1024) + b"}"
            r = sb.request("POST", sb.ghl_url + "/contacts/", body=big,
                           headers={"Content-Type": "application/json", "Version": "2021-07-28",
                                    "Authorization": "Bearer " + sb.info["private_token"]})
            self.assertEqual(r.status, 413)
            self.assertEqual(r.json["statusCode"], 413)
            r = sb.request("POST", sb.mojo_url + "/api/v2/users?access_key=" + sb.info["mojo_access_key"],
                           body=big, headers={"Content-Type": "application/json"})
            self.assertEqual(r.status, 413)
            self.assertIsInstance(r.json["message"], str)

    def test_fault_statuses_are_counted(self):
        with Sandbox("--contacts", "5", "--fault-rate", "100", "--faults", "500") as sb:
            for _ in range(3):
                self.assertEqual(sb.request("GET", sb.mojo_url + "/api/v2/users").status, 500)
            stats = sb.admin("mojo", "GET", "stats").json
            self.assertEqual(stats["requests"].get("GET /api/v2/users"), {"500": 3}, stats)

    def test_429_reason_phrase_and_shapes(self):
        import http.client
        with Sandbox("--contacts", "5", "--fault-rate", "100", "--faults", "429") as sb:
            port = int(sb.mojo_url.rsplit(":", 1)[1])
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            connection.request("GET", "/api/v2/users")
            answer = connection.getresponse()
            body = json.loads(answer.read())
            connection.close()
            self.assertEqual((answer.status, answer.reason), (429, "Too Many Requests"))
            # Mojo's own error shape, not HighLevel's.
            self.assertEqual(body, {"message": "Too Many Requests", "messages": ["Too Many Requests"]})
            r = sb.request("GET", sb.ghl_url + "/contacts/x")
            self.assertEqual(r.json, {"statusCode": 429, "message": "Too Many Requests"})

    def test_latency(self):
        with Sandbox("--contacts", "5", "--latency-ms", "300") as sb:
            sb.request("GET", sb.mojo_url + "/api/v2/users")  # connect first
            start = time.monotonic()
            sb.request("GET", sb.mojo_url + "/api/v2/users")
            self.assertGreaterEqual(time.monotonic() - start, 0.29)
            # Admin routes answer at once.
            start = time.monotonic()
            sb.admin("mojo", "GET", "stats")
            self.assertLess(time.monotonic() - start, 0.29)


class State(unittest.TestCase):
    def test_state_file_keeps_the_seed(self):
        with tempfile.TemporaryDirectory() as folder:
            path = os.path.join(folder, "state.json")
            with Sandbox("--seed", "11", "--contacts", "5", "--state", path) as first:
                pass
            self.assertEqual(first.process.returncode, 0)
            with open(path, encoding="utf-8") as f:
                state = json.load(f)
            self.assertEqual(state["seed"], 11)
            self.assertIn("ghl", state)
            self.assertIn("mojo", state)
            self.assertEqual(os.stat(path).st_mode & 0o777, 0o600)
            # A later start with another seed keeps the saved sandbox.
            with Sandbox("--seed", "12", "--state", path) as second:
                self.assertEqual(second.info["client_id"], first.info["client_id"])
                self.assertEqual(second.info["mojo_access_key"], first.info["mojo_access_key"])

    def test_state_file_keeps_writes(self):
        with tempfile.TemporaryDirectory() as folder:
            path = os.path.join(folder, "state.json")
            with Sandbox("--seed", "11", "--contacts", "5", "--state", path) as first:
                r = first.mojo("POST", "/users", params={"send_welcome_email": 0},
                               json_body={"email": "kept@example.org", "first_name": "Kept"})
                self.assertEqual(r.status, 201, r)
                user_id = r.json["id"]
            with Sandbox("--state", path) as second:
                r = second.mojo("GET", f"/users/{user_id}")
                self.assertEqual(r.status, 200, r)
                self.assertEqual(r.json["email"], "kept@example.org")
                # Unchanged data is not written again.
                before = os.stat(path).st_mtime_ns
                time.sleep(0.05)
            self.assertEqual(os.stat(path).st_mtime_ns, before)

    def test_empty_or_unwritable_state_file(self):
        with tempfile.TemporaryDirectory() as folder:
            empty = os.path.join(folder, "empty.json")
            open(empty, "w").close()
            missing = os.path.join(folder, "no", "such", "folder", "state.json")
            for path in (empty, missing):
                with self.subTest(path=path):
                    result = subprocess.run([BINARY, "--state", path], capture_output=True,
                                            text=True, timeout=30)
                    self.assertEqual(result.returncode, 1)
                    self.assertEqual(result.stdout, "")
                    self.assertEqual(len(result.stderr.splitlines()), 1, result.stderr)
                    self.assertNotIn("CRITICAL", result.stderr)

    def test_stop_lets_answers_under_way_go_out(self):
        import threading
        with Sandbox("--contacts", "5", "--latency-ms", "700") as sb:
            answers = []

            def create():
                r = sb.request("POST", sb.mojo_url + "/api/v2/users?send_welcome_email=0&access_key="
                               + sb.info["mojo_access_key"], json_body={"email": "late@example.org"})
                answers.append(r.status)

            thread = threading.Thread(target=create)
            thread.start()
            time.sleep(0.3)
            sb.process.terminate()
            thread.join(30)
            self.assertEqual(sb.process.wait(30), 0)
            self.assertEqual(answers, [201])

    def test_bad_state_file(self):
        with tempfile.NamedTemporaryFile("w", suffix=".json") as f:
            f.write("{not json")
            f.flush()
            result = subprocess.run([BINARY, "--state", f.name], capture_output=True, text=True,
                                    timeout=30)
            self.assertEqual(result.returncode, 1)
            self.assertIn(f.name, result.stderr)
            self.assertEqual(len(result.stderr.splitlines()), 1, result.stderr)


if __name__ == "__main__":
    unittest.main(verbosity=2)
