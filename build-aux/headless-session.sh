#!/bin/sh
# Runs a command inside a throwaway desktop session: a private D-Bus session
# bus, fresh XDG folders, an unlocked throwaway keyring, a fake notification
# server and an Xvfb display. HOME and the XDG folders are set before the
# bus starts, so every service it activates (dconf, the accessibility bus)
# keeps its files in the session folder too; nothing is written to the
# caller's home. Everything is removed when the command ends.
#
#   build-aux/headless-session.sh [--notifications-log FILE] -- COMMAND [ARG...]
#
# The notification server's log (one line per Notify call) is kept at FILE
# when given, for tests that assert on it.
set -eu

notifications_log=
while [ $# -gt 0 ]; do
    case "$1" in
        --notifications-log) notifications_log=$2; shift 2 ;;
        --) shift; break ;;
        *) break ;;
    esac
done

if [ $# -eq 0 ]; then
    echo "usage: $0 [--notifications-log FILE] -- COMMAND [ARG...]" >&2
    exit 2
fi

if [ -z "${LIA_INSIDE_SESSION_BUS:-}" ]; then
    session_dir=$(mktemp -d "${TMPDIR:-/tmp}/liaison-session.XXXXXX")
    trap 'rm -rf "$session_dir"' EXIT
    trap 'exit 130' INT
    trap 'exit 143' TERM

    # A fresh home: no test ever sees a real profile, setting or keyring.
    # Exported before the bus starts, so that the services it activates
    # (dconf, the accessibility bus) live in it too.
    export HOME="$session_dir/home"
    export XDG_DATA_HOME="$HOME/.local/share"
    export XDG_CONFIG_HOME="$HOME/.config"
    export XDG_CACHE_HOME="$HOME/.cache"
    export XDG_STATE_HOME="$HOME/.local/state"
    export XDG_RUNTIME_DIR="$session_dir/runtime"
    mkdir -p "$XDG_DATA_HOME" "$XDG_CONFIG_HOME" "$XDG_CACHE_HOME" "$XDG_STATE_HOME"
    mkdir -m 700 "$XDG_RUNTIME_DIR"

    # The bus daemon and the services it starts write their chatter
    # (activations, fd limits, the accessibility registry's greeting) to
    # bus.log in the session folder; the command gets the caller's stdout
    # and stderr back on fds 5 and 4.
    export LIA_INSIDE_SESSION_BUS="$session_dir"
    exec 4>&2 5>&1
    status=0
    dbus-run-session -- "$0" ${notifications_log:+--notifications-log "$notifications_log"} -- "$@" \
        >"$session_dir/bus.log" 2>&1 || status=$?
    exit $status
fi
session_dir=$LIA_INSIDE_SESSION_BUS
unset LIA_INSIDE_SESSION_BUS
exec 1>&5 2>&4 4>&- 5>&-
# For the command: the session folder, with bus.log and notifications.log.
export LIA_SESSION_DIR="$session_dir"

xvfb_pid=
mock_pid=
cleanup() {
    [ -n "$mock_pid" ] && kill "$mock_pid" 2>/dev/null || true
    [ -n "$xvfb_pid" ] && kill "$xvfb_pid" 2>/dev/null || true
    [ -n "${GNOME_KEYRING_PID:-}" ] && kill "$GNOME_KEYRING_PID" 2>/dev/null || true
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# An unlocked keyring: the password must not be empty, or no collection is made.
eval "$(printf 'liaison-throwaway' | gnome-keyring-daemon --unlock --replace --daemonize --components=secrets 2>/dev/null)"
export GNOME_KEYRING_CONTROL GNOME_KEYRING_PID 2>/dev/null || true

# The fake notification server, logging one line per Notify call.
: "${notifications_log:=$session_dir/notifications.log}"
/usr/bin/python3 -m dbusmock --session -t notification_daemon >"$notifications_log" 2>&1 &
mock_pid=$!
tries=0
until gdbus introspect --session --dest org.freedesktop.Notifications \
        --object-path /org/freedesktop/Notifications >/dev/null 2>&1; do
    tries=$((tries + 1))
    if [ $tries -gt 100 ]; then
        echo "headless-session: the fake notification server did not start" >&2
        exit 1
    fi
    sleep 0.1
done
export GNOTIFICATION_BACKEND=freedesktop

# The display: Xvfb picks a free number and writes it to the pipe.
exec 3>"$session_dir/display"
Xvfb -displayfd 3 -screen 0 1280x800x24 -nolisten tcp >"$session_dir/xvfb.log" 2>&1 &
xvfb_pid=$!
exec 3>&-
tries=0
until [ -s "$session_dir/display" ]; do
    tries=$((tries + 1))
    if [ $tries -gt 100 ]; then
        echo "headless-session: Xvfb did not start:" >&2
        cat "$session_dir/xvfb.log" >&2
        exit 1
    fi
    sleep 0.1
done
export DISPLAY=":$(head -n1 "$session_dir/display")"
export GDK_BACKEND=x11
export GSK_RENDERER=cairo
unset WAYLAND_DISPLAY

status=0
"$@" || status=$?
exit $status
