#!/usr/bin/python3
"""The desktop entry validates without a hint, and what a launcher runs from
its Exec line is a command line Liaison accepts."""

import configparser
import os
import shlex
import subprocess
import unittest

BUILD = os.environ["LIA_BUILD_ROOT"]
APP_ID = os.environ["LIA_APP_ID"]
DESKTOP = os.path.join(BUILD, "data", f"{APP_ID}.desktop")


def entry():
    parser = configparser.RawConfigParser(interpolation=None, delimiters=("=",))
    parser.optionxform = str
    parser.read(DESKTOP, encoding="utf-8")
    return parser["Desktop Entry"]


def expand(exec_line, icon, name):
    """Expands the field codes as a launcher does, opening one URI or file."""
    argv = []
    for arg in shlex.split(exec_line):
        if arg in ("%u", "%U"):
            argv.append("https://example.com/")
        elif arg in ("%f", "%F"):
            argv.append("/tmp/example.txt")
        elif arg == "%i":
            argv += ["--icon", icon]
        else:
            argv.append(arg.replace("%c", name).replace("%k", DESKTOP).replace("%%", "%"))
    return argv


class DesktopEntry(unittest.TestCase):
    def test_validates_without_hints(self):
        result = subprocess.run(["desktop-file-validate", DESKTOP], capture_output=True, text=True,
                                timeout=60)
        self.assertEqual(result.returncode, 0, result.stdout + result.stderr)
        self.assertEqual(result.stdout + result.stderr, "")

    def test_one_main_category(self):
        main = {"AudioVideo", "Audio", "Video", "Development", "Education", "Game", "Graphics",
                "Network", "Office", "Science", "Settings", "System", "Utility"}
        categories = [c for c in entry()["Categories"].split(";") if c]
        self.assertEqual(len(main.intersection(categories)), 1, categories)

    def test_exec_is_accepted(self):
        desktop = entry()
        self.assertEqual(desktop["DBusActivatable"], "true")
        argv = expand(desktop["Exec"], desktop["Icon"], desktop["Name"])
        self.assertEqual(argv[0], "liaison")
        # What the launcher passes must pass Liaison's own check, which runs
        # before anything else: --version then ends the run at once.
        env = dict(os.environ)
        env.pop("DISPLAY", None)
        env.pop("WAYLAND_DISPLAY", None)
        result = subprocess.run([os.path.join(BUILD, "src", "liaison"), *argv[1:], "--version"],
                                capture_output=True, text=True, env=env, timeout=60)
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(result.stderr, "")


if __name__ == "__main__":
    unittest.main(verbosity=2)
