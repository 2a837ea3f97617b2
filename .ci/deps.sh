#!/usr/bin/env bash
# Installs the Debian packages the project needs, only those that are missing.
set -euo pipefail
pkgs=(build-essential pkg-config liblua5.4-dev lua5.4 libjansson-dev libcmocka-dev
      libsdl2-dev libsdl2-ttf-dev libsdl2-image-dev libpng-dev fonts-dejavu-core lcov libedit-dev libmicrohttpd-dev
      clang libclang-rt-14-dev cppcheck xvfb
      groff-base man-db libxml2-utils jq   # the manual page, JUnit XML and --json checks (tests/cli)
      curl)                                # the live REST API against `playground shell` (tests/shell)
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
echo "installing: ${missing[*]}"
SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
