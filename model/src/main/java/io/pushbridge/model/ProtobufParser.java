package io.pushbridge.model;

import java.util.List;

/** Parses a stream of varint-delimited {@code io.prometheus.client.MetricFamily} messages. */
@SuppressWarnings("DoNotCallSuggester") // stub until ProtobufParser lands
public final class ProtobufParser {
  private ProtobufParser() {}

  /**
   * The families of {@code body}; a later message with the same name replaces an earlier one.
   *
   * @throws MetricsParseException when the bytes are not such a stream
   * @throws InconsistentMetricsException when a metric's fields do not match its family's type
   */
  public static List<MetricFamily> parse(byte[] body) {
    throw new UnsupportedOperationException("ProtobufParser: in progress");
  }
}
