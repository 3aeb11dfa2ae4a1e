#!/usr/bin/env bash
# Bootstrap benchmark: a cluster-init k3s node on the runtime stand-in, bootstrapped with every
# rancherd step as its own process and with rancherd's own steps in the bootstrap's JVM, in
# alternating pairs (see BootstrapBenchmark.java). Uses the stand-in's fixed ports, so it takes
# /tmp/rancherd-it.lock like the integration tests.
#
#   bench/bootstrap.sh [--runs 5] [--baseline DIST]    DIST: another build's distribution or unpacked
#                                                     tarball (such as main's), run in-process
#
# DIST=TREE bootstraps with TREE (an unpacked tarball, with its runtime and class-data archive)
# instead of rancherd/target/rancherd. SKIP_BUILD=1 reuses the classes and the distribution already
# built; MVN_ARGS adds Maven options (such as -o).
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "${SKIP_BUILD:-}" != 1 ]; then
  # shellcheck disable=SC2086
  mvn -q -B ${MVN_ARGS:-} package -DskipTests
fi

dist=${DIST:-rancherd/target/rancherd}
classes=rancherd/target/test-classes
if [ ! -x "$dist/bin/rancherd" ] || [ ! -f "$classes/io/rancherd/cli/BootstrapBenchmark.class" ]; then
  echo "bench/bootstrap.sh: build first (mvn package -DskipTests), or drop SKIP_BUILD" >&2
  exit 1
fi
cp=$(mktemp)
trap 'rm -f "$cp"' EXIT
# shellcheck disable=SC2086
mvn -q -B ${MVN_ARGS:-} -pl rancherd dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile="$cp" >/dev/null
exec flock /tmp/rancherd-it.lock java -Drancherd.dist="$(cd "$dist" && pwd -P)" \
  -cp "$classes:$(cat "$cp")" io.rancherd.cli.BootstrapBenchmark "$@"
