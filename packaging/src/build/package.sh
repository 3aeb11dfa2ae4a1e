#!/bin/sh
# Turns the staged tree (bin/, lib/*.jar, systemd/, install.sh) into what operators install:
# adds a jlink runtime with the JDK modules rancherd needs and the class list of the class-data
# sharing archive, then packs the tarball and its .sha256 file. Called by Maven (exec-maven-plugin) at `package`.
#
#   package.sh JDK TREE OUT EXAMPLE_CONFIG VERSION
#
# JDK is the JDK 17 whose jmods/ is linked; TREE is target/stage/rancherd-<version>-linux-<arch>;
# OUT (target/) receives modules.txt, the tarball, <tarball>.sha256, deb/changelog.gz, deb/man/
# (the tree's manual pages, gzipped for the .deb) and deb/control/ (src/deb/control with the
# computed Depends). The tree gets lib/glibc-required.
set -eu

jdk=$1
tree=$2
out=$3
example=$4
version=$5
name=$(basename "$tree")

# Modules jdeps cannot see: rancherd reaches them through service providers only.
#   jdk.crypto.ec  EC keys and ECDHE for TLS (the runtimes' certificates are EC)
#   jdk.random     the algorithms behind RandomGenerator.getDefault() (L32X64MixRandom), which the
#                  retry jitter of the registry client uses: without it every pull fails
extra_modules=jdk.crypto.ec,jdk.random
# java.desktop (java.beans, for Jackson and SnakeYAML) brings native libraries for X11, fonts,
# images and sound that a headless daemon never loads, and that would need X11 and more on the node.
excluded_natives='**/libawt_xawt.so,**/libjawt.so,**/libsplashscreen.so,**/libfontmanager.so,**/libjavajpeg.so,**/liblcms.so,**/libjsound.so'

fail() {
  echo "package.sh: $*" >&2
  exit 1
}

[ -d "$jdk/jmods" ] || fail "$jdk has no jmods/ to link a runtime from; install openjdk-17-jmods (Debian) or set -Drancherd.jdk=<JDK 17 with jmods>"

lib=$tree/lib
main_jar=$(cd "$lib" && ls rancherd-*.jar)

# The class path, in a fixed order (the CDS archive needs the same order at every start):
# rancherd first, then the jars every command reads from, then the rest by name (C locale), and
# last the jars only some commands need. A class the archive does not hold (picocli's Java 5
# interfaces, which JDK 17 cannot archive; BouncyCastle's, from signed jars) is searched for jar
# by jar in this order, and each jar the search passes is opened and its central directory read:
# with picocli after bcprov (8 MB) and kotlin-stdlib, every `--version`, `plan` and `status` opened
# all 19 jars.
first='picocli- slf4j-api- snakeyaml- jackson-core- jackson-databind- jackson-annotations-'
last='jmdns- bcutil-jdk18on- bcpkix-jdk18on- bcprov-jdk18on- annotations-'
{
  echo "$main_jar"
  all=$(cd "$lib" && LC_ALL=C ls -- *.jar | grep -vx "$main_jar")
  for prefix in $first; do echo "$all" | grep "^$prefix[0-9]" || true; done
  for jar in $all; do
    listed=
    for prefix in $first $last; do
      case $jar in "$prefix"[0-9]*) listed=y ;; esac
    done
    [ -n "$listed" ] || echo "$jar"
  done
  for prefix in $last; do echo "$all" | grep "^$prefix[0-9]" || true; done
} > "$lib/classpath"
[ "$(LC_ALL=C sort "$lib/classpath")" = "$(cd "$lib" && LC_ALL=C ls -- *.jar)" ] \
  || fail "lib/classpath does not list every jar of lib/ once: $(paste -sd' ' "$lib/classpath")"
deps=
while IFS= read -r jar; do
  [ "$jar" = "$main_jar" ] || deps=$deps${deps:+:}$lib/$jar
done < "$lib/classpath"

echo "package.sh: jdeps over $main_jar and its $(($(wc -l < "$lib/classpath") - 1)) dependencies"
found=$("$jdk/bin/jdeps" --print-module-deps --ignore-missing-deps --multi-release 17 \
  --class-path "$deps" "$lib/$main_jar")
modules=$(echo "$found,$extra_modules" | tr ',' '\n' | LC_ALL=C sort -u | paste -sd, -)
echo "$modules" | tr ',' '\n' > "$out/modules.txt"
echo "package.sh: jlink $modules"

rm -rf "$tree/runtime"
"$jdk/bin/jlink" --module-path "$jdk/jmods" --add-modules "$modules" \
  --strip-debug --no-header-files --no-man-pages --compress=2 \
  --exclude-files="$excluded_natives" \
  --output "$tree/runtime" > /dev/null
# As dh_strip does: no symbol tables or notes left in the JDK's executables and shared objects.
find "$tree/runtime" -type f -name '*.so' -exec strip --remove-section=.comment --remove-section=.note --strip-unneeded {} +
find "$tree/runtime/bin" "$tree/runtime/lib" -type f -perm -u+x ! -name '*.so' -exec strip --remove-section=.comment --remove-section=.note {} +

# The oldest glibc the runtime runs on: the newest GLIBC_x.y symbol version its executables and
# shared objects ask for. install.sh refuses an older glibc with one line, and the .deb depends on
# libc6 (>= it), instead of a node that installs and then fails at every start ("GLIBC_2.34 not
# found").
glibc=$(find "$tree/runtime" -type f \( -name '*.so' -o -perm -u+x \) -exec objdump -T {} + 2>/dev/null \
  | grep -o 'GLIBC_[0-9][0-9.]*' | sed 's/^GLIBC_//' | sort -t. -k1,1n -k2,2n -k3,3n -u | tail -n 1)
[ -n "$glibc" ] || fail "found no GLIBC_ symbol version in $tree/runtime (is objdump from binutils installed?)"
echo "$glibc" > "$lib/glibc-required"
echo "package.sh: the runtime needs glibc $glibc or newer"

# The class list for the class-data sharing archive: the classes that `--version`, `plan`,
# `get-token` and the step commands load with the bundled runtime. JDK 17 binds an archive to the absolute path of the
# tree, so lib/cds-archive.sh makes the archive where rancherd is installed; here it is made once
# in the staged tree to check that the list dumps, then removed.
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/root/var/lib/rancher/k3s/server"
echo "K10$(printf '%064d' 0)::server:class-list-training" > "$work/root/var/lib/rancher/k3s/server/token"
train() {
  RANCHERD_JAVA_OPTS="-Xshare:off -XX:DumpLoadedClassList=$work/classes-$1.txt" \
    "$tree/bin/rancherd" "$@" > /dev/null 2> "$work/train.log" \
    || { cat "$work/train.log" >&2; fail "training run 'rancherd $*' failed"; }
}
# The plan's own steps run in the JVM of the bootstrap, and the commands an operator runs: trained
# too, on a root with nothing installed, where they fail after loading what their work needs
# (their exit status is not checked; an empty class list is).
train_failing() {
  RANCHERD_JAVA_OPTS="-Xshare:off -XX:DumpLoadedClassList=$work/classes-$1.txt" \
    "$tree/bin/rancherd" "$@" > /dev/null 2>&1 || true
  [ -s "$work/classes-$1.txt" ] || fail "training run 'rancherd $*' loaded no class"
}
train --version
train plan --root "$work/root" --config "$example"
train get-token --root "$work/root"
RANCHERD_JAVA_OPTS=-Xshare:off "$tree/bin/rancherd" plan --root "$work/root" --config "$example" \
  > "$work/root/plan.json" 2> /dev/null
printf 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: training}\n' > "$work/root/manifest.yaml"
train_failing status --root "$work/root"
train_failing info --root "$work/root"
train_failing probe --root "$work/root" --plan /plan.json --timeout 1ms --interval 1ms
train_failing wait node --root "$work/root" --runtime k3s --timeout 1ms
train_failing apply-manifest --root "$work/root" --file /manifest.yaml --to /manifests/training.yaml
# The training runs' lists merged: each class once, in the order it was loaded, and each lambda
# line as often as one run has it. Two call sites of a class that make the same lambda (the same
# method reference twice) give two equal @lambda-proxy lines, one archived class each; removing
# duplicates (as `sort -u` did) left 8 of the lambdas `plan` makes out of the archive, each then
# spun at run time.
awk '/^#/ { next }
  /^@lambda-proxy/ { n = ++count[FILENAME, $0]; if (n > most[$0]) { most[$0] = n; print }; next }
  !seen[$0]++' "$work"/classes-*.txt > "$lib/rancherd.classlist"
"$tree/lib/cds-archive.sh" || fail "lib/rancherd.classlist does not dump into a class-data archive"
rm -f "$lib/rancherd.jsa"
# jlink leaves some files read-only (0444); packages want 0644.
chmod -R u+w "$tree"
echo "package.sh: lib/rancherd.classlist lists $(grep -c . "$lib/rancherd.classlist") classes"

# The tarball, with root ownership and a fixed time and order.
mtime=${SOURCE_DATE_EPOCH:-$(git -C "$tree" log -1 --format=%ct 2>/dev/null || date +%s)}
tarball=$out/$name.tar.gz
tar --sort=name --owner=0 --group=0 --numeric-owner --mtime="@$mtime" -C "$(dirname "$tree")" -cf - "$name" \
  | gzip -9n > "$tarball"
(cd "$out" && sha256sum "$name.tar.gz" > "$name.tar.gz.sha256")
echo "package.sh: $tarball ($(du -k "$tarball" | cut -f1) KiB)"

# The .deb's control files, with the computed libc6 version in Depends: the packages the runtime's
# shared objects need (objdump -p: NEEDED), once the X11, font, image and sound libraries are left
# out above.
rm -rf "$out/deb/control"
mkdir -p "$out/deb/control"
cp "$(dirname "$0")/../deb/control/"* "$out/deb/control/"
sed -i "s/^Depends: .*/Depends: libc6 (>= $glibc), libgcc-s1, libstdc++6, zlib1g/" "$out/deb/control/control"

# The Debian changelog of this native package, one entry for this version, and the manual pages,
# gzipped as Debian policy wants (the tarball keeps them plain: install.sh copies them as they are).
mkdir -p "$out/deb"
rm -rf "$out/deb/man"
mkdir "$out/deb/man"
for page in "$tree"/share/man/man8/*.8; do
  [ -f "$page" ] || fail "$tree/share/man/man8 has no manual page; docs.sh and asciidoctor make them at prepare-package"
  gzip -9n < "$page" > "$out/deb/man/$(basename "$page").gz"
done
cat <<CHANGELOG | gzip -9n > "$out/deb/changelog.gz"
rancherd ($version) unstable; urgency=medium

  * rancherd $version.

 -- rancherd authors <rancherd@example.org>  $(LC_ALL=C date -u -d "@$mtime" '+%a, %d %b %Y %H:%M:%S +0000')
CHANGELOG
