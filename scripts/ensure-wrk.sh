#!/usr/bin/env bash
# Installs Debian's wrk (the C HTTP load generator `make bench` drives the service with) when it is
# missing. `make bench` runs it first. Idempotent and silent when wrk is there; fails when it
# cannot install it, since the bench cannot run without it.
set -euo pipefail

command -v wrk >/dev/null 2>&1 && exit 0

fail() {
  echo "ensure-wrk: $1" >&2
  exit 1
}

command -v apt-get >/dev/null 2>&1 || fail "wrk is missing and there is no apt-get: install wrk by hand"
SUDO=()
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null 2>&1 || fail "wrk is missing and installing it needs root"
  SUDO=(sudo -n)
fi

echo "ensure-wrk: installing Debian's wrk package"
export DEBIAN_FRONTEND=noninteractive
# Try the package lists already there first; refresh them only when that fails.
if ! "${SUDO[@]}" apt-get install -y -qq --no-install-recommends wrk >/dev/null 2>&1; then
  "${SUDO[@]}" apt-get update -qq || fail "apt-get update failed"
  "${SUDO[@]}" apt-get install -y -qq --no-install-recommends wrk >/dev/null || fail "apt-get install wrk failed"
fi
command -v wrk >/dev/null 2>&1 || fail "wrk installed but not on PATH"
echo "ensure-wrk: $(wrk --version 2>&1 | head -1)"
