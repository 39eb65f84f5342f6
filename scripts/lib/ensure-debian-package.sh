#!/usr/bin/env bash
# Installs a Debian package when its program is missing: the one install path behind
# scripts/ensure-chromium.sh, ensure-pgbouncer.sh and ensure-wrk.sh.
# usage: ensure-debian-package.sh NAME PACKAGE PROGRAM [required]
#   PROGRAM: a command name or an absolute path; present already -> exit 0, silently.
#   required: a failed install always fails; otherwise it fails only under CI=true and elsewhere
#   warns (the suites that need PROGRAM then skip themselves).
set -euo pipefail

NAME=$1 PACKAGE=$2 PROGRAM=$3 REQUIRED=${4:-}

have() { [ -x "$PROGRAM" ] || command -v "$PROGRAM" >/dev/null 2>&1; }
have && exit 0

fail() {
  echo "$NAME: $1" >&2
  if [ "${CI:-}" = "true" ] || [ "$REQUIRED" = "required" ]; then exit 1; fi
  echo "$NAME: not CI, carrying on; what needs $PACKAGE will be skipped" >&2
  exit 0
}

command -v apt-get >/dev/null 2>&1 || fail "$PROGRAM is missing and there is no apt-get: install $PACKAGE by hand"
SUDO=()
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null 2>&1 || fail "$PROGRAM is missing and installing it needs root"
  SUDO=(sudo -n)
fi

echo "$NAME: installing Debian's $PACKAGE package"
export DEBIAN_FRONTEND=noninteractive
# Try the package lists already there first; refresh them only when that fails.
if ! "${SUDO[@]}" apt-get install -y -qq --no-install-recommends "$PACKAGE" >/dev/null 2>&1; then
  "${SUDO[@]}" apt-get update -qq || fail "apt-get update failed"
  "${SUDO[@]}" apt-get install -y -qq --no-install-recommends "$PACKAGE" >/dev/null || fail "apt-get install $PACKAGE failed"
fi
have || fail "$PACKAGE installed but $PROGRAM is not there"
echo "$NAME: $PACKAGE installed"
