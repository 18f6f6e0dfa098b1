#!/usr/bin/python3
"""The commands that README.md ("Running one test") and HACKING.md ("How to
run one test") give for running one test work as written: each goes through
build-aux/test.sh or meson test (a bare test binary lacks the tests'
environment), names tests and cases that exist, and the meson test ones
that need no session pass when run."""

import os
import re
import shlex
import subprocess
import unittest

SOURCE = os.environ["LIA_SOURCE_ROOT"]
BUILD = os.environ["LIA_BUILD_ROOT"]
SECTIONS = {
    "README.md": "Running one test",
    "HACKING.md": "How to run one test",
}


def commands(document, heading):
    with open(os.path.join(SOURCE, document), encoding="utf-8") as f:
        text = f.read()
    section = re.search(rf"^## {re.escape(heading)}\n(.*?)(?=^## |\Z)", text, re.MULTILINE | re.DOTALL)
    assert section, f"{document} has no section “{heading}”"
    lines = []
    for block in re.findall(r"^```sh\n(.*?)^```", section.group(1), re.MULTILINE | re.DOTALL):
        lines += [shlex.split(line, comments=True) for line in block.splitlines() if line.strip()]
    assert lines, f"{document}: “{heading}” shows no command"
    return lines


def split_test_args(args):
    """Returns the meson test arguments without --test-args, and the test arguments."""
    rest, test_args = [], []
    i = 0
    while i < len(args):
        if args[i] == "--test-args":
            test_args += shlex.split(args[i + 1])
            i += 2
        elif args[i].startswith("--test-args="):
            test_args += shlex.split(args[i].split("=", 1)[1])
            i += 1
        else:
            rest.append(args[i])
            i += 1
    return rest, test_args


def meson_test(*args):
    return subprocess.run(["meson", "test", "-C", BUILD, "--no-rebuild", "--logbase", "docs-commands", *args],
                          capture_output=True, text=True, timeout=300)


class DocsCommands(unittest.TestCase):
    def check_names(self, args):
        """The tests the arguments select exist, and so does any case named with -p."""
        rest, test_args = split_test_args(args)
        listed = meson_test("--list", *rest)
        self.assertEqual(listed.returncode, 0, listed.stderr)
        names = [line.split(" / ")[-1].strip() for line in listed.stdout.splitlines() if " / " in line]
        self.assertTrue(names, f"selects no test: {args}")
        for name in set(rest) & set(names):
            # Read from the source: widget tests list nothing without a display.
            with open(os.path.join(SOURCE, "tests", f"{name}.c"), encoding="utf-8") as f:
                source = f.read()
            for i, arg in enumerate(test_args):
                if arg == "-p":
                    self.assertIn(f'"{test_args[i + 1]}"', source, f"{name} has no such case")
        return rest, test_args

    def check_command(self, argv):
        if argv[0] == "build-aux/test.sh":
            self.check_names(argv[1:])
            return
        self.assertEqual(argv[:2], ["meson", "test"],
                         "run tests through build-aux/test.sh or meson test, which set their environment")
        args = argv[2:]
        self.assertEqual(args[:2], ["-C", "build"], "the build folder is build")
        args = args[2:]
        rest, test_args = self.check_names(args)
        if "--suite" in rest or "--gdb" in rest:
            return
        result = meson_test(*args)
        self.assertEqual(result.returncode, 0, result.stdout + result.stderr)
        self.assertNotIn(" SKIP ", result.stdout)
        if "-p" in test_args:
            self.assertIn(" 1 subtests passed", result.stdout)

    def test_commands(self):
        for document, heading in SECTIONS.items():
            for argv in commands(document, heading):
                with self.subTest(document=document, command=shlex.join(argv)):
                    self.check_command(argv)


if __name__ == "__main__":
    unittest.main(verbosity=2)
