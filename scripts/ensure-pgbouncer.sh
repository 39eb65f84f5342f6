#!/usr/bin/env bash
# Installs Debian's pgbouncer when it is missing, for the PgBouncer suite
# (packages/adapters/test/pgbouncer.postgres.test.ts), `make test-pgbouncer` and `make scale`.
# `make test` runs it first. Under CI=true a failed install fails; elsewhere it warns and the
# PgBouncer suite skips itself. The package may start a system service on 6432: stopped, the tests
# start their own on a free port.
set -euo pipefail
[ -x /usr/sbin/pgbouncer ] && exit 0
bash "$(dirname "$0")/lib/ensure-debian-package.sh" ensure-pgbouncer pgbouncer /usr/sbin/pgbouncer
if [ -x /usr/sbin/pgbouncer ]; then
  if [ "$(id -u)" -eq 0 ]; then service pgbouncer stop >/dev/null 2>&1 || true; else sudo -n service pgbouncer stop >/dev/null 2>&1 || true; fi
fi
