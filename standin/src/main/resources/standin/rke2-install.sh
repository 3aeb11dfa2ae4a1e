#!/bin/sh
# Stand-in for the RKE2 install script (https://get.rke2.io), for tests only.
#
# Honours the documented INSTALL_RKE2_* variables of the tar method (docs/runtimes.md §1.2).
# Every machine path lies under $STANDIN_ROOT (default /); without INSTALL_RKE2_ARTIFACT_PATH the
# tarball is "downloaded" from $STANDIN_DOWNLOADS/rke2/<version>/. Like the real script it never
# enables or starts a service.
set -e

info() { echo '[INFO] ' "$@"; }
warn() { echo '[WARN] ' "$@" >&2; }
fatal() { echo '[ERROR] ' "$@" >&2; exit 1; }

ROOT=${STANDIN_ROOT:-/}
ROOT=${ROOT%/}
STATE_DIR=${ROOT}/var/lib/standin
DEFAULT_TAR_PREFIX=/usr/local

# --- what the tests can assert on: every INSTALL_RKE2_* variable seen ---
record_invocation() {
    mkdir -p "${STATE_DIR}"
    (umask 077; env | grep '^INSTALL_RKE2_' | sort > "${STATE_DIR}/install-rke2.env" || true)
    chmod 0600 "${STATE_DIR}/install-rke2.env"
}

has_systemd() {
    [ -d "${ROOT}/run/systemd/system" ]
}

setup_env() {
    INSTALL_RKE2_TYPE=${INSTALL_RKE2_TYPE:-${INSTALL_RKE2_EXEC:-server}}
    case "${INSTALL_RKE2_TYPE}" in
        server|agent) ;;
        *) fatal "invalid INSTALL_RKE2_TYPE ${INSTALL_RKE2_TYPE}: expected server or agent" ;;
    esac
    case "${INSTALL_RKE2_METHOD:-tar}" in
        tar) ;;
        *) fatal "the stand-in installer supports only INSTALL_RKE2_METHOD=tar (have ${INSTALL_RKE2_METHOD})" ;;
    esac
    INSTALL_RKE2_TAR_PREFIX=${INSTALL_RKE2_TAR_PREFIX:-${ROOT}${DEFAULT_TAR_PREFIX}}
    INSTALL_RKE2_AGENT_IMAGES_DIR=${INSTALL_RKE2_AGENT_IMAGES_DIR:-${ROOT}/var/lib/rancher/rke2/agent/images}
    INSTALL_RKE2_ARTIFACT_URL=${INSTALL_RKE2_ARTIFACT_URL:-https://github.com/rancher/rke2/releases/download}
}

setup_arch() {
    case ${ARCH:-$(uname -m)} in
        amd64|x86_64) ARCH=amd64 ;;
        arm64|aarch64) ARCH=arm64 ;;
        s390x) ARCH=s390x ;;
        *) fatal "unsupported architecture ${ARCH:-$(uname -m)}" ;;
    esac
    SUFFIX=linux-${ARCH}
}

setup_tmp() {
    TMP_DIR=$(mktemp -d -t rke2-install.XXXXXXXXXX)
    TMP_CHECKSUMS=${TMP_DIR}/rke2.checksums
    TMP_TARBALL=${TMP_DIR}/rke2.tarball
    TMP_AIRGAP_TARBALL=${TMP_DIR}/rke2-images.tarball
    trap cleanup EXIT
}

cleanup() {
    rm -rf "${TMP_DIR}"
}

# sha256 of the file called $1 according to the checksum file
expected_hash() {
    awk -v name="$1" '$2 == name || $2 == "*" name {print $1}' "${TMP_CHECKSUMS}"
}

verify_file() {
    HASH_EXPECTED=$(expected_hash "$1")
    HASH_FOUND=$(sha256sum "$2" | awk '{print $1}')
    if [ -z "${HASH_EXPECTED}" ]; then
        fatal "no checksum for $1 in sha256sum-${ARCH}.txt"
    fi
    if [ "${HASH_EXPECTED}" != "${HASH_FOUND}" ]; then
        fatal "download sha256 does not match ${HASH_EXPECTED}, got ${HASH_FOUND}"
    fi
}

stage_local_artifacts() {
    [ -d "${INSTALL_RKE2_ARTIFACT_PATH}" ] || fatal "artifact path ${INSTALL_RKE2_ARTIFACT_PATH} is not a directory"
    info "staging local checksums from ${INSTALL_RKE2_ARTIFACT_PATH}/sha256sum-${ARCH}.txt"
    cp -f "${INSTALL_RKE2_ARTIFACT_PATH}/sha256sum-${ARCH}.txt" "${TMP_CHECKSUMS}" \
        || fatal "sha256sum-${ARCH}.txt not found in ${INSTALL_RKE2_ARTIFACT_PATH}"
    info "staging tarball from ${INSTALL_RKE2_ARTIFACT_PATH}/rke2.${SUFFIX}.tar.gz"
    cp -f "${INSTALL_RKE2_ARTIFACT_PATH}/rke2.${SUFFIX}.tar.gz" "${TMP_TARBALL}" \
        || fatal "rke2.${SUFFIX}.tar.gz not found in ${INSTALL_RKE2_ARTIFACT_PATH}"
    AIRGAP_TARBALL_FORMAT=
    if [ -f "${INSTALL_RKE2_ARTIFACT_PATH}/rke2-images.${SUFFIX}.tar.zst" ]; then
        AIRGAP_TARBALL_FORMAT=tar.zst
    elif [ -f "${INSTALL_RKE2_ARTIFACT_PATH}/rke2-images.${SUFFIX}.tar.gz" ]; then
        AIRGAP_TARBALL_FORMAT=tar.gz
    fi
    if [ -n "${AIRGAP_TARBALL_FORMAT}" ]; then
        info "staging ${AIRGAP_TARBALL_FORMAT} airgap image tarball from ${INSTALL_RKE2_ARTIFACT_PATH}/rke2-images.${SUFFIX}.${AIRGAP_TARBALL_FORMAT}"
        cp -f "${INSTALL_RKE2_ARTIFACT_PATH}/rke2-images.${SUFFIX}.${AIRGAP_TARBALL_FORMAT}" "${TMP_AIRGAP_TARBALL}"
    fi
}

download_artifacts() {
    if [ -z "${STANDIN_DOWNLOADS}" ]; then
        fatal "STANDIN_DOWNLOADS is not set: the stand-in installer cannot download from ${INSTALL_RKE2_ARTIFACT_URL}"
    fi
    if [ -z "${INSTALL_RKE2_VERSION}" ]; then
        fatal "INSTALL_RKE2_VERSION is not set: the stand-in installer has no channel server to resolve channel ${INSTALL_RKE2_CHANNEL:-stable}"
    fi
    info "using ${INSTALL_RKE2_VERSION} as release"
    RELEASE_DIR=${STANDIN_DOWNLOADS}/rke2/${INSTALL_RKE2_VERSION}
    ENCODED_VERSION=$(echo "${INSTALL_RKE2_VERSION}" | sed 's/+/%2B/g')
    info "downloading checksums at ${INSTALL_RKE2_ARTIFACT_URL}/${ENCODED_VERSION}/sha256sum-${ARCH}.txt"
    cp -f "${RELEASE_DIR}/sha256sum-${ARCH}.txt" "${TMP_CHECKSUMS}" 2>/dev/null \
        || fatal "download failed: no release ${INSTALL_RKE2_VERSION} in ${STANDIN_DOWNLOADS}"
    info "downloading tarball at ${INSTALL_RKE2_ARTIFACT_URL}/${ENCODED_VERSION}/rke2.${SUFFIX}.tar.gz"
    cp -f "${RELEASE_DIR}/rke2.${SUFFIX}.tar.gz" "${TMP_TARBALL}" || fatal 'download failed'
    AIRGAP_TARBALL_FORMAT=
}

install_airgap_images() {
    if [ -n "${AIRGAP_TARBALL_FORMAT}" ]; then
        info 'verifying airgap tarball'
        verify_file "rke2-images.${SUFFIX}.${AIRGAP_TARBALL_FORMAT}" "${TMP_AIRGAP_TARBALL}"
        info "installing airgap tarball to ${INSTALL_RKE2_AGENT_IMAGES_DIR}"
        mkdir -p "${INSTALL_RKE2_AGENT_IMAGES_DIR}"
        if [ "${AIRGAP_TARBALL_FORMAT}" = tar.zst ]; then
            mv -f "${TMP_AIRGAP_TARBALL}" "${INSTALL_RKE2_AGENT_IMAGES_DIR}/rke2-images.${SUFFIX}.tar.zst"
        else
            gzip -dc "${TMP_AIRGAP_TARBALL}" > "${INSTALL_RKE2_AGENT_IMAGES_DIR}/rke2-images.${SUFFIX}.tar"
        fi
    fi
    if [ -n "${INSTALL_RKE2_ARTIFACT_PATH}" ]; then
        for image in "${INSTALL_RKE2_ARTIFACT_PATH}"/rke2-images-*; do
            [ -f "${image}" ] || continue
            info "installing extra image archive ${image} to ${INSTALL_RKE2_AGENT_IMAGES_DIR}"
            mkdir -p "${INSTALL_RKE2_AGENT_IMAGES_DIR}"
            cp -f "${image}" "${INSTALL_RKE2_AGENT_IMAGES_DIR}/"
        done
    fi
}

verify_tarball() {
    info 'verifying tarball'
    verify_file "rke2.${SUFFIX}.tar.gz" "${TMP_TARBALL}"
}

install_tarball() {
    info "unpacking tarball file to ${INSTALL_RKE2_TAR_PREFIX}"
    mkdir -p "${INSTALL_RKE2_TAR_PREFIX}"
    tar xzf "${TMP_TARBALL}" -C "${INSTALL_RKE2_TAR_PREFIX}"
    if [ "${INSTALL_RKE2_TAR_PREFIX}" != "${DEFAULT_TAR_PREFIX}" ]; then
        info 'updating tarball contents to reflect install path'
        sed -i "s|${DEFAULT_TAR_PREFIX}|${INSTALL_RKE2_TAR_PREFIX}|" \
            "${INSTALL_RKE2_TAR_PREFIX}/lib/systemd/system/rke2-server.service" \
            "${INSTALL_RKE2_TAR_PREFIX}/lib/systemd/system/rke2-agent.service" \
            "${INSTALL_RKE2_TAR_PREFIX}/bin/rke2-uninstall.sh"
    fi
    if [ "${INSTALL_RKE2_TAR_PREFIX}" != "${ROOT}${DEFAULT_TAR_PREFIX}" ]; then
        info "moving systemd units to ${ROOT}/etc/systemd/system"
        mkdir -p "${ROOT}/etc/systemd/system"
        mv -f "${INSTALL_RKE2_TAR_PREFIX}"/lib/systemd/system/rke2-*.service "${ROOT}/etc/systemd/system/"
    fi
    if has_systemd && [ -z "${INSTALL_RKE2_SKIP_RELOAD}" ]; then
        systemctl daemon-reload
    fi
}

{
    record_invocation
    setup_env
    setup_arch
    setup_tmp
    if [ -n "${INSTALL_RKE2_ARTIFACT_PATH}" ]; then
        stage_local_artifacts
    else
        download_artifacts
    fi
    verify_tarball
    install_airgap_images
    install_tarball
    info "rke2 ${INSTALL_RKE2_TYPE} installed; enable and start rke2-${INSTALL_RKE2_TYPE}.service yourself"
}
