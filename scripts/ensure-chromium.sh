#!/usr/bin/env bash
# Installs Debian's Chromium (/usr/bin/chromium) for the /docs browser test
# (packages/app-http/test/docs.browser.test.ts) when it is missing. `make test` runs it first.
# Under CI=true a failed install fails; elsewhere it warns and the browser test skips itself.
exec bash "$(dirname "$0")/lib/ensure-debian-package.sh" ensure-chromium chromium /usr/bin/chromium
