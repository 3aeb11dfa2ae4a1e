#!/bin/sh
# Creates lib/rancherd.jsa, the class-data sharing archive that makes rancherd start faster, from
# lib/rancherd.classlist (the classes --version, plan and get-token load), with the bundled runtime
# and the launcher's own class path. JDK 17 binds the archive to the absolute path of the tree, so
# it is made where rancherd is installed: by the .deb's postinst and by install.sh, not at build.
set -eu
home=$(cd "$(dirname "$0")/.." && pwd -P)
rm -f "$home/lib/rancherd.jsa"
log=$(mktemp)
trap 'rm -f "$log"' EXIT
if ! RANCHERD_JAVA_OPTS="-Xshare:dump -XX:SharedClassListFile=$home/lib/rancherd.classlist -XX:SharedArchiveFile=$home/lib/rancherd.jsa" \
  "$home/bin/rancherd" > "$log" 2>&1; then
  cat "$log" >&2
  rm -f "$home/lib/rancherd.jsa"
  echo "cds-archive.sh: could not create $home/lib/rancherd.jsa; rancherd works without it, only starts slower" >&2
  exit 1
fi
chmod 0644 "$home/lib/rancherd.jsa"
