package io.pushbridge.model;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One label matcher of a Prometheus series selector: {@code name="v"}, {@code name!="v"}, {@code
 * name=~"re"}, {@code name!~"re"}. A missing label has the value {@code ""}, and regular
 * expressions match the whole value, as in Prometheus.
 */
public record LabelMatcher(String name, Op op, String value, Pattern pattern) {

  /** The four operators, spelled as in PromQL. */
  public enum Op {
    EQUAL("="),
    NOT_EQUAL("!="),
    REGEX("=~"),
    NOT_REGEX("!~");

    private final String symbol;

    Op(String symbol) {
      this.symbol = symbol;
    }

    public String symbol() {
      return symbol;
    }
  }

  public LabelMatcher {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(op, "op");
    Objects.requireNonNull(value, "value");
    if ((op == Op.REGEX || op == Op.NOT_REGEX) != (pattern != null)) {
      throw new IllegalArgumentException("a pattern goes with =~ and !~ only");
    }
  }

  /** Whether {@code labelValue} (empty when the label is missing) satisfies the matcher. */
  public boolean matches(String labelValue) {
    return switch (op) {
      case EQUAL -> labelValue.equals(value);
      case NOT_EQUAL -> !labelValue.equals(value);
      case REGEX -> pattern.matcher(labelValue).matches();
      case NOT_REGEX -> !pattern.matcher(labelValue).matches();
    };
  }

  @Override
  public String toString() {
    return name + op.symbol + GoStrings.quote(value);
  }
}
