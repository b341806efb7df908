package io.pushbridge.store;

import io.pushbridge.model.InvalidPushException;

/**
 * A push refused whole by one of the {@link StoreLimits}; nothing stored changed. As an {@link
 * InvalidPushException} it goes where every refused push goes (HTTP 4xx, Kafka dead letters); the
 * subclass says whether the push itself is too big ({@link ShapeLimitException}) or the store is
 * full ({@link CapacityLimitException}).
 */
public abstract class LimitExceededException extends InvalidPushException {
  private static final long serialVersionUID = 1L;

  private final Limit limit;

  LimitExceededException(Limit limit, long value, String what) {
    super("limit " + limit.flag() + "=" + value + " exceeded: " + what);
    this.limit = limit;
  }

  public Limit limit() {
    return limit;
  }
}
