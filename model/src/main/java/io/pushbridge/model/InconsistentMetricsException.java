package io.pushbridge.model;

/**
 * A push that parsed but is invalid in itself or inconsistent with what is stored (spec §5). The
 * message always starts with upstream's prefix so that log searches and alerts keep matching.
 */
public final class InconsistentMetricsException extends InvalidPushException {
  private static final long serialVersionUID = 1L;

  public static final String PREFIX =
      "pushed metrics are invalid or inconsistent with existing metrics: ";

  public InconsistentMetricsException(String detail) {
    super(PREFIX + detail);
  }

  /** The part after the prefix. */
  public String detail() {
    return getMessage().substring(PREFIX.length());
  }
}
