#!/usr/bin/env bash
# Installs Debian's redis-server for the shared-limits tests (crates/server/tests/
# shared_limits.rs start their own on a free loopback port; nothing is left running).
# Exit status 0 when redis-server is there; 1 when it could not be installed.
set -euo pipefail
if command -v redis-server >/dev/null 2>&1; then
  exit 0
fi
echo "install-redis: apt-get install redis-server"
export DEBIAN_FRONTEND=noninteractive
if ! { apt-get update -qq && apt-get install -y -qq --no-install-recommends redis-server >/dev/null; }; then
  echo "install-redis: Debian's packages cannot be reached: the shared-limits tests are skipped" >&2
  exit 1
fi
# The package starts a system service where one can run; the tests start their own.
if command -v service >/dev/null 2>&1; then service redis-server stop >/dev/null 2>&1 || true; fi
command -v redis-server >/dev/null
