#!/usr/bin/env bash
# Packaging benchmark: the tarball's size, the cold start of `rancherd --version` and
# `rancherd get-token` with and without the class-data archive (median of RUNS each), and the
# peak RSS of a cluster-init bootstrap through the runtime stand-in (see PackagingBenchmark.java).
# Prints figures, asserts nothing. The stand-in listens on fixed loopback ports: do not run it
# while stand-in tests run.
#
#   bench/packaging.sh [RUNS]     (default 11)
#
# SKIP_BUILD=1 reuses the tarball and test classes already built; MVN_ARGS adds Maven options
# (such as -o).
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "${SKIP_BUILD:-}" != 1 ]; then
  # shellcheck disable=SC2086
  mvn -q -B ${MVN_ARGS:-} install -DskipTests -pl packaging -am
fi

tarball=$(ls packaging/target/rancherd-*-linux-*.tar.gz 2>/dev/null | head -n 1)
if [ -z "$tarball" ] || [ ! -f packaging/target/test-classes/io/rancherd/packaging/PackagingBenchmark.class ]; then
  echo "bench/packaging.sh: build first (mvn install -DskipTests -pl packaging -am), or drop SKIP_BUILD" >&2
  exit 1
fi
if [ ! -x /usr/bin/time ]; then
  echo "bench/packaging.sh: /usr/bin/time is missing; install the Debian package time" >&2
  exit 1
fi

# The test class path (rancherd, its test jar with the stand-in), through exec-maven-plugin.
# shellcheck disable=SC2086
exec mvn -q -B ${MVN_ARGS:-} -pl packaging org.codehaus.mojo:exec-maven-plugin:exec \
  -Dexec.executable=java -Dexec.classpathScope=test \
  -Dexec.args="-cp %classpath io.rancherd.packaging.PackagingBenchmark $PWD/$tarball ${1:-11}"
