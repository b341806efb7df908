package io.pushbridge.model;

import java.math.BigDecimal;
import java.time.Duration;

/**
 * Go's {@code time.ParseDuration} and {@code Duration.String}: flags that upstream types as
 * durations, and the TTL of a push ({@link PushTtl}), read the same way on every path.
 */
public final class GoDuration {
  private GoDuration() {}

  /**
   * Parses {@code [-+]?([0-9]*(\.[0-9]*)?[a-z]+)+} with units ns, us, µs, ms, s, m, h, or a bare
   * {@code 0}.
   *
   * @throws IllegalArgumentException with Go's message, e.g. {@code time: invalid duration "abc"}
   */
  public static Duration parse(String s) {
    String quoted = "\"" + s + "\"";
    int i = 0;
    boolean negative = false;
    if (!s.isEmpty() && (s.charAt(0) == '-' || s.charAt(0) == '+')) {
      negative = s.charAt(0) == '-';
      i = 1;
    }
    if (s.substring(i).equals("0")) {
      return Duration.ZERO;
    }
    if (i == s.length()) {
      throw new IllegalArgumentException("time: invalid duration " + quoted);
    }
    BigDecimal totalNanos = BigDecimal.ZERO;
    while (i < s.length()) {
      int start = i;
      while (i < s.length() && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '.')) {
        i++;
      }
      String number = s.substring(start, i);
      if (number.isEmpty() || number.equals(".") || number.indexOf('.') != number.lastIndexOf('.')) {
        throw new IllegalArgumentException("time: invalid duration " + quoted);
      }
      int unitStart = i;
      while (i < s.length() && !Character.isDigit(s.charAt(i)) && s.charAt(i) != '.') {
        i++;
      }
      String unit = s.substring(unitStart, i);
      if (unit.isEmpty()) {
        throw new IllegalArgumentException("time: missing unit in duration " + quoted);
      }
      long nanosPerUnit = switch (unit) {
        case "ns" -> 1L;
        case "us", "\u00b5s", "\u03bcs" -> 1_000L;
        case "ms" -> 1_000_000L;
        case "s" -> 1_000_000_000L;
        case "m" -> 60_000_000_000L;
        case "h" -> 3_600_000_000_000L;
        default -> throw new IllegalArgumentException(
            "time: unknown unit \"" + unit + "\" in duration " + quoted);
      };
      String digits = number.endsWith(".") ? number + "0" : number;
      totalNanos = totalNanos.add(new BigDecimal(digits).multiply(BigDecimal.valueOf(nanosPerUnit)));
    }
    if (totalNanos.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
      throw new IllegalArgumentException("time: invalid duration " + quoted);
    }
    long nanos = totalNanos.longValue();
    return Duration.ofNanos(negative ? -nanos : nanos);
  }

  /** Go's {@code Duration.String()}: {@code 5m0s}, {@code 1h0m0s}, {@code 1.5s}, {@code 100ms}, {@code 0s}. */
  public static String format(Duration d) {
    long nanos = d.toNanos();
    if (nanos == 0) {
      return "0s";
    }
    StringBuilder sb = new StringBuilder();
    if (nanos < 0) {
      sb.append('-');
      nanos = -nanos;
    }
    if (nanos < 1_000_000_000L) {
      if (nanos < 1_000L) {
        return sb.append(nanos).append("ns").toString();
      } else if (nanos < 1_000_000L) {
        return appendFraction(sb, nanos, 1_000L).append("\u00b5s").toString();
      }
      return appendFraction(sb, nanos, 1_000_000L).append("ms").toString();
    }
    long hours = nanos / 3_600_000_000_000L;
    long rest = nanos % 3_600_000_000_000L;
    long minutes = rest / 60_000_000_000L;
    long secondNanos = rest % 60_000_000_000L;
    if (hours > 0) {
      sb.append(hours).append('h');
    }
    if (hours > 0 || minutes > 0) {
      sb.append(minutes).append('m');
    }
    return appendFraction(sb, secondNanos, 1_000_000_000L).append('s').toString();
  }

  private static StringBuilder appendFraction(StringBuilder sb, long value, long unit) {
    sb.append(value / unit);
    long fraction = value % unit;
    if (fraction != 0) {
      String digits = Long.toString(unit + fraction).substring(1);
      int end = digits.length();
      while (digits.charAt(end - 1) == '0') {
        end--;
      }
      sb.append('.').append(digits, 0, end);
    }
    return sb;
  }
}
