#!/usr/bin/env bash
# Installs Debian's wrk (the C HTTP load generator `make bench` drives the service with) when it is
# missing. `make bench` runs it first; it fails when it cannot install it, since the bench needs it.
exec bash "$(dirname "$0")/lib/ensure-debian-package.sh" ensure-wrk wrk wrk required
