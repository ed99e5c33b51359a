#!/usr/bin/env bash
# Installs Debian packages for .ci/run and scripts/demo.sh on a fresh machine, as root or through sudo.
# Usage: bash scripts/apt-install.sh "<what needs them>" <package>...
# Without apt-get, or as a user without sudo, it says what is missing and succeeds: what needs the
# packages then fails with its own message (or finds them some other way).
set -euo pipefail
need=$1
shift
[ "$#" -gt 0 ] || exit 0

if ! command -v apt-get >/dev/null 2>&1; then
  echo "Missing $* ($need), and no apt-get to install them: install them yourself." >&2
  exit 0
fi
sudo=""
if [ "$(id -u)" != 0 ]; then
  if ! command -v sudo >/dev/null 2>&1; then
    echo "Missing $* ($need), and no sudo to install them: install them as root (apt-get install $*)." >&2
    exit 0
  fi
  sudo="sudo"
fi

echo "› installing $* (apt-get) for $need"
# One unreachable or unsigned source fails `update` and leaves the other sources' lists usable.
$sudo apt-get update -qq >/dev/null || echo "apt-get update failed (see above); installing from the package lists there are" >&2
# Through `env`: sudo does not pass DEBIAN_FRONTEND on, and a package's configuration (tzdata) would prompt.
$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
