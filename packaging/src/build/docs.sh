#!/bin/sh
# Generates rancherd's manual pages (as AsciiDoc, which asciidoctor-maven-plugin turns into troff)
# and its bash and zsh completion from the command line itself, with picocli's ManPageGenerator
# and AutoComplete, called by Manual.java beside this script (rancherd adds its commands to the
# root command at run time, so the generators get the whole command line from Cli, not a class
# name). Called by Maven (exec-maven-plugin) at prepare-package.
#
#   docs.sh JAVA CLASSPATH OUT VERSION
#
# OUT receives adoc/rancherd.adoc and adoc/rancherd-<command>.adoc (section 8: rancherd is an
# administration command), completion/rancherd (bash) and completion/_rancherd (zsh).
set -eu

java=$1
classpath=$2
out=$3
version=$4
manual=$(dirname "$0")/Manual.java

rm -rf "$out/adoc" "$out/completion"
mkdir -p "$out/adoc" "$out/completion"

# The commands' loggers have no provider on this class path, and need none.
java_opts=-Dslf4j.internal.verbosity=ERROR

"$java" $java_opts -cp "$classpath" "$manual" "$out/adoc" "$out/completion/rancherd"

# ManPageGenerator writes section 1, leaves the source empty on the commands' pages and keeps the
# colon of the exit code list's heading.
pages=
for page in "$out"/adoc/*.adoc; do
  name=$(basename "$page" .adoc)
  pages="$pages $name"
  sed -i \
    -e "s/^= $name(1)\$/= $name(8)/" \
    -e "s/^:mansource:.*/:mansource: rancherd $version/" \
    -e "s/^:revnumber:.*/:revnumber: $version/" \
    -e "s/^:manmanual:.*/:manmanual: rancherd manual/" \
    -e "s/^== Exit codes:\$/== Exit status/" \
    "$page"
  grep -q "^= $name(8)\$" "$page" || { echo "docs.sh: $page has no title $name(8)" >&2; exit 1; }
done

# What the generated pages lack: the files rancherd works with, and where to read on.
see_also=
for name in $pages; do
  [ "$name" = rancherd ] || see_also="$see_also${see_also:+, }$name(8)"
done
cat >> "$out/adoc/rancherd.adoc" <<ADOC

== Files

_/etc/rancher/rancherd/config.yaml_::
  The node's configuration, read after cloud-init's user-data and the image's own files.
  /usr/lib/rancherd/config-reference.md lists every source and key.

_/var/lib/rancher/rancherd/_::
  The data dir: the _bootstrapped_ and _working_ stamps, the plan and its journal. *rancherd status* shows them.

_rancherd.service_::
  The unit that runs *rancherd bootstrap* at boot until the node is bootstrapped.

== See also

$see_also, systemctl(1), journalctl(1)
ADOC
for name in $pages; do
  [ "$name" = rancherd ] || printf '\n== See also\n\nrancherd(8)\n' >> "$out/adoc/$name.adoc"
done

# A completion script is sourced, never run: no #! line (lintian: bash-completion-with-hashbang).
sed -i '1{/^#!/d}' "$out/completion/rancherd"
# zsh runs the bash script through bashcompinit: the first completion loads it, and the script
# then registers itself for the next ones. The completion system turns aliases off, so the
# script's alias for bash's compopt does not apply: compopt is a no-op function instead.
cat > "$out/completion/_rancherd" <<'ZSH'
#compdef rancherd
# rancherd's zsh completion: the bash completion script, which runs in zsh through bashcompinit.
(( $+functions[compopt] )) || compopt() { : }
source /usr/share/bash-completion/completions/rancherd
_bash_complete -F _complete_rancherd -o default
ZSH
echo "docs.sh: manual pages of$pages; bash and zsh completion"
