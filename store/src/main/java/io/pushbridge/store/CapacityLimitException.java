package io.pushbridge.store;

/**
 * The store is at a capacity limit (groups, series in total): the push may succeed once groups
 * are deleted or expire. HTTP 507.
 */
public final class CapacityLimitException extends LimitExceededException {
  private static final long serialVersionUID = 1L;

  CapacityLimitException(Limit limit, long value, String what) {
    super(limit, value, what);
  }
}
