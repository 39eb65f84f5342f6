#!/usr/bin/env bash
# Installs Debian's pgbouncer when it is missing, for the PgBouncer suite
# (packages/adapters/test/pgbouncer.postgres.test.ts), `make test-pgbouncer` and `make scale`.
# `make test` runs it first. Idempotent and silent when pgbouncer is there. Under CI=true a failed
# install fails; elsewhere it warns and the PgBouncer suite skips itself.
set -euo pipefail

for bin in pgbouncer /usr/sbin/pgbouncer /usr/bin/pgbouncer; do
  command -v "$bin" >/dev/null 2>&1 && exit 0
done

fail() {
  echo "ensure-pgbouncer: $1" >&2
  if [ "${CI:-}" = "true" ]; then exit 1; fi
  echo "ensure-pgbouncer: not CI, carrying on; the PgBouncer suite will be skipped" >&2
  exit 0
}

command -v apt-get >/dev/null 2>&1 || fail "pgbouncer is missing and there is no apt-get: install it by hand"
SUDO=()
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null 2>&1 || fail "pgbouncer is missing and installing it needs root"
  SUDO=(sudo -n)
fi

echo "ensure-pgbouncer: installing Debian's pgbouncer package"
export DEBIAN_FRONTEND=noninteractive
"${SUDO[@]}" apt-get update -qq || fail "apt-get update failed"
"${SUDO[@]}" apt-get install -y -qq --no-install-recommends pgbouncer >/dev/null || fail "apt-get install pgbouncer failed"
# The package starts a system service on 6432; the tests start their own on a free port.
"${SUDO[@]}" service pgbouncer stop >/dev/null 2>&1 || true
command -v pgbouncer >/dev/null 2>&1 || [ -x /usr/sbin/pgbouncer ] || fail "pgbouncer installed but not found"
echo "ensure-pgbouncer: $(/usr/sbin/pgbouncer --version 2>/dev/null | head -1 || echo installed)"
