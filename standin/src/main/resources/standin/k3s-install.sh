#!/bin/sh
# Stand-in for the k3s install script (https://get.k3s.io), for tests only.
#
# Honours the documented INSTALL_K3S_* variables (docs/runtimes.md §1.1). Every machine path
# lies under $STANDIN_ROOT (default /), and instead of GitHub releases the binary is "downloaded"
# from $STANDIN_DOWNLOADS/k3s/<version>/. systemd counts as present when
# $STANDIN_ROOT/run/systemd/system exists.
set -e

info() { echo '[INFO] ' "$@"; }
warn() { echo '[WARN] ' "$@" >&2; }
fatal() { echo '[ERROR] ' "$@" >&2; exit 1; }

ROOT=${STANDIN_ROOT:-/}
ROOT=${ROOT%/}
STATE_DIR=${ROOT}/var/lib/standin

# --- what the tests can assert on: every INSTALL_K3S_* variable seen ---
record_invocation() {
    mkdir -p "${STATE_DIR}"
    (umask 077; env | grep '^INSTALL_K3S_' | sort > "${STATE_DIR}/install-k3s.env" || true)
    chmod 0600 "${STATE_DIR}/install-k3s.env"
}

has_systemd() {
    [ -d "${ROOT}/run/systemd/system" ]
}

# --- quote arguments as the real script does, for ExecStart ---
quote() {
    for arg in "$@"; do
        printf '%s\n' "$arg" | sed "s/'/'\\\\''/g;1s/^/'/;\$s/\$/'/"
    done
}

quote_indent() {
    printf ' \\\n'
    for arg in "$@"; do
        printf '\t%s \\\n' "$(quote "$arg")"
    done
}

setup_env() {
    # INSTALL_K3S_EXEC is split into words and followed by the script arguments
    # shellcheck disable=SC2086
    set -- ${INSTALL_K3S_EXEC} "$@"
    case "$1" in
        -*|"")
            if [ -z "${K3S_URL}" ]; then
                CMD_K3S=server
            else
                if [ -z "${K3S_TOKEN}" ] && [ -z "${K3S_TOKEN_FILE}" ]; then
                    fatal "Defaulted k3s exec command to 'agent' because K3S_URL is defined, but K3S_TOKEN or K3S_TOKEN_FILE is not defined."
                fi
                CMD_K3S=agent
            fi
            ;;
        *)
            CMD_K3S=$1
            shift
            ;;
    esac
    CMD_K3S_EXEC="${CMD_K3S}$(quote_indent "$@")"

    if [ -n "${K3S_URL}" ]; then
        case "${K3S_URL}" in
            https://*) ;;
            *) fatal "Only https:// URLs are supported for K3S_URL (have ${K3S_URL})" ;;
        esac
    fi

    if [ -n "${INSTALL_K3S_NAME}" ]; then
        SYSTEM_NAME=k3s-${INSTALL_K3S_NAME}
    elif [ "${CMD_K3S}" = server ]; then
        SYSTEM_NAME=k3s
    else
        SYSTEM_NAME=k3s-${CMD_K3S}
    fi

    if [ "${INSTALL_K3S_BIN_DIR_READ_ONLY}" = true ]; then
        INSTALL_K3S_SKIP_DOWNLOAD=true
    fi
    BIN_DIR=${INSTALL_K3S_BIN_DIR:-${ROOT}/usr/local/bin}
    SYSTEMD_DIR=${INSTALL_K3S_SYSTEMD_DIR:-${ROOT}/etc/systemd/system}
    FILE_K3S_SERVICE=${SYSTEMD_DIR}/${SYSTEM_NAME}.service
    FILE_K3S_ENV=${SYSTEMD_DIR}/${SYSTEM_NAME}.service.env
    SYSTEMD_TYPE=${INSTALL_K3S_TYPE:-notify}
    GITHUB_URL=${GITHUB_URL:-https://github.com/k3s-io/k3s/releases}
}

setup_verify_arch() {
    ARCH=${ARCH:-$(uname -m)}
    case ${ARCH} in
        amd64|x86_64) ARCH=amd64; SUFFIX= ;;
        arm64|aarch64) ARCH=arm64; SUFFIX=-${ARCH} ;;
        s390x) ARCH=s390x; SUFFIX=-${ARCH} ;;
        arm*) ARCH=arm; SUFFIX=-${ARCH}hf ;;
        *) fatal "Unsupported architecture ${ARCH}" ;;
    esac
}

can_skip_download_binary() {
    [ "${INSTALL_K3S_SKIP_DOWNLOAD}" = true ] || [ "${INSTALL_K3S_SKIP_DOWNLOAD}" = binary ]
}

verify_k3s_is_executable() {
    if [ ! -x "${BIN_DIR}/k3s" ]; then
        fatal "Executable k3s binary not found at ${BIN_DIR}/k3s"
    fi
}

installed_hash_matches() {
    if [ -x "${BIN_DIR}/k3s" ]; then
        HASH_INSTALLED=$(sha256sum "${BIN_DIR}/k3s" | awk '{print $1}')
        [ "${HASH_EXPECTED}" = "${HASH_INSTALLED}" ]
        return
    fi
    return 1
}

download_and_verify() {
    if can_skip_download_binary; then
        info 'Skipping k3s download and verify'
        verify_k3s_is_executable
        return
    fi
    if [ -z "${STANDIN_DOWNLOADS}" ]; then
        fatal "STANDIN_DOWNLOADS is not set: the stand-in installer cannot download from ${GITHUB_URL}"
    fi
    if [ -z "${INSTALL_K3S_VERSION}" ]; then
        fatal "INSTALL_K3S_VERSION is not set: the stand-in installer has no channel server to resolve channel ${INSTALL_K3S_CHANNEL:-stable}"
    fi
    VERSION_K3S=${INSTALL_K3S_VERSION}
    info "Using ${VERSION_K3S} as release"
    RELEASE_DIR=${STANDIN_DOWNLOADS}/k3s/${VERSION_K3S}
    HASH_FILE=${RELEASE_DIR}/sha256sum-${ARCH}.txt
    info "Downloading hash ${GITHUB_URL}/download/${VERSION_K3S}/sha256sum-${ARCH}.txt"
    if [ ! -f "${HASH_FILE}" ]; then
        fatal "Download failed: no release ${VERSION_K3S} in ${STANDIN_DOWNLOADS}"
    fi
    HASH_EXPECTED=$(awk -v name="k3s${SUFFIX}" '$2 == name {print $1}' "${HASH_FILE}")
    if installed_hash_matches; then
        info 'Skipping binary downloaded, installed k3s matches hash'
        return
    fi
    info "Downloading binary ${GITHUB_URL}/download/${VERSION_K3S}/k3s${SUFFIX}"
    TMP_BIN=${TMP_DIR}/k3s.bin
    cp "${RELEASE_DIR}/k3s${SUFFIX}" "${TMP_BIN}" || fatal 'Download failed'
    info 'Verifying binary download'
    HASH_BIN=$(sha256sum "${TMP_BIN}" | awk '{print $1}')
    if [ "${HASH_EXPECTED}" != "${HASH_BIN}" ]; then
        fatal "Download sha256 does not match ${HASH_EXPECTED}, got ${HASH_BIN}"
    fi
    info "Installing k3s to ${BIN_DIR}/k3s"
    mkdir -p "${BIN_DIR}"
    chmod 755 "${TMP_BIN}"
    mv -f "${TMP_BIN}" "${BIN_DIR}/k3s"
}

create_symlinks() {
    if [ "${INSTALL_K3S_BIN_DIR_READ_ONLY}" = true ] || [ "${INSTALL_K3S_SYMLINK}" = skip ]; then
        return
    fi
    for cmd in kubectl crictl ctr; do
        if [ ! -e "${BIN_DIR}/${cmd}" ] || [ "${INSTALL_K3S_SYMLINK}" = force ]; then
            info "Creating ${BIN_DIR}/${cmd} symlink to k3s"
            ln -sf k3s "${BIN_DIR}/${cmd}"
        else
            info "Skipping ${BIN_DIR}/${cmd} symlink to k3s, already exists"
        fi
    done
}

create_killall() {
    if [ "${INSTALL_K3S_BIN_DIR_READ_ONLY}" = true ]; then
        return
    fi
    KILLALL_K3S_SH=${BIN_DIR}/k3s-killall.sh
    info "Creating killall script ${KILLALL_K3S_SH}"
    cat > "${KILLALL_K3S_SH}" <<END_OF_KILLALL
#!/bin/sh
# Stand-in k3s-killall.sh: stops the k3s units, then every stand-in k3s process under ${ROOT:-/}.
if [ -d "${ROOT}/run/systemd/system" ]; then
    for service in "${SYSTEMD_DIR}"/k3s*.service; do
        [ -s "\$service" ] && systemctl stop "\$(basename "\$service")"
    done
fi
for pidfile in "${STATE_DIR}"/k3s-*.pid; do
    [ -f "\$pidfile" ] || continue
    kill "\$(cat "\$pidfile")" 2>/dev/null || true
done
exit 0
END_OF_KILLALL
    chmod 755 "${KILLALL_K3S_SH}"
}

create_uninstall() {
    if [ "${INSTALL_K3S_BIN_DIR_READ_ONLY}" = true ]; then
        return
    fi
    UNINSTALL_K3S_SH=${BIN_DIR}/${SYSTEM_NAME}-uninstall.sh
    info "Creating uninstall script ${UNINSTALL_K3S_SH}"
    cat > "${UNINSTALL_K3S_SH}" <<END_OF_UNINSTALL
#!/bin/sh
# Stand-in ${SYSTEM_NAME}-uninstall.sh
set -x
"${BIN_DIR}/k3s-killall.sh"
if [ -d "${ROOT}/run/systemd/system" ]; then
    systemctl disable "${SYSTEM_NAME}"
    systemctl reset-failed "${SYSTEM_NAME}"
    systemctl daemon-reload
fi
rm -f "${ROOT}/etc/systemd/system/multi-user.target.wants/${SYSTEM_NAME}.service"
rm -f "${FILE_K3S_SERVICE}" "${FILE_K3S_ENV}"
if ls "${SYSTEMD_DIR}"/k3s*.service >/dev/null 2>&1; then
    set +x
    echo 'Additional k3s services installed, skipping uninstall of k3s'
    exit 0
fi
for cmd in kubectl crictl ctr; do
    if [ -L "${BIN_DIR}/\$cmd" ]; then
        rm -f "${BIN_DIR}/\$cmd"
    fi
done
rm -rf "${ROOT}/etc/rancher/k3s" "${ROOT}/run/k3s" "${ROOT}/run/flannel" "${ROOT}/var/lib/rancher/k3s" "${ROOT}/var/lib/kubelet"
rm -f "${BIN_DIR}/k3s" "${BIN_DIR}/k3s-killall.sh"
rm -f "\$0"
END_OF_UNINSTALL
    chmod 755 "${UNINSTALL_K3S_SH}"
}

create_env_file() {
    info "env: Creating environment file ${FILE_K3S_ENV}"
    mkdir -p "${SYSTEMD_DIR}"
    (umask 077; : > "${FILE_K3S_ENV}")
    chmod 0600 "${FILE_K3S_ENV}"
    # shellcheck disable=SC2086
    sh -c export | while read -r x v; do echo $v; done | grep -E '^(K3S|CONTAINERD)_' >> "${FILE_K3S_ENV}" || true
    # shellcheck disable=SC2086
    sh -c export | while read -r x v; do echo $v; done | grep -Ei '^(NO|HTTP|HTTPS)_PROXY' >> "${FILE_K3S_ENV}" || true
}

create_systemd_service_file() {
    info "systemd: Creating service file ${FILE_K3S_SERVICE}"
    cat > "${FILE_K3S_SERVICE}" <<END_OF_UNIT
[Unit]
Description=Lightweight Kubernetes
Documentation=https://k3s.io
Wants=network-online.target
After=network-online.target

[Install]
WantedBy=multi-user.target

[Service]
Type=${SYSTEMD_TYPE}
# stand-in: readiness is reported by systemd-notify, a child of the main process
NotifyAccess=all
EnvironmentFile=-/etc/default/%N
EnvironmentFile=-/etc/sysconfig/%N
EnvironmentFile=-${FILE_K3S_ENV}
KillMode=process
Delegate=yes
User=root
LimitNOFILE=1048576
LimitNPROC=infinity
LimitCORE=infinity
TasksMax=infinity
TimeoutStartSec=0
Restart=always
RestartSec=5s
ExecStartPre=-/sbin/modprobe br_netfilter
ExecStartPre=-/sbin/modprobe overlay
ExecStart=${BIN_DIR}/k3s \\
    ${CMD_K3S_EXEC}

END_OF_UNIT
}

get_installed_hashes() {
    sha256sum "${BIN_DIR}/k3s" "${FILE_K3S_SERVICE}" "${FILE_K3S_ENV}" 2>&1 || true
}

systemd_enable() {
    info "systemd: Enabling ${SYSTEM_NAME} unit"
    if [ -z "${ROOT}" ] && has_systemd; then
        systemctl enable "${FILE_K3S_SERVICE}" >/dev/null
        systemctl daemon-reload >/dev/null
        return
    fi
    mkdir -p "${ROOT}/etc/systemd/system/multi-user.target.wants"
    ln -sf "${FILE_K3S_SERVICE}" "${ROOT}/etc/systemd/system/multi-user.target.wants/${SYSTEM_NAME}.service"
    if has_systemd; then
        systemctl daemon-reload >/dev/null
    fi
}

systemd_start() {
    if ! has_systemd; then
        fatal "Can not find systemd to start ${SYSTEM_NAME}"
    fi
    info "systemd: Starting ${SYSTEM_NAME}"
    systemctl restart "${SYSTEM_NAME}"
}

service_enable_and_start() {
    if [ "${INSTALL_K3S_SKIP_ENABLE}" = true ]; then
        return
    fi
    systemd_enable
    if [ "${INSTALL_K3S_SKIP_START}" = true ]; then
        return
    fi
    POST_INSTALL_HASHES=$(get_installed_hashes)
    if [ "${PRE_INSTALL_HASHES}" = "${POST_INSTALL_HASHES}" ] && [ "${INSTALL_K3S_FORCE_RESTART}" != true ]; then
        info 'No change detected so skipping service start'
        return
    fi
    systemd_start
}

cleanup() {
    rm -rf "${TMP_DIR}"
}

{
    record_invocation
    setup_env "$@"
    setup_verify_arch
    TMP_DIR=$(mktemp -d -t k3s-install.XXXXXXXXXX)
    trap cleanup EXIT
    PRE_INSTALL_HASHES=$(get_installed_hashes)
    download_and_verify
    create_symlinks
    create_killall
    create_uninstall
    create_env_file
    create_systemd_service_file
    service_enable_and_start
}
