package io.pushbridge.model;

import java.util.List;
import java.util.Objects;

/**
 * A named family of series of one type.
 *
 * @param help the help text, or null when the push gave none (an empty string is a HELP that was
 *     present but empty, which upstream exposes as {@code # HELP name })
 */
public record MetricFamily(String name, String help, MetricType type, List<Metric> metrics) {

  public MetricFamily {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    metrics = List.copyOf(metrics);
  }

  public boolean hasHelp() {
    return help != null;
  }

  /** This family with other metrics, name, help and type unchanged. */
  public MetricFamily withMetrics(List<Metric> newMetrics) {
    return new MetricFamily(name, help, type, newMetrics);
  }
}
