package io.pushbridge.model;

/** Go's {@code strconv.FormatFloat(v, 'g', -1, 64)}: shortest round-trip digits (spec §15). */
@SuppressWarnings("DoNotCallSuggester") // stub until GoFloat lands
public final class GoFloat {
  private GoFloat() {}

  /** As the text exposition writes a value: {@code +Inf}, {@code -Inf}, {@code NaN}, {@code 0} for -0. */
  public static String format(double v) {
    throw new UnsupportedOperationException("GoFloat: in progress");
  }

  /** As the JSON API writes a value (Go's {@code %v}): like {@link #format} but -0 is {@code -0}. */
  public static String formatJson(double v) {
    throw new UnsupportedOperationException("GoFloat: in progress");
  }
}
