package io.pushbridge.model;

import java.util.Map;

/**
 * One sample line of an OpenMetrics body as read.
 *
 * @param labels sorted by name
 * @param timestampMs {@link Metric#NO_TIMESTAMP} when the line has none
 * @param hasExemplar whether an exemplar followed (it is checked, then dropped)
 * @param exemplarValue the exemplar's value when there is one
 */
record OpenMetricsSample(String name, Map<String, String> labels, double value, long timestampMs,
    boolean hasExemplar, double exemplarValue) {

  boolean hasTimestamp() {
    return timestampMs != Metric.NO_TIMESTAMP;
  }

  /** This sample's labels without {@code label}, as the model's label set. */
  Labels labelsWithout(String label) {
    if (!labels.containsKey(label)) {
      return Labels.fromMap(labels);
    }
    Map<String, String> rest = new java.util.TreeMap<>(labels);
    rest.remove(label);
    return Labels.fromMap(rest);
  }
}
