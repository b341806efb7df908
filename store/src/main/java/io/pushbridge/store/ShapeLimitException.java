package io.pushbridge.store;

/** The push itself is over a per-push limit (series per group, labels, label value length): HTTP 400. */
public final class ShapeLimitException extends LimitExceededException {
  private static final long serialVersionUID = 1L;

  ShapeLimitException(Limit limit, long value, String what) {
    super(limit, value, what);
  }
}
