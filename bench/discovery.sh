#!/usr/bin/env bash
# Discovery benchmark: N rancherd servers, each in its own network namespace, started about at
# once; reports how long until every node has decided, from the last node's start and from its
# configuration loaded, with the machine's load (see DiscoveryBenchmark.java). With --baseline DIST
# (another build's rancherd/target/rancherd, such as main's) its runs alternate with this build's
# and both are printed side by side. Needs root and iproute2. Uses the namespaces rdit*, the bridge rditbr0 and 10.78.0.0/24 (removed at the
# end of every run), so it waits while DiscoveryIT or AvahiInteropIT hold the test bed.
#
#   bench/discovery.sh [--nodes 3,5,10] [--runs 5] [--expected-servers 3] [--timeout-seconds 300]
#                      [--baseline DIST] [--keep-logs DIR]
#
# SKIP_BUILD=1 reuses the classes and the distribution already built; MVN_ARGS adds Maven
# options (such as -o).
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "${SKIP_BUILD:-}" != 1 ]; then
  # shellcheck disable=SC2086
  mvn -q -B ${MVN_ARGS:-} package -DskipTests
fi

dist=rancherd/target/rancherd
classes=rancherd/target/test-classes
if [ ! -x "$dist/bin/rancherd" ] || [ ! -f "$classes/io/rancherd/discovery/DiscoveryBenchmark.class" ]; then
  echo "bench/discovery.sh: build first (mvn package -DskipTests), or drop SKIP_BUILD" >&2
  exit 1
fi

# The test classes, and the distribution's own jars (rancherd and its runtime dependencies).
# The benchmark needs nothing of JUnit.
exec java -Drancherd.dist="$PWD/$dist" -cp "$classes:$dist/lib/*" io.rancherd.discovery.DiscoveryBenchmark "$@"
