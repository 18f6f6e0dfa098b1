#!/usr/bin/python3
"""The warning flags listed in meson.build are real: each is known to GCC or
Clang (a misspelt one would be dropped without a word), and each that this
build's compiler accepts is on the compile lines."""

import json
import os
import re
import shlex
import shutil
import subprocess
import tempfile
import unittest

SOURCE = os.environ["LIA_SOURCE_ROOT"]
BUILD = os.environ["LIA_BUILD_ROOT"]


def listed_flags():
    with open(os.path.join(SOURCE, "meson.build"), encoding="utf-8") as f:
        text = f.read()
    flags = []
    for name in ("test_c_args", "format_c_args"):
        for match in re.finditer(rf"^{name} = \[(.*?)\]", text, re.MULTILINE | re.DOTALL):
            flags += re.findall(r"'([^']+)'", match.group(1))
    assert flags, "meson.build lists no warning flags"
    return flags


def accepts(compiler, flag, source):
    # -Wall for the flags that need -Wformat; -Werror turns "unknown" into a failure.
    result = subprocess.run([compiler, "-Wall", "-Werror", flag, "-fsyntax-only", source],
                            capture_output=True, text=True, timeout=60)
    return result.returncode == 0


class CArgs(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory(prefix="liaison-c-args-")
        self.source = os.path.join(self.tmp.name, "empty.c")
        with open(self.source, "w", encoding="utf-8") as f:
            f.write("int main (void) { return 0; }\n")
        with open(os.path.join(BUILD, "compile_commands.json"), encoding="utf-8") as f:
            self.command = shlex.split(json.load(f)[0]["command"])

    def tearDown(self):
        self.tmp.cleanup()

    def test_every_flag_is_known(self):
        compilers = [c for c in ("gcc", "clang") if shutil.which(c)]
        self.assertTrue(compilers)
        for flag in listed_flags():
            with self.subTest(flag=flag):
                self.assertTrue(any(accepts(c, flag, self.source) for c in compilers),
                                f"{flag} is known to none of {', '.join(compilers)}")

    def test_accepted_flags_are_used(self):
        compiler = self.command[0]
        for flag in listed_flags():
            if accepts(compiler, flag, self.source):
                with self.subTest(flag=flag):
                    self.assertTrue(flag in self.command, f"{flag} is not on the compile lines")


if __name__ == "__main__":
    unittest.main(verbosity=2)
