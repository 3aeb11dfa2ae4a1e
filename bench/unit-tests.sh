#!/usr/bin/env bash
# Unit-test phase benchmark: how long surefire runs the unit tests (*Test) of this checkout and of
# a baseline revision, in turns on the same machine, with both builds compiled beforehand. The time
# is taken from Maven's own timestamps: from the start of each module's surefire:test to its
# summary line, summed over the modules that hold unit tests.
#
#   bench/unit-tests.sh [--base REV] [--runs N]      (defaults: the first commit of 2026-12-04, 5)
#
# MVN_ARGS adds Maven options (such as -o).
set -euo pipefail
cd "$(dirname "$0")/.."

base=5ff4c86
runs=5
while [ $# -gt 0 ]; do
  case $1 in
    --base) base=$2; shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    *) echo "usage: bench/unit-tests.sh [--base REV] [--runs N]" >&2; exit 2 ;;
  esac
done

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
git clone -q . "$work/base"
git -C "$work/base" checkout -q "$base"
# The modules whose unit tests this compares: rancherd's, and the stand-in's where it is a module
# of its own (its tests were rancherd's before). packaging's few unit tests did not change.
modules_of() {
  if [ -f "$1/standin/pom.xml" ]; then echo standin,rancherd; else echo rancherd; fi
}

# One surefire run of $1's unit-test modules; prints the seconds.
surefire_seconds() {
  # shellcheck disable=SC2086
  (cd "$1" && MAVEN_OPTS="-Dorg.slf4j.simpleLogger.showDateTime=true -Dorg.slf4j.simpleLogger.dateTimeFormat=HH:mm:ss.SSS" \
    mvn -B ${MVN_ARGS:-} test -pl "$(modules_of "$1")" 2>&1) | python3 -c '
import re, sys
from datetime import datetime
start, total, failed = None, 0.0, False
for line in sys.stdin:
    if "BUILD FAILURE" in line:
        failed = True
    m = re.match(r"(\d\d:\d\d:\d\d\.\d\d\d) ", line)
    if not m:
        continue
    t = datetime.strptime(m.group(1), "%H:%M:%S.%f")
    if "maven-surefire-plugin" in line and ":test" in line:
        start = t
    elif start and re.search(r"Tests run: \d+, Failures: \d+, Errors: \d+, Skipped: \d+\s*$", line):
        total += (t - start).total_seconds()
        start = None
print("failed" if failed else "%.2f" % total)
'
}

echo "building both (test-compile) ..."
# shellcheck disable=SC2086
(cd "$work/base" && mvn -B -q ${MVN_ARGS:-} test-compile -pl "$(modules_of "$work/base")" >/dev/null)
# shellcheck disable=SC2086
mvn -B -q ${MVN_ARGS:-} test-compile -pl "$(modules_of .)" >/dev/null
echo "unit-test modules: base $(modules_of "$work/base"); this $(modules_of .)"

b=(); t=()
for i in $(seq "$runs"); do
  b+=("$(surefire_seconds "$work/base")")
  t+=("$(surefire_seconds .)")
  echo "run $i: base ${b[-1]} s, this ${t[-1]} s"
done
python3 - "${b[*]}" "${t[*]}" <<'EOF'
import statistics, sys
b = [float(x) for x in sys.argv[1].split()]
t = [float(x) for x in sys.argv[2].split()]
mb, mt = statistics.median(b), statistics.median(t)
print(f"median: base {mb:.2f} s, this {mt:.2f} s ({mt / mb:.2f} x)")
EOF
