package io.pushbridge.model;

import java.util.List;
import java.util.Objects;

/**
 * One change to one group, whatever path it came by (HTTP or Kafka).
 *
 * @param families the parsed, not yet validated families; empty for DELETE
 * @param receiveTimeNanos Unix time in nanoseconds at which the change was received; becomes
 *     {@code push_time_seconds}
 */
public record PushRequest(
    GroupingKey key, PushMethod method, List<MetricFamily> families, long receiveTimeNanos) {

  public PushRequest {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(method, "method");
    families = List.copyOf(families);
  }

  public static PushRequest delete(GroupingKey key, long receiveTimeNanos) {
    return new PushRequest(key, PushMethod.DELETE, List.of(), receiveTimeNanos);
  }
}
