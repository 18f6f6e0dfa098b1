#!/usr/bin/python3
"""Checks po/POTFILES.in against the tree.

Every source file that marks a string for translation (_(), N_(), C_(),
NC_(), g_dngettext/ngettext, or translatable="yes" in a .ui file) must be
listed; every listed file must exist; the list must be sorted.

    check-potfiles.py [SOURCE_ROOT]

Exits 1 and names each problem when the list is wrong.
"""

import os
import re
import sys

MARKERS_C = re.compile(r'(?<![A-Za-z0-9_])(N?C?_|ngettext|g_dngettext)\s*\(\s*"')
MARKER_UI = re.compile(r'translatable\s*=\s*"(yes|true|1)"')
SCANNED = ("src", "data")


def uses_gettext(path):
    with open(path, encoding="utf-8", errors="replace") as f:
        text = f.read()
    if path.endswith((".c", ".h", ".cc")):
        return MARKERS_C.search(text) is not None
    if path.endswith(".ui"):
        return MARKER_UI.search(text) is not None
    # Desktop entries, metainfo and schemas are translated as a whole.
    return path.endswith((".desktop.in.in", ".metainfo.xml.in.in", ".gschema.xml"))


def main():
    root = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), ".."))
    potfiles = os.path.join(root, "po", "POTFILES.in")
    listed = []
    with open(potfiles, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if line and not line.startswith("#"):
                listed.append(line)

    problems = []
    if listed != sorted(listed):
        problems.append("po/POTFILES.in is not sorted")
    for path in listed:
        if not os.path.exists(os.path.join(root, path)):
            problems.append(f"po/POTFILES.in lists {path}, which does not exist")

    for top in SCANNED:
        for dirpath, dirnames, filenames in os.walk(os.path.join(root, top)):
            dirnames.sort()
            for name in sorted(filenames):
                full = os.path.join(dirpath, name)
                rel = os.path.relpath(full, root)
                if uses_gettext(full) and rel not in listed:
                    problems.append(f"{rel} marks strings for translation but is missing from po/POTFILES.in")

    for problem in problems:
        print(problem)
    if problems:
        return 1
    print(f"po/POTFILES.in: {len(listed)} files, sorted and complete")
    return 0


if __name__ == "__main__":
    sys.exit(main())
