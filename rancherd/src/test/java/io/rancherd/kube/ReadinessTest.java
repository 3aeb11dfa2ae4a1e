package io.rancherd.kube;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rancherd.wait.CheckResult;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Readiness read from objects shaped as the API serves them (trimmed to the fields that matter).
 */
class ReadinessTest {

  static final ObjectMapper JSON = new ObjectMapper();

  static Optional<JsonNode> json(String text) {
    try {
      return Optional.of(JSON.readTree(text.replace('\'', '"')));
    } catch (Exception e) {
      throw new IllegalArgumentException(e);
    }
  }

  static String node(String readyCondition) {
    return "{'kind':'Node','metadata':{'name':'n1'},'status':{'conditions':["
        + "{'type':'MemoryPressure','status':'False','reason':'KubeletHasSufficientMemory'}"
        + (readyCondition.isEmpty() ? "" : "," + readyCondition)
        + "]}}";
  }

  static String deployment(long generation, String spec, String status) {
    return "{'kind':'Deployment','metadata':{'name':'rancher','namespace':'cattle-system','generation':"
        + generation
        + "},"
        + "'spec':{"
        + spec
        + "},'status':{"
        + status
        + "}}";
  }

  static final String AVAILABLE =
      "{'type':'Available','status':'True','reason':'MinimumReplicasAvailable',"
          + "'message':'Deployment has minimum availability.'}";
  static final String UNAVAILABLE =
      "{'type':'Available','status':'False','reason':'MinimumReplicasUnavailable',"
          + "'message':'Deployment does not have minimum availability.'}";

  @Test
  void node_notRegisteredYet() {
    assertEquals(new CheckResult(false, "not registered yet"), Readiness.node(Optional.empty()));
  }

  @Test
  void node_readyFalseShowsReasonAndMessage() {
    CheckResult result =
        Readiness.node(
            json(
                node(
                    "{'type':'Ready','status':'False','reason':'KubeletNotReady',"
                        + "'message':'container runtime not ready'}")));

    assertEquals(
        new CheckResult(false, "Ready=False (KubeletNotReady: container runtime not ready)"),
        result);
  }

  @Test
  void node_readyUnknownAndMissingCondition() {
    assertEquals(
        new CheckResult(false, "Ready=Unknown (NodeStatusUnknown)"),
        Readiness.node(
            json(node("{'type':'Ready','status':'Unknown','reason':'NodeStatusUnknown'}"))));
    assertEquals(new CheckResult(false, "no Ready condition yet"), Readiness.node(json(node(""))));
    assertEquals(
        new CheckResult(false, "no Ready condition yet"), Readiness.node(json("{'kind':'Node'}")));
  }

  @Test
  void node_readyTrue() {
    assertEquals(
        new CheckResult(true, "Ready=True"),
        Readiness.node(json(node("{'type':'Ready','status':'True','reason':'KubeletReady'}"))));
  }

  @Test
  void deployment_notCreatedYet() {
    assertEquals(new CheckResult(false, "not created yet"), Readiness.deployment(Optional.empty()));
  }

  @Test
  void deployment_justCreatedHasNoStatus() {
    assertEquals(
        new CheckResult(false, "the deployment controller has not seen generation 1 yet"),
        Readiness.deployment(json(deployment(1, "'replicas':1", ""))));
  }

  @Test
  void deployment_replicasNotAvailableYet() {
    CheckResult result =
        Readiness.deployment(
            json(
                deployment(
                    1,
                    "'replicas':1",
                    "'observedGeneration':1,'replicas':1,'updatedReplicas':1,'unavailableReplicas':1,'conditions':["
                        + UNAVAILABLE
                        + "]")));

    assertEquals(new CheckResult(false, "0 of 1 replicas available"), result);
  }

  @Test
  void deployment_rollingUpdateInProgress() {
    assertEquals(
        new CheckResult(false, "1 of 3 replicas updated, 3 of 3 replicas available"),
        Readiness.deployment(
            json(
                deployment(
                    2,
                    "'replicas':3",
                    "'observedGeneration':2,'replicas':4,'updatedReplicas':1,'availableReplicas':3,'conditions':["
                        + AVAILABLE
                        + "]"))));
    assertEquals(
        new CheckResult(false, "1 old replicas pending termination"),
        Readiness.deployment(
            json(
                deployment(
                    2,
                    "'replicas':3",
                    "'observedGeneration':2,'replicas':4,'updatedReplicas':3,'availableReplicas':3,'conditions':["
                        + AVAILABLE
                        + "]"))));
  }

  @Test
  void deployment_availableConditionMustBeTrue() {
    assertEquals(
        new CheckResult(
            false,
            "Available=False (MinimumReplicasUnavailable: Deployment does not have minimum availability.)"),
        Readiness.deployment(
            json(
                deployment(
                    1,
                    "'replicas':1",
                    "'observedGeneration':1,'replicas':1,'updatedReplicas':1,'availableReplicas':1,'conditions':["
                        + UNAVAILABLE
                        + "]"))));
    assertEquals(
        new CheckResult(false, "1 of 1 replicas available, no Available condition yet"),
        Readiness.deployment(
            json(
                deployment(
                    1,
                    "'replicas':1",
                    "'observedGeneration':1,'replicas':1,'updatedReplicas':1,'availableReplicas':1"))));
  }

  @Test
  void deployment_progressDeadlineExceededIsShown() {
    CheckResult result =
        Readiness.deployment(
            json(
                deployment(
                    1,
                    "'replicas':1",
                    "'observedGeneration':1,'replicas':1,'updatedReplicas':1,'conditions':["
                        + UNAVAILABLE
                        + ","
                        + "{'type':'Progressing','status':'False','reason':'ProgressDeadlineExceeded',"
                        + "'message':'ReplicaSet \\'rancher-5d8\\' has timed out progressing.'}]")));

    assertEquals(
        new CheckResult(
            false,
            "0 of 1 replicas available, Progressing=False (ProgressDeadlineExceeded: "
                + "ReplicaSet \"rancher-5d8\" has timed out progressing.)"),
        result);
  }

  @Test
  void deployment_availableWithDefaultReplicas() {
    assertEquals(
        new CheckResult(true, "1 of 1 replicas available"),
        Readiness.deployment(
            json(
                deployment(
                    3,
                    "",
                    "'observedGeneration':3,'replicas':1,'updatedReplicas':1,'readyReplicas':1,'availableReplicas':1,"
                        + "'conditions':["
                        + AVAILABLE
                        + "]"))));
  }
}
