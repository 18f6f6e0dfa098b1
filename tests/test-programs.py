#!/usr/bin/python3
"""The three programs' command lines: --help and --version answer and exit 0;
a bad option or argument exits 2 with one line on stderr."""

import os
import subprocess
import sys
import tempfile
import unittest

BUILD = os.environ["LIA_BUILD_ROOT"]
PROGRAMS = {
    "liaison": os.path.join(BUILD, "src", "liaison"),
    "liaison-cli": os.path.join(BUILD, "src", "liaison-cli"),
    "liaison-sandbox": os.path.join(BUILD, "src", "liaison-sandbox"),
}


def run(name, *args):
    env = dict(os.environ)
    # --help and --version must not need a display.
    env.pop("DISPLAY", None)
    env.pop("WAYLAND_DISPLAY", None)
    return subprocess.run([PROGRAMS[name], *args], capture_output=True, text=True, timeout=60, env=env)


class Programs(unittest.TestCase):
    def test_version(self):
        for name in PROGRAMS:
            with self.subTest(program=name):
                result = run(name, "--version")
                self.assertEqual(result.returncode, 0, result.stderr)
                self.assertRegex(result.stdout, rf"^{name} \d+\.\d+\.\d+\n$")
                self.assertEqual(result.stderr, "")

    def test_help(self):
        expected = {
            "liaison": ["--profile", "--version", "Mojo Helpdesk and HighLevel"],
            "liaison-cli": ["--profile", "Commands:", "profile", "version", "keyring"],
            "liaison-sandbox": ["--ghl-port", "--mojo-port", "--seed", "--contacts", "--rate-limit", "--faults", "--state", "--auto-approve", "loopback"],
        }
        for name, words in expected.items():
            with self.subTest(program=name):
                result = run(name, "--help")
                self.assertEqual(result.returncode, 0, result.stderr)
                self.assertIn("Usage:", result.stdout)
                for word in words:
                    self.assertIn(word, result.stdout)
                self.assertNotIn("gapplication-service", result.stdout)

    def test_unknown_option(self):
        for name in PROGRAMS:
            with self.subTest(program=name):
                result = run(name, "--no-such-option")
                self.assertEqual(result.returncode, 2)
                self.assertEqual(result.stdout, "")
                lines = result.stderr.splitlines()
                self.assertEqual(len(lines), 1, result.stderr)
                self.assertIn("--no-such-option", lines[0])
                self.assertTrue(lines[0].startswith(f"{name}: "), lines[0])
                self.assertIn("--help", lines[0])

    def test_unexpected_argument(self):
        for name, args in (("liaison", ["stray"]), ("liaison-cli", ["no-such-command"]),
                           ("liaison-sandbox", ["stray"])):
            with self.subTest(program=name):
                result = run(name, *args)
                self.assertEqual(result.returncode, 2)
                self.assertEqual(len(result.stderr.splitlines()), 1, result.stderr)
                self.assertIn(args[0], result.stderr)

    def test_missing_option_argument(self):
        result = run("liaison-cli", "--profile")
        self.assertEqual(result.returncode, 2)
        self.assertEqual(len(result.stderr.splitlines()), 1, result.stderr)

    def test_cli_no_command(self):
        result = run("liaison-cli")
        self.assertEqual(result.returncode, 2)
        self.assertEqual(len(result.stderr.splitlines()), 1, result.stderr)

    def test_cli_profile(self):
        result = run("liaison-cli", "--profile", "/nonexistent/liaison-test", "profile")
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn("/nonexistent/liaison-test", result.stdout)
        self.assertIn("does not exist yet", result.stdout)

    def test_cli_options_after_command(self):
        for args in (["profile", "-p", "/nonexistent/liaison-test"],
                     ["profile", "--profile=/nonexistent/liaison-test"],
                     ["-p", "/elsewhere", "profile", "-p", "/nonexistent/liaison-test"]):
            with self.subTest(args=args):
                result = run("liaison-cli", *args)
                self.assertEqual(result.returncode, 0, result.stderr)
                self.assertIn("Profile folder: /nonexistent/liaison-test\n", result.stdout)
                self.assertEqual(result.stderr, "")

    def test_cli_refuses_what_follows_the_command(self):
        for args, culprit in ((["profile", "--bogus"], "--bogus"),
                              (["version", "extra"], "extra"),
                              (["profile", "extra"], "extra"),
                              (["profile", "-p"], "-p"),
                              (["profile", "--", "-x"], "-x")):
            with self.subTest(args=args):
                result = run("liaison-cli", *args)
                self.assertEqual(result.returncode, 2)
                self.assertEqual(result.stdout, "")
                lines = result.stderr.splitlines()
                self.assertEqual(len(lines), 1, result.stderr)
                self.assertTrue(lines[0].startswith("liaison-cli: "), lines[0])
                self.assertIn(culprit, lines[0])

    def test_cli_profile_is_a_file(self):
        with tempfile.NamedTemporaryFile(prefix="liaison-profile-") as f:
            result = run("liaison-cli", "-p", f.name, "profile")
        self.assertEqual(result.returncode, 1)
        self.assertNotIn("does not exist", result.stdout)
        lines = result.stderr.splitlines()
        self.assertEqual(len(lines), 1, result.stderr)
        self.assertTrue(lines[0].startswith("liaison-cli: "), lines[0])
        self.assertIn(f.name, lines[0])
        self.assertIn("is a file, not a folder", lines[0])

    def test_cli_profile_exists(self):
        with tempfile.TemporaryDirectory(prefix="liaison-profile-") as path:
            result = run("liaison-cli", "profile", "-p", path)
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn("It exists.", result.stdout)


class RunScript(unittest.TestCase):
    """build-aux/run.sh passes the options that only print straight through,
    even where there is no display to take a screenshot on."""

    def run_script(self, *args):
        env = dict(os.environ)
        env.pop("DISPLAY", None)
        env.pop("WAYLAND_DISPLAY", None)
        env["LIA_BUILD_DIR"] = BUILD
        script = os.path.join(os.environ["LIA_SOURCE_ROOT"], "build-aux", "run.sh")
        return subprocess.run([script, *args], capture_output=True, text=True, timeout=300, env=env)

    def test_version(self):
        result = self.run_script("--version")
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertRegex(result.stdout, r"^liaison \d+\.\d+\.\d+\n$")
        self.assertEqual(result.stderr, "")

    def test_help(self):
        result = self.run_script("--help")
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn("Usage:", result.stdout)
        self.assertNotIn("screenshot", result.stdout + result.stderr)


if __name__ == "__main__":
    unittest.main(verbosity=2)
