package io.pushbridge.model;

/** The metric types upstream 1.5.1 accepts; names as the JSON API and protobuf spell them. */
public enum MetricType {
  COUNTER,
  GAUGE,
  SUMMARY,
  UNTYPED,
  HISTOGRAM;

  /** The lower-case keyword used on {@code # TYPE} lines. */
  public String keyword() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
