package io.rancherd.kube;

import com.fasterxml.jackson.databind.JsonNode;
import io.rancherd.wait.CheckResult;
import java.util.Optional;

/**
 * Reads readiness out of Kubernetes objects (JSON as the API serves it). Pure functions; the
 * details are short phrases for progress lines and errors.
 */
public final class Readiness {

  private Readiness() {}

  /**
   * A node is ready when its {@code Ready} condition is {@code True}. Details: "not registered
   * yet", "no Ready condition yet", "Ready=False (KubeletNotReady: container runtime not ready)",
   * "Ready=True".
   *
   * @param node the Node object; empty when the API answered 404
   */
  public static CheckResult node(Optional<JsonNode> node) {
    if (node.isEmpty()) {
      return new CheckResult(false, "not registered yet");
    }
    Optional<JsonNode> ready = condition(node.get(), "Ready");
    if (ready.isEmpty()) {
      return new CheckResult(false, "no Ready condition yet");
    }
    String status = ready.get().path("status").asText("Unknown");
    if ("True".equals(status)) {
      return new CheckResult(true, "Ready=True");
    }
    return new CheckResult(false, "Ready=" + status + reason(ready.get()));
  }

  /**
   * A deployment is available when the controller has seen its latest spec, every desired replica
   * is updated and available, and its {@code Available} condition is {@code True} (what {@code
   * kubectl rollout status} waits for, plus the condition). Details: "not created yet", "0 of 1
   * replicas available", "Available=False (MinimumReplicasUnavailable: ...)".
   *
   * @param deployment the Deployment object; empty when the API answered 404
   */
  public static CheckResult deployment(Optional<JsonNode> deployment) {
    if (deployment.isEmpty()) {
      return new CheckResult(false, "not created yet");
    }
    JsonNode d = deployment.get();
    long generation = d.path("metadata").path("generation").asLong(0);
    JsonNode status = d.path("status");
    if (status.path("observedGeneration").asLong(0) < generation) {
      return new CheckResult(
          false, "the deployment controller has not seen generation " + generation + " yet");
    }
    long desired = d.path("spec").path("replicas").asLong(1);
    long updated = status.path("updatedReplicas").asLong(0);
    long available = status.path("availableReplicas").asLong(0);
    long total = status.path("replicas").asLong(0);
    String counts = available + " of " + desired + " replicas available";
    Optional<JsonNode> progressing = condition(d, "Progressing");
    if (progressing.isPresent()
        && "ProgressDeadlineExceeded".equals(progressing.get().path("reason").asText())) {
      return new CheckResult(false, counts + ", Progressing=False" + reason(progressing.get()));
    }
    if (updated < desired) {
      return new CheckResult(false, updated + " of " + desired + " replicas updated, " + counts);
    }
    if (total > updated) {
      return new CheckResult(false, (total - updated) + " old replicas pending termination");
    }
    if (available < desired) {
      return new CheckResult(false, counts);
    }
    Optional<JsonNode> availableCondition = condition(d, "Available");
    if (availableCondition.isEmpty()) {
      return new CheckResult(false, counts + ", no Available condition yet");
    }
    String conditionStatus = availableCondition.get().path("status").asText("Unknown");
    if (!"True".equals(conditionStatus)) {
      return new CheckResult(
          false, "Available=" + conditionStatus + reason(availableCondition.get()));
    }
    return new CheckResult(true, counts);
  }

  private static Optional<JsonNode> condition(JsonNode object, String type) {
    for (JsonNode condition : object.path("status").path("conditions")) {
      if (type.equals(condition.path("type").asText())) {
        return Optional.of(condition);
      }
    }
    return Optional.empty();
  }

  /** " (reason: message)", " (reason)", or nothing. */
  private static String reason(JsonNode condition) {
    String reason = condition.path("reason").asText("");
    String message = condition.path("message").asText("");
    if (reason.isEmpty() && message.isEmpty()) {
      return "";
    }
    if (reason.isEmpty() || message.isEmpty()) {
      return " (" + reason + message + ")";
    }
    return " (" + reason + ": " + message + ")";
  }
}
