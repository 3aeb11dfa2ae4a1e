#!/bin/sh
# Stand-in rke2-killall.sh: stops the rke2 units, then every stand-in rke2 process under $STANDIN_ROOT.
ROOT=${STANDIN_ROOT:-/}
ROOT=${ROOT%/}
if [ -d "${ROOT}/run/systemd/system" ]; then
    systemctl stop rke2-server.service rke2-agent.service 2>/dev/null || true
fi
for pidfile in "${ROOT}"/var/lib/standin/rke2-*.pid; do
    [ -f "$pidfile" ] || continue
    kill "$(cat "$pidfile")" 2>/dev/null || true
done
exit 0
