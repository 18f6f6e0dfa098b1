#!/usr/bin/python3
"""Checks the Flatpak manifest without building it (no Flatpak remote is
reachable here): it parses, names the app id and the GNOME 43 runtime,
grants what the app needs (network, keyring, notifications) and nothing of
the user's files, and pins every download (sha256) and git source (commit).

    check-flatpak-manifest.py MANIFEST APP_ID
"""

import json
import re
import sys


def main():
    path, app_id = sys.argv[1], sys.argv[2]
    with open(path, encoding="utf-8") as f:
        manifest = json.load(f)

    problems = []

    def expect(condition, message):
        if not condition:
            problems.append(message)

    expect(manifest.get("id", manifest.get("app-id")) == app_id, f"the manifest's id is not {app_id}")
    expect(manifest.get("runtime") == "org.gnome.Platform", "the runtime is not org.gnome.Platform")
    expect(manifest.get("runtime-version") == "43", "the runtime is not GNOME 43 (GTK 4.8, libadwaita 1.2)")
    expect(manifest.get("sdk") == "org.gnome.Sdk", "the SDK is not org.gnome.Sdk")
    expect(manifest.get("command") == "liaison", "the command is not liaison")

    args = manifest.get("finish-args", [])
    expect("--share=network" in args, "no network access (--share=network)")
    # The secret and notification portals need no finish-arg, so a manifest
    # cannot show that it relies on them: ask for the bus names themselves,
    # which libsecret and GNotification use wherever a portal is missing.
    expect("--talk-name=org.freedesktop.secrets" in args,
           "no keyring access (--talk-name=org.freedesktop.secrets)")
    expect("--talk-name=org.freedesktop.Notifications" in args,
           "no notifications (--talk-name=org.freedesktop.Notifications)")
    for i, arg in enumerate(args):
        if arg == "--filesystem" and i + 1 < len(args):
            arg = f"--filesystem={args[i + 1]}"
        expect(not arg.startswith("--filesystem"), f"{arg}: the app must not see the user's files")
        expect(arg not in ("--socket=session-bus", "--socket=system-bus"), f"{arg}: too broad")

    modules = manifest.get("modules", [])
    expect(bool(modules) and modules[-1].get("name") == "liaison", "the last module is not liaison")
    expect(modules and modules[-1].get("buildsystem") == "meson", "liaison is not built with meson")
    expect(any(m.get("name") == "libphonenumber" for m in modules),
           "libphonenumber is missing (it is not in the GNOME runtime)")
    for module in modules:
        for source in module.get("sources", []):
            if source.get("type") in ("archive", "file"):
                expect("sha256" in source, f"{module.get('name')}: a downloaded source has no sha256")
            if source.get("type") == "git":
                # A tag or a branch can move; only a commit pins what is built.
                expect(re.fullmatch(r"[0-9a-f]{40}", source.get("commit", "")) is not None,
                       f"{module.get('name')}: a git source is not pinned by its full commit")

    for problem in problems:
        print(problem)
    if problems:
        return 1
    print(f"{path}: {app_id}, GNOME 43, {len(modules)} modules, finish-args: {' '.join(args)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
