#!/usr/bin/env bash
# The test command: unit tests, mapper tests on the local MariaDB, and pax-exam tests on the built distribution.
# Two passes: every module but the server and fleet integration tests two at a time (compiles and unit tests overlap
# on two cores; tests use their own database schemas and free ports; the archetype test builds generated plugins while
# the benchmarks compile), then those integration tests one module at a time, because they time real processes
# (servers, thirty agents, a browser) that must not compete with each other for the cores.
set -euo pipefail
cd "$(dirname "$0")"
.ci/prepare-db
ITESTS='itests/server-it,itests/fleet-it'
mvn -B -ntp -T 2 install -pl "!${ITESTS//,/,!}" "$@"
exec mvn -B -ntp install -pl "$ITESTS" "$@"
