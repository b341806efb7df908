package io.pushbridge.model;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * One change to one group, whatever path it came by (HTTP or Kafka).
 *
 * @param families the parsed, not yet validated families; empty for DELETE
 * @param receiveTimeNanos Unix time in nanoseconds at which the change was received; becomes
 *     {@code push_time_seconds}
 * @param ttl the group's time to live from this push on (beyond upstream): null for the gateway's
 *     default ({@code --push.ttl}), {@link Duration#ZERO} for never; ignored by DELETE
 */
public record PushRequest(
    GroupingKey key,
    PushMethod method,
    List<MetricFamily> families,
    long receiveTimeNanos,
    Duration ttl) {

  public PushRequest {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(method, "method");
    families = List.copyOf(families);
    if (ttl != null && ttl.isNegative()) {
      throw new IllegalArgumentException("ttl must not be negative: " + ttl);
    }
  }

  /** A push with the gateway's default TTL. */
  public PushRequest(
      GroupingKey key, PushMethod method, List<MetricFamily> families, long receiveTimeNanos) {
    this(key, method, families, receiveTimeNanos, null);
  }

  public static PushRequest delete(GroupingKey key, long receiveTimeNanos) {
    return new PushRequest(key, PushMethod.DELETE, List.of(), receiveTimeNanos);
  }

  /** This push with {@code ttl} (null: the default), e.g. from {@link PushTtl#parse}. */
  public PushRequest withTtl(Duration ttl) {
    return new PushRequest(key, method, families, receiveTimeNanos, ttl);
  }
}
