package io.pushbridge.model;

import java.util.List;

/** Parses text exposition format 0.0.4 exactly as upstream 1.5.1's parser accepts and rejects it. */
public final class TextParser {
  private TextParser() {}

  /**
   * The families of {@code body}, in order of first appearance; families without samples are
   * dropped.
   *
   * @throws MetricsParseException {@code text format parsing error in line <n>: <reason>}
   */
  public static List<MetricFamily> parse(byte[] body) {
    throw new UnsupportedOperationException("TextParser: in progress");
  }
}
