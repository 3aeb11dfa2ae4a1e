#!/usr/bin/env bash
# Start-up benchmark: `rancherd --version`, `plan` and `status` against a JVM hello world on the
# same bundled runtime, each with the class-data archive of the tree's class list, and with the
# archive relocated (JDK 17.0.15's default) or mapped where it was dumped (-XX:ArchiveRelocationMode=0,
# what the launcher asks for). Runs interleaved, so each pair sees the same machine load; prints
# the median wall time, CPU time (user + system) and peak RSS of each. Needs /usr/bin/time.
#
#   bench/startup.sh TREE [RUNS]    TREE: an unpacked tarball (rancherd-<version>-linux-<arch>)
set -euo pipefail
tree=$(cd "${1:?usage: bench/startup.sh TREE [RUNS]}" && pwd -P)
runs=${2:-9}
example=$(cd "$(dirname "$0")/.." && pwd -P)/cloud-config-examples/single-node.yaml
java=$tree/runtime/bin/java
[ -x "$java" ] && [ -f "$tree/lib/rancherd.classlist" ] || { echo "bench/startup.sh: $tree is not an unpacked tarball" >&2; exit 1; }
cp=$(sed "s|^|$tree/lib/|" "$tree/lib/classpath" | paste -sd:)
w=$(mktemp -d)
trap 'rm -rf "$w"' EXIT
mkdir -p "$w/root/var/lib/rancher/k3s/server"
echo "K10$(printf '%064d' 0)::server:benchmark" > "$w/root/var/lib/rancher/k3s/server/token"
# the launcher's flags
flags="-XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xms8m -Xmx128m"
main="-Drancherd.self=$tree/bin/rancherd -cp $cp io.rancherd.Main"
# shellcheck disable=SC2086
$java $flags -Xshare:dump -XX:SharedClassListFile="$tree/lib/rancherd.classlist" \
  -XX:SharedArchiveFile="$w/rancherd.jsa" -cp "$cp" > /dev/null 2>&1
mkdir "$w/hello"
echo 'public class Hello { public static void main(String[] a) { System.out.println("hello"); } }' > "$w/hello/Hello.java"
javac --release 17 -d "$w/hello" "$w/hello/Hello.java"
(cd "$w/hello" && jar cf ../hello.jar Hello.class)
# shellcheck disable=SC2086
$java $flags -Xshare:off -XX:DumpLoadedClassList="$w/hello.list" -cp "$w/hello.jar" Hello > /dev/null
# shellcheck disable=SC2086
$java $flags -Xshare:dump -XX:SharedClassListFile="$w/hello.list" -XX:SharedArchiveFile="$w/hello.jsa" \
  -cp "$w/hello.jar" > /dev/null 2>&1
mapped="-XX:+UnlockDiagnosticVMOptions -XX:ArchiveRelocationMode=0"
one() {
  local label=$1
  shift
  /usr/bin/time -f "%e %U %S %M" -o "$w/time" "$@" > /dev/null 2>&1 || true
  echo "$label $(tail -n 1 "$w/time")" >> "$w/raw"
}
hello="-XX:SharedArchiveFile=$w/hello.jsa -cp $w/hello.jar Hello"
rd="-XX:SharedArchiveFile=$w/rancherd.jsa $main"
for _ in $(seq 1 "$runs"); do
  for mode in relocated mapped; do
    extra=
    [ $mode = mapped ] && extra=$mapped
    # shellcheck disable=SC2086
    {
      one "hello/$mode" $java $flags $extra $hello
      one "--version/$mode" $java $flags $extra $rd --version
      one "plan/$mode" $java $flags $extra $rd plan --root "$w/root" --config "$example"
      one "status/$mode" $java $flags $extra $rd status --root "$w/root"
    }
  done
done
median() { sort -n | sed -n "$(( (runs + 1) / 2 ))p"; }
printf '%-20s %8s %8s %9s %14s\n' "median of $runs" "wall s" "CPU s" "RSS MB" "wall / hello"
for mode in relocated mapped; do
  base=$(grep "^hello/$mode " "$w/raw" | awk '{print $2}' | median)
  for cmd in hello --version plan status; do
    rows=$(grep -F -- "$cmd/$mode " "$w/raw" | grep "^$cmd/")
    wall=$(echo "$rows" | awk '{print $2}' | median)
    cpu=$(echo "$rows" | awk '{print $3 + $4}' | median)
    rss=$(echo "$rows" | awk '{printf "%.1f\n", $5 / 1024}' | median)
    printf '%-20s %8s %8s %9s %14s\n' "$cmd ($mode)" "$wall" "$cpu" "$rss" \
      "$(awk -v a="$wall" -v b="$base" 'BEGIN { printf "%.1fx", a / b }')"
  done
done
