package io.rancherd.standin;

import java.util.Set;

/**
 * The config keys a real k3s agent accepts (runtimes.md §11.1): the long names of {@code k3s
 * agent}'s flags as of k3s v1.31.14 and their one-letter aliases. A k3s agent fails on any other
 * key with "flag provided but not defined", because k3s strips unknown keys only for {@code server}
 * and {@code etcd-snapshot}; RKE2 agents skip them with a warning.
 */
final class K3sAgentFlags {

  static final Set<String> NAMES =
      Set.of(
          "airgap-extra-registry",
          "alsologtostderr",
          "bind-address",
          "config",
          "container-runtime-endpoint",
          "data-dir",
          "debug",
          "default-runtime",
          "disable-apiserver-lb",
          "disable-default-registry-endpoint",
          "docker",
          "enable-pprof",
          "flannel-cni-conf",
          "flannel-conf",
          "flannel-iface",
          "image-credential-provider-bin-dir",
          "image-credential-provider-config",
          "image-service-endpoint",
          "kube-proxy-arg",
          "kubelet-arg",
          "lb-server-port",
          "log",
          "node-external-dns",
          "node-external-ip",
          "node-internal-dns",
          "node-ip",
          "node-label",
          "node-name",
          "node-taint",
          "nonroot-devices",
          "pause-image",
          "prefer-bundled-bin",
          "private-registry",
          "protect-kernel-defaults",
          "resolv-conf",
          "rootless",
          "selinux",
          "server",
          "snapshotter",
          "token",
          "token-file",
          "v",
          "vmodule",
          "vpn-auth",
          "vpn-auth-file",
          "with-node-id",
          "c",
          "l",
          "t",
          "s",
          "d",
          "i");

  private K3sAgentFlags() {}
}
