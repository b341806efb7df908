package io.pushbridge.exposer;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;

/** Go's {@code time.RFC3339Nano}, as {@code encoding/json} writes a {@code time.Time}. */
final class GoTime {
  private GoTime() {}

  /**
   * {@code 2006-01-02T15:04:05.999999999Z07:00}: the fraction without trailing zeros (none at all
   * for whole seconds), {@code Z} for UTC, otherwise the offset.
   */
  static String rfc3339Nano(Instant instant, ZoneId zone) {
    ZonedDateTime t = instant.atZone(zone);
    StringBuilder sb = new StringBuilder(35);
    pad(sb, t.getYear(), 4).append('-');
    pad(sb, t.getMonthValue(), 2).append('-');
    pad(sb, t.getDayOfMonth(), 2).append('T');
    pad(sb, t.getHour(), 2).append(':');
    pad(sb, t.getMinute(), 2).append(':');
    pad(sb, t.getSecond(), 2);
    int nanos = t.getNano();
    if (nanos != 0) {
      String digits = Integer.toString(1_000_000_000 + nanos).substring(1);
      int end = digits.length();
      while (digits.charAt(end - 1) == '0') {
        end--;
      }
      sb.append('.').append(digits, 0, end);
    }
    ZoneOffset offset = t.getOffset();
    if (offset.getTotalSeconds() == 0) {
      return sb.append('Z').toString();
    }
    int total = offset.getTotalSeconds();
    sb.append(total < 0 ? '-' : '+');
    total = Math.abs(total);
    pad(sb, total / 3600, 2).append(':');
    return pad(sb, total / 60 % 60, 2).toString();
  }

  /** Unix nanoseconds to an instant. */
  static Instant ofEpochNanos(long nanos) {
    return Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
  }

  private static StringBuilder pad(StringBuilder sb, int v, int width) {
    String s = Integer.toString(v);
    for (int i = s.length(); i < width; i++) {
      sb.append('0');
    }
    return sb.append(s);
  }
}
