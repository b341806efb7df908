package io.pushbridge.model;

import java.util.Comparator;
import java.util.List;

/** Writes text exposition format 0.0.4 byte for byte as upstream does (spec §7.2). */
@SuppressWarnings({"DoNotCallSuggester", "UnusedVariable"}) // stub until TextRenderer lands
public final class TextRenderer {
  private TextRenderer() {}

  /** Upstream's series order within a family: by number of labels, then by label values in label-name order. */
  public static final Comparator<Metric> SERIES_ORDER = (a, b) -> {
    throw new UnsupportedOperationException("TextRenderer: in progress");
  };

  /** All families sorted by name, each with its HELP (if any) and TYPE line and its series in {@link #SERIES_ORDER}. */
  public static void render(List<MetricFamily> families, ByteArrayBuilder out) {
    throw new UnsupportedOperationException("TextRenderer: in progress");
  }

  /** The {@code # HELP} (when help is not null) and {@code # TYPE} lines of a family. */
  public static void renderHeader(String name, String help, MetricType type, ByteArrayBuilder out) {
    throw new UnsupportedOperationException("TextRenderer: in progress");
  }

  /** The sample lines of one series, in upstream's order (quantiles/buckets, synthetic +Inf, _sum, _count). */
  public static void renderSeries(String familyName, Metric metric, ByteArrayBuilder out) {
    throw new UnsupportedOperationException("TextRenderer: in progress");
  }
}
