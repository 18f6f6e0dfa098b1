#!/bin/sh
# Fails when one of the given programs is linked against GTK or libadwaita.
#   check-ldd-no-gtk.sh PROGRAM...
set -eu
status=0
for program in "$@"; do
    libs=$(ldd "$program")
    if printf '%s\n' "$libs" | grep -Ei 'libgtk|libadwaita|libgdk|libgsk' >/dev/null; then
        echo "$program links GTK:"
        printf '%s\n' "$libs" | grep -Ei 'libgtk|libadwaita|libgdk|libgsk'
        status=1
    else
        echo "$program: no GTK among $(printf '%s\n' "$libs" | wc -l) libraries"
    fi
done
exit $status
