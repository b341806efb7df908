package io.pushbridge.model;

import java.time.Duration;

/**
 * The time to live a push asks for (beyond upstream): an HTTP header {@code Pushbridge-TTL} or a
 * Kafka header {@code ttl}, both in Go's duration syntax ({@code 90s}, {@code 5m}, {@code 1h30m}).
 * {@code 0} means the group never expires; no header means the gateway's {@code --push.ttl}.
 */
public final class PushTtl {
  private PushTtl() {}

  /**
   * The TTL a header gives, for {@link PushRequest#withTtl}.
   *
   * @param header the header's name as the client sent it, for the message
   * @param value the header's value, or null when absent
   * @return null when absent (the default applies), {@link Duration#ZERO} for never
   * @throws InvalidPushException when the value is not a duration or is negative
   */
  public static Duration parse(String header, String value) {
    if (value == null) {
      return null;
    }
    Duration ttl;
    try {
      ttl = GoDuration.parse(value.trim());
    } catch (IllegalArgumentException e) {
      throw new InvalidPushException(
          "invalid " + header + " header " + GoStrings.quote(value) + ": " + e.getMessage()
              + " (expected a duration such as 90s, 5m or 1h30m; 0 for never)",
          e);
    }
    if (ttl.isNegative()) {
      throw new InvalidPushException(
          "invalid " + header + " header " + GoStrings.quote(value)
              + ": the TTL must not be negative (0 for never)");
    }
    return ttl;
  }
}
