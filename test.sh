#!/usr/bin/env bash
# The test command: unit tests, mapper tests on the local MariaDB, and pax-exam tests on the built distribution.
set -euo pipefail
cd "$(dirname "$0")"
.ci/prepare-db
exec mvn -B -ntp install "$@"
