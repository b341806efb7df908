package io.pushbridge.store;

import java.util.Locale;

/** One of the {@link StoreLimits}, named as its flag and its counter label name it. */
public enum Limit {
  MAX_GROUPS(true),
  MAX_SERIES_PER_GROUP(false),
  MAX_SERIES(true),
  MAX_LABEL_VALUE_LENGTH(false),
  MAX_LABELS_PER_SERIES(false);

  private final boolean capacity;

  Limit(boolean capacity) {
    this.capacity = capacity;
  }

  /** {@code max-groups}, ...: the flag without {@code --limits.}, and the counter's label value. */
  public String id() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** {@code --limits.max-groups}, ... */
  public String flag() {
    return "--limits." + id();
  }

  /**
   * Whether the limit caps the whole store (what other groups hold decides), not the shape of one
   * push.
   */
  public boolean capacity() {
    return capacity;
  }
}
