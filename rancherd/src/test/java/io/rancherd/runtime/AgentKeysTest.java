package io.rancherd.runtime;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class AgentKeysTest {

  @Test
  void aK3sAgentAcceptsItsOwnFlagsAndTheirAppendFormButNoServerOnlyKey() {
    for (String key : List.of("server", "token", "node-label+", "node-taint", "kubelet-arg", "t")) {
      assertTrue(Runtime.K3S.agentAccepts(key), key);
    }
    for (String key :
        List.of("disable", "tls-san", "cluster-init", "system-default-registry", "cluster-cidr")) {
      assertFalse(Runtime.K3S.agentAccepts(key), key);
    }
  }

  @Test
  void anRke2AgentSkipsUnknownKeysItself() {
    assertTrue(Runtime.RKE2.agentAccepts("disable"));
  }
}
