package io.pushbridge.model;

/**
 * A body that does not parse. For text the message is upstream's
 * {@code text format parsing error in line <n>: <reason>}; for protobuf it names the problem.
 */
public final class MetricsParseException extends InvalidPushException {
  private static final long serialVersionUID = 1L;

  public MetricsParseException(String message) {
    super(message);
  }

  public MetricsParseException(String message, Throwable cause) {
    super(message, cause);
  }
}
