#!/bin/sh
# Install review_app into ./.venv from scratch. With --dev: test tools too, and Debian's
# Chromium (browser tests) and PostgreSQL server binaries (the store tests run on a throwaway
# cluster) through apt-get, when run as root and they are missing.
set -eu
cd "$(dirname "$0")/.."
python3 -m venv .venv
.venv/bin/python -m pip install --quiet --upgrade pip
if [ "${1:-}" = "--dev" ]; then
    .venv/bin/python -m pip install --quiet -r requirements-dev.txt -e .
    missing=""
    [ -x /usr/bin/chromium ] || missing="chromium"
    ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing="$missing postgresql"
    if [ -n "$missing" ] && command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = "0" ]; then
        apt-get update -qq
        # shellcheck disable=SC2086 # the list is meant to split into package names
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing >/dev/null
    fi
else
    .venv/bin/python -m pip install --quiet -r requirements.txt -e .
fi
