#!/usr/bin/env bash
# Installs Debian's Chromium (/usr/bin/chromium) for the /docs browser test
# (packages/app-http/test/docs.browser.test.ts) when it is missing. `make test` runs it first.
# Idempotent and silent when Chromium is there. Under CI=true a failed install fails; elsewhere it
# warns and the browser test skips itself.
set -euo pipefail

CHROMIUM=/usr/bin/chromium
[ -x "$CHROMIUM" ] && exit 0

fail() {
  echo "ensure-chromium: $1" >&2
  if [ "${CI:-}" = "true" ]; then exit 1; fi
  echo "ensure-chromium: not CI, carrying on; the /docs browser test will be skipped" >&2
  exit 0
}

command -v apt-get >/dev/null 2>&1 || fail "$CHROMIUM is missing and there is no apt-get: install Chromium by hand"
SUDO=()
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null 2>&1 || fail "$CHROMIUM is missing and installing it needs root"
  SUDO=(sudo -n)
fi

echo "ensure-chromium: installing Debian's chromium package"
export DEBIAN_FRONTEND=noninteractive
"${SUDO[@]}" apt-get update -qq || fail "apt-get update failed"
"${SUDO[@]}" apt-get install -y -qq --no-install-recommends chromium >/dev/null || fail "apt-get install chromium failed"
[ -x "$CHROMIUM" ] || fail "chromium installed but $CHROMIUM is not there"
echo "ensure-chromium: $("$CHROMIUM" --version 2>/dev/null || echo installed)"
