#!/bin/sh
# Installs the Debian 12 packages Liaison needs to build, run and test, when
# any is missing. Uses sudo when not run as root.
set -eu

packages="
    meson ninja-build pkg-config gettext gcc g++
    libglib2.0-dev libglib2.0-bin libgtk-4-dev libadwaita-1-dev libsoup-3.0-dev
    libjson-glib-dev libsecret-1-dev libsqlite3-dev libphonenumber-dev
    xvfb xauth dbus dbus-x11 at-spi2-core dconf-service dconf-gsettings-backend
    gnome-keyring libsecret-tools
    python3 python3-dbusmock python3-jsonschema
    desktop-file-utils appstream imagemagick x11-utils xdotool
    clang libclang-rt-14-dev
"

missing=
for package in $packages; do
    if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed'; then
        missing="$missing $package"
    fi
done

if [ -z "$missing" ]; then
    exit 0
fi

if [ "$(id -u)" -eq 0 ]; then
    sudo=
elif command -v sudo >/dev/null 2>&1; then
    sudo=sudo
else
    echo "install-deps: these packages are missing and I am neither root nor able to sudo:$missing" >&2
    exit 1
fi

echo "Installing:$missing"
$sudo env DEBIAN_FRONTEND=noninteractive apt-get update -q
# shellcheck disable=SC2086
$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $missing
