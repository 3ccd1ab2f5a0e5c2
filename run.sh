#!/usr/bin/env bash
# The run command: builds the server distribution once, unpacks it under target/, and starts it in the foreground.
# With no MODELFLEET_DB_URL it uses an embedded MariaDB under the data dir; nothing else needs installing.
# MODELFLEET_DEMO_AGENTS=N also starts N simulated edge agents (one JVM) running a demo model.
set -euo pipefail
cd "$(dirname "$0")"
version=$(sed -n 's#^  <version>\(.*\)</version>#\1#p' pom.xml | head -1)
archive=distribution/server/target/modelfleet-server-$version.tar.gz
if [ ! -f "$archive" ] || [ -n "$(find platform bundles plugins features distribution/server/src -newer "$archive" -type f -print -quit)" ]; then
  mvn -B -ntp -q install -DskipTests -pl distribution/server -am
fi
home=target/modelfleet-server-$version
if [ ! -d "$home" ] || [ "$archive" -nt "$home" ]; then
  rm -rf "$home.new" && mkdir -p "$home.new"
  tar -xzf "$archive" -C "$home.new" --strip-components=1
  [ -d "$home/data" ] && mv "$home/data" "$home.new/data"   # keep the embedded database across rebuilds
  rm -rf "$home" && mv "$home.new" "$home"
fi
echo "ModelFleet: http://localhost:${MODELFLEET_HTTP_PORT:-8181}/api/v1/health  (log: $home/data/log/karaf.log)"
if [ -z "${MODELFLEET_DEMO_AGENTS:-}" ]; then
  exec "$home/bin/modelfleet" "$@"
fi
# MODELFLEET_DEMO_AGENTS=N: the server plus N simulated edge agents running a demo model
: "${MODELFLEET_ADMIN_PASSWORD:?the demo fleet logs in as admin: set MODELFLEET_ADMIN_PASSWORD too}"
agent=distribution/edge-agent/target/modelfleet-edge-agent-$version.tar.gz
if [ ! -f "$agent" ] || [ ! -f benchmarks/fleet/target/classpath.txt ] || [ "$archive" -nt "$agent" ]; then
  mvn -B -ntp -q install -DskipTests -pl distribution/edge-agent,benchmarks/fleet -am
fi
"$home/bin/modelfleet" "$@" &
server=$!
rm -rf target/demo-fleet
java -cp "benchmarks/fleet/target/classes:$(cat benchmarks/fleet/target/classpath.txt)" \
  io.modelfleet.benchmark.fleet.DemoFleet "http://localhost:${MODELFLEET_HTTP_PORT:-8181}" "$MODELFLEET_DEMO_AGENTS" \
  "$agent" target/demo-fleet &
demo=$!
trap 'kill $demo 2>/dev/null; kill $server 2>/dev/null; wait' INT TERM EXIT
wait $server
