#!/bin/sh
# Stand-in rke2-uninstall.sh
set -x
ROOT=${STANDIN_ROOT:-/}
ROOT=${ROOT%/}
"/usr/local/bin/rke2-killall.sh"
if [ -d "${ROOT}/run/systemd/system" ]; then
    systemctl disable rke2-server rke2-agent 2>/dev/null || true
    systemctl daemon-reload
fi
rm -f "${ROOT}/etc/systemd/system/rke2-server.service" "${ROOT}/etc/systemd/system/rke2-agent.service"
# one install path per line: install.sh rewrites the first /usr/local of each line to its prefix
rm -f /usr/local/lib/systemd/system/rke2-server.service
rm -f /usr/local/lib/systemd/system/rke2-agent.service
rm -f /usr/local/lib/systemd/system/rke2-server.env
rm -f /usr/local/lib/systemd/system/rke2-agent.env
rm -rf "${ROOT}/etc/rancher/rke2" "${ROOT}/var/lib/rancher/rke2" "${ROOT}/var/lib/kubelet"
rm -f /usr/local/bin/rke2
rm -f /usr/local/bin/rke2-killall.sh
rm -f "$0"
