#!/usr/bin/python3
"""Checks that nothing in src/ outside src/gui/ and the GUI's src/main.c
includes GTK, GDK, GSK or libadwaita.

    check-no-gtk.py [SOURCE_ROOT]

Exits 1 and names each offending include.
"""

import os
import re
import sys

FORBIDDEN = re.compile(r'^\s*#\s*include\s*[<"](gtk/|gdk/|gsk/|adwaita\.h|gtk\.h)', re.MULTILINE)
ALLOWED_FILES = {os.path.join("src", "main.c")}
ALLOWED_DIRS = (os.path.join("src", "gui") + os.sep,)


def main():
    root = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), ".."))
    problems = []
    checked = 0
    for dirpath, dirnames, filenames in os.walk(os.path.join(root, "src")):
        dirnames.sort()
        for name in sorted(filenames):
            if not name.endswith((".c", ".h", ".cc", ".h.in", ".c.in")):
                continue
            rel = os.path.relpath(os.path.join(dirpath, name), root)
            if rel in ALLOWED_FILES or rel.startswith(ALLOWED_DIRS):
                continue
            checked += 1
            with open(os.path.join(dirpath, name), encoding="utf-8", errors="replace") as f:
                for number, line in enumerate(f, 1):
                    if FORBIDDEN.match(line):
                        problems.append(f"{rel}:{number}: includes GTK outside src/gui/: {line.strip()}")

    for problem in problems:
        print(problem)
    if problems:
        return 1
    print(f"{checked} files outside src/gui/ checked: none includes GTK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
