package io.pushbridge.model;

import java.util.List;

/**
 * The checks and label sanitisation every push goes through, whatever its path (spec §3.7, §5 as
 * far as one push goes). Checks against other groups are the store's.
 */
@SuppressWarnings("DoNotCallSuggester") // stub until PushValidator lands
public final class PushValidator {
  private PushValidator() {}

  /**
   * The families as they will be stored: grouping labels forced onto every series, {@code
   * instance=""} added where missing, labels sorted, {@code push_time_seconds} and {@code
   * push_failure_time_seconds} dropped.
   *
   * @throws InconsistentMetricsException for timestamps, invalid label names, duplicate series,
   *     type and suffix collisions within the push
   */
  public static List<MetricFamily> sanitize(GroupingKey key, List<MetricFamily> families) {
    throw new UnsupportedOperationException("PushValidator: in progress");
  }
}
