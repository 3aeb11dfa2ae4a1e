#!/bin/sh
# Installs rancherd from its tarball: the tree under /usr/lib/rancherd, /usr/bin/rancherd, the
# manual pages and shell completion under /usr/share, and the unit
# /etc/systemd/system/rancherd.service, enabled (not started) unless --no-enable.
# Run `install.sh --help` for the options.
set -eu

usage() {
  cat <<'USAGE'
Usage: install.sh (--tarball FILE | --url URL) [--sha256 HEX] [--root DIR] [--no-enable]

Installs rancherd from its tarball (rancherd-<version>-linux-<arch>.tar.gz):
  /usr/lib/rancherd/                   the tree (bin/, lib/, runtime/: it needs no Java on the node),
                                       and lib/rancherd.jsa, its class-data archive (not with --root)
  /usr/bin/rancherd                    a symlink to /usr/lib/rancherd/bin/rancherd
  /usr/share/man/man8/rancherd*.8      the manual pages (man rancherd)
  /usr/share/bash-completion/completions/rancherd, /usr/share/zsh/vendor-completions/_rancherd
                                       bash and zsh completion
  /etc/systemd/system/rancherd.service the boot unit, enabled but not started

Options:
  --tarball FILE  install from a local tarball
  --url URL       download the tarball with curl or wget
  --sha256 HEX    the tarball's expected SHA-256; without it, FILE.sha256 beside the tarball
                  (or URL.sha256) is used. A tarball whose checksum does not match is refused
                  and nothing is changed.
  --root DIR      install under DIR instead of / (image builds, tests)
  --no-enable     install the unit without enabling it
  --help          print this help

Running it again with the same tarball changes nothing; a tarball of another version replaces
the installed one.
USAGE
}

fail() {
  echo "install.sh: $*" >&2
  exit 1
}

tarball=
url=
expected=
root=
enable=yes
while [ $# -gt 0 ]; do
  case $1 in
    --tarball) [ $# -ge 2 ] || fail "--tarball needs a file"; tarball=$2; shift 2 ;;
    --url) [ $# -ge 2 ] || fail "--url needs a URL"; url=$2; shift 2 ;;
    --sha256) [ $# -ge 2 ] || fail "--sha256 needs a hex SHA-256"; expected=$2; shift 2 ;;
    --root) [ $# -ge 2 ] || fail "--root needs a directory"; root=$2; shift 2 ;;
    --no-enable) enable=no; shift ;;
    -h | --help) usage; exit 0 ;;
    *) fail "unknown option '$1'; see install.sh --help" ;;
  esac
done

if [ -n "$tarball" ] && [ -n "$url" ]; then
  fail "give --tarball or --url, not both"
fi
if [ -z "$tarball" ] && [ -z "$url" ]; then
  fail "nothing to install: give --tarball FILE or --url URL (see install.sh --help)"
fi
if [ -n "$root" ]; then
  [ -d "$root" ] || fail "--root $root is not a directory; create it first"
  root=$(cd "$root" && pwd -P)
elif [ "$(id -u)" != 0 ]; then
  fail "installing into / needs root: run it with sudo, or pass --root DIR"
fi

sha256() {
  if command -v sha256sum > /dev/null 2>&1; then
    sha256sum "$1" | cut -d' ' -f1
  elif command -v shasum > /dev/null 2>&1; then
    shasum -a 256 "$1" | cut -d' ' -f1
  else
    fail "neither sha256sum nor shasum is installed; install coreutils"
  fi
}

# download URL FILE: fails with one line naming the URL and what curl or wget said.
download() {
  if command -v curl > /dev/null 2>&1; then
    curl -fsSL -o "$2" "$1" 2> "$work/download.err" && return 0
  elif command -v wget > /dev/null 2>&1; then
    wget -q -O "$2" "$1" 2> "$work/download.err" && return 0
  else
    fail "downloading $1 needs curl or wget; install one of them"
  fi
  fail "cannot download $1 ($(tail -n 1 "$work/download.err")); $3"
}

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Whether FILE has its owner's execute bit: read from the mode, not asked of the file system, since
# on a /tmp mounted noexec `test -x` says no for every file.
has_exec_bit() {
  [ -f "$1" ] && [ -n "$(find "$1" -prune -perm -u+x)" ]
}

# The tarball and its expected checksum.
if [ -n "$url" ]; then
  tarball=$work/rancherd.tar.gz
  download "$url" "$tarball" "check the URL and the network"
  if [ -z "$expected" ]; then
    download "$url.sha256" "$work/tarball.sha256" "it is needed to check the tarball; or pass --sha256 HEX"
    expected=$(cut -d' ' -f1 < "$work/tarball.sha256")
  fi
else
  [ -f "$tarball" ] || fail "tarball $tarball does not exist; check the path"
  if [ -z "$expected" ]; then
    [ -f "$tarball.sha256" ] || fail "no checksum for $tarball: put $tarball.sha256 beside it or pass --sha256 HEX"
    expected=$(cut -d' ' -f1 < "$tarball.sha256")
  fi
fi
expected=$(echo "$expected" | tr 'A-F' 'a-f')
actual=$(sha256 "$tarball")
if [ "$actual" != "$expected" ]; then
  fail "SHA-256 mismatch for $tarball: expected $expected, got $actual; nothing was installed (download it again, or check the checksum)"
fi

# The tree inside: exactly one top directory rancherd-<version>-linux-<arch>/.
mkdir "$work/x"
tar -xzf "$tarball" -C "$work/x" || fail "cannot extract $tarball; is it a rancherd tarball?"
set -- "$work"/x/rancherd-*
[ $# -eq 1 ] && has_exec_bit "$1/bin/rancherd" && has_exec_bit "$1/runtime/bin/java" && [ -f "$1/systemd/rancherd.service" ] \
  || fail "$tarball is not a rancherd tarball (expected rancherd-<version>-linux-<arch>/bin/rancherd, runtime/, systemd/)"
tree=$1
name=$(basename "$tree")

# The node's glibc must be as new as the runtime needs (package.sh records it).
if [ -f "$tree/lib/glibc-required" ]; then
  required=$(cat "$tree/lib/glibc-required")
  have=$(getconf GNU_LIBC_VERSION 2>/dev/null | sed -n 's/^glibc //p')
  [ -n "$have" ] || fail "this node has no glibc (getconf GNU_LIBC_VERSION says nothing), and rancherd's runtime needs glibc $required or newer; nothing was installed"
  oldest=$(printf '%s\n%s\n' "$required" "$have" | sort -t. -k1,1n -k2,2n | head -n 1)
  if [ "$oldest" != "$required" ]; then
    fail "this node has glibc $have, and rancherd's runtime needs glibc $required or newer (Debian 12, Ubuntu 22.04, RHEL 9 or later); nothing was installed"
  fi
fi

lib=$root/usr/lib/rancherd
link=$root/usr/bin/rancherd
unit=$root/etc/systemd/system/rancherd.service
wants=$root/etc/systemd/system/multi-user.target.wants/rancherd.service
changed=no

# The tree, swapped in whole: a new version never mixes with the old one.
if [ -f "$lib/.tarball.sha256" ] && [ "$(cat "$lib/.tarball.sha256")" = "$actual" ]; then
  echo "install.sh: $name is already installed in $lib"
else
  mkdir -p "$root/usr/lib" "$root/usr/bin"
  rm -rf "$lib.new" "$lib.old"
  cp -R "$tree" "$lib.new"
  rm -rf "$lib.new/systemd" "$lib.new/install.sh" "$lib.new/share"
  echo "$actual" > "$lib.new/.tarball.sha256"
  if [ -e "$lib" ]; then
    mv "$lib" "$lib.old"
  fi
  mv "$lib.new" "$lib"
  rm -rf "$lib.old"
  echo "install.sh: installed $name in $lib"
  changed=yes
  # The class-data archive is bound to the tree's absolute path: it is made where rancherd runs.
  if [ -z "$root" ]; then
    "$lib/lib/cds-archive.sh" && echo "install.sh: created $lib/lib/rancherd.jsa" \
      || echo "install.sh: warning: no class-data archive; rancherd works, only starts slower" >&2
  else
    echo "install.sh: no class-data archive under --root (it is bound to the path rancherd runs from); run /usr/lib/rancherd/lib/cds-archive.sh on the node to add it"
  fi
fi
if [ "$(readlink "$link" 2>/dev/null || true)" != ../lib/rancherd/bin/rancherd ]; then
  ln -sfn ../lib/rancherd/bin/rancherd "$link"
  echo "install.sh: linked $link"
  changed=yes
fi
# The manual pages and completion, where man, bash-completion and zsh look for them.
docs=no
if [ -d "$tree/share" ]; then
  for file in $(cd "$tree/share" && find . -type f | LC_ALL=C sort); do
    file=${file#./}
    if ! cmp -s "$tree/share/$file" "$root/usr/share/$file"; then
      mkdir -p "$(dirname "$root/usr/share/$file")"
      cp "$tree/share/$file" "$root/usr/share/$file.new"
      chmod 0644 "$root/usr/share/$file.new"
      mv "$root/usr/share/$file.new" "$root/usr/share/$file"
      docs=yes
    fi
  done
fi
if [ "$docs" = yes ]; then
  echo "install.sh: installed the manual pages (man rancherd) and the bash and zsh completion in $root/usr/share"
  changed=yes
fi
if ! cmp -s "$tree/systemd/rancherd.service" "$unit"; then
  mkdir -p "$(dirname "$unit")"
  cp "$tree/systemd/rancherd.service" "$unit.new"
  chmod 0644 "$unit.new"
  mv "$unit.new" "$unit"
  echo "install.sh: wrote $unit"
  changed=yes
  if [ -z "$root" ] && [ -d /run/systemd/system ]; then
    systemctl daemon-reload || fail "systemctl daemon-reload failed; run it yourself, then systemctl enable rancherd"
  fi
fi

if [ "$enable" = yes ] && [ ! -L "$wants" ]; then
  if command -v systemctl > /dev/null 2>&1; then
    if [ -n "$root" ]; then
      systemctl --root="$root" --quiet enable rancherd.service \
        || fail "systemctl --root=$root enable rancherd.service failed; enable it yourself or pass --no-enable"
    else
      systemctl --quiet enable rancherd.service || fail "systemctl enable rancherd.service failed; enable it yourself or pass --no-enable"
    fi
  else
    mkdir -p "$(dirname "$wants")"
    ln -s /etc/systemd/system/rancherd.service "$wants"
  fi
  echo "install.sh: enabled rancherd.service (it runs at the next boot; start it now with: systemctl start rancherd)"
  changed=yes
fi

if [ "$changed" = no ]; then
  echo "install.sh: nothing changed"
fi
