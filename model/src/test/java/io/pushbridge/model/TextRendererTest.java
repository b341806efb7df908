package io.pushbridge.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TextRendererTest {

  private static final Labels EU = Labels.of("instance", "", "job", "golden", "zone", "eu");

  private static Labels eu(String... more) {
    return EU.withAll(Labels.of(more));
  }

  private static String render(List<MetricFamily> families) {
    ByteArrayBuilder out = new ByteArrayBuilder();
    TextRenderer.render(families, out);
    return out.toString();
  }

  /**
   * {@code upstream-1.5.1/scrape-mixed.txt} is what the 1.5.1 binary exposed (its own families cut
   * out) after {@code scrape-mixed.push.txt} was pushed to {@code /metrics/job/golden/zone/eu} and
   * {@code plain{z="1"} 0.1}, {@code plain{instance="i2"} 7} to {@code /metrics/job/golden2}. The
   * families below are those pushes as stored; they are listed out of order on purpose.
   */
  @Test
  void rendersByteForByteWhatUpstreamExposedForTheSamePushes() throws IOException {
    List<MetricFamily> families = List.of(
        new MetricFamily("temp", null, MetricType.GAUGE, List.of(
            new Metric.Scalar(eu("room", "kü\"che\nx"), -0.0),
            new Metric.Scalar(eu(), Double.NEGATIVE_INFINITY),
            new Metric.Scalar(eu("room", "a"), Double.NaN),
            new Metric.Scalar(eu("room", "b"), Double.POSITIVE_INFINITY))),
        new MetricFamily("req_total", "Total \\ requests\nsecond line", MetricType.COUNTER, List.of(
            new Metric.Scalar(eu("path", "/a", "code", "200"), 1027),
            new Metric.Scalar(eu("path", "/a", "code", "500"), 3),
            new Metric.Scalar(eu("path", "/b\\c", "code", "200"), 1e-05),
            new Metric.Scalar(eu("code", "404"), 1234567))),
        new MetricFamily("rq", null, MetricType.SUMMARY, List.of(
            new Metric.Summary(eu("path", "/a"), 123456789, 17.5,
                List.of(new Metric.Quantile(0.5, 0.052), new Metric.Quantile(0.99, 0.1)),
                Metric.NO_TIMESTAMP),
            new Metric.Summary(eu("path", "/b"), 0, 0, List.of(), Metric.NO_TIMESTAMP))),
        new MetricFamily("plain", null, MetricType.UNTYPED, List.of(
            new Metric.Scalar(eu(), 42),
            new Metric.Scalar(Labels.of("instance", "", "job", "golden2", "z", "1"), 0.1),
            new Metric.Scalar(Labels.of("instance", "i2", "job", "golden2"), 7))),
        new MetricFamily("lat", null, MetricType.HISTOGRAM, List.of(
            new Metric.Histogram(eu(), 7, 2.25,
                List.of(new Metric.Bucket(0.1, 1), new Metric.Bucket(1, 5)), Metric.NO_TIMESTAMP),
            new Metric.Histogram(eu("svc", "x"), 3, 1e21,
                List.of(new Metric.Bucket(0.1, 2), new Metric.Bucket(Double.POSITIVE_INFINITY, 3)),
                Metric.NO_TIMESTAMP))));
    assertEquals(resource("upstream-1.5.1/scrape-mixed.txt"), render(families));
  }

  @Test
  void writesAnEmptyHelpWithItsTrailingBlankAndNoLineForAbsentHelp() {
    ByteArrayBuilder out = new ByteArrayBuilder();
    TextRenderer.renderHeader("pbeh", "", MetricType.GAUGE, out);
    TextRenderer.renderHeader("nohelp", null, MetricType.HISTOGRAM, out);
    assertEquals("# HELP pbeh \n# TYPE pbeh gauge\n# TYPE nohelp histogram\n", out.toString());
  }

  @Test
  void escapesOnlyBackslashAndNewlineInHelp() {
    ByteArrayBuilder out = new ByteArrayBuilder();
    TextRenderer.renderHeader("h", "a \"q\" \\ b\nc ü", MetricType.COUNTER, out);
    assertEquals("# HELP h a \"q\" \\\\ b\\nc ü\n# TYPE h counter\n", out.toString());
  }

  @Test
  void writesNoBracesForAnEmptyLabelSetButBracesForQuantileAndLe() {
    ByteArrayBuilder out = new ByteArrayBuilder();
    TextRenderer.renderSeries("u", new Metric.Scalar(Labels.EMPTY, 2.5), out);
    TextRenderer.renderSeries("s", new Metric.Summary(Labels.EMPTY, 1, 2,
        List.of(new Metric.Quantile(0.5, 3)), Metric.NO_TIMESTAMP), out);
    TextRenderer.renderSeries("h", new Metric.Histogram(Labels.EMPTY, 4, 5,
        List.of(), Metric.NO_TIMESTAMP), out);
    assertEquals(
        """
        u 2.5
        s{quantile="0.5"} 3
        s_sum 2
        s_count 1
        h_bucket{le="+Inf"} 4
        h_sum 5
        h_count 4
        """,
        out.toString());
  }

  @Test
  void neverWritesTimestamps() {
    ByteArrayBuilder out = new ByteArrayBuilder();
    TextRenderer.renderSeries("t", new Metric.Scalar(Labels.of("a", "b"), 1, 1234), out);
    assertEquals("t{a=\"b\"} 1\n", out.toString());
  }

  @Test
  void writesCountsAsFloat64AsUpstreamDoes() {
    ByteArrayBuilder out = new ByteArrayBuilder();
    TextRenderer.renderSeries("ch", new Metric.Histogram(Labels.EMPTY, -1L, 0.1,
        List.of(new Metric.Bucket(1, 1_000_000)), Metric.NO_TIMESTAMP), out);
    assertEquals(
        """
        ch_bucket{le="1"} 1e+06
        ch_bucket{le="+Inf"} 1.8446744073709552e+19
        ch_sum 0.1
        ch_count 1.8446744073709552e+19
        """,
        out.toString());
  }

  @Test
  void omitsFamiliesWithoutSeries() {
    assertEquals("", render(List.of(new MetricFamily("empty", "h", MetricType.GAUGE, List.of()))));
  }

  /** Upstream compares values position by position whatever the label names (verified on 1.5.1). */
  @Test
  void ordersSeriesByLabelCountThenValuesInNameOrder() {
    List<Metric> metrics = new ArrayList<>(List.of(
        new Metric.Scalar(Labels.of("a", "y", "c", "1", "instance", "", "job", "j"), 3),
        new Metric.Scalar(Labels.of("a", "z", "instance", "", "job", "j"), 1),
        new Metric.Scalar(Labels.of("instance", "", "job", "j"), 4),
        new Metric.Scalar(Labels.of("b", "a", "instance", "", "job", "j"), 2)));
    assertEquals(
        """
        # TYPE ord untyped
        ord{instance="",job="j"} 4
        ord{b="a",instance="",job="j"} 2
        ord{a="z",instance="",job="j"} 1
        ord{a="y",c="1",instance="",job="j"} 3
        """,
        render(List.of(new MetricFamily("ord", null, MetricType.UNTYPED, metrics))));
  }

  @Test
  void breaksTiesWithTimestampsFirstThenLabelNames() {
    Metric noTs = new Metric.Scalar(Labels.of("a", "1"), 0);
    Metric late = new Metric.Scalar(Labels.of("a", "1"), 0, 20);
    Metric early = new Metric.Scalar(Labels.of("a", "1"), 0, 10);
    Metric otherName = new Metric.Scalar(Labels.of("b", "1"), 0);
    List<Metric> sorted = new ArrayList<>(List.of(otherName, noTs, late, early));
    sorted.sort(TextRenderer.SERIES_ORDER);
    assertEquals(List.of(early, late, noTs, otherName), sorted);
  }

  @Test
  void comparesStringsByUtf8BytesLikeGo() {
    String supplementary = new String(Character.toChars(0x1F600));
    assertTrue(TextRenderer.compareUtf8("\uFFFD", supplementary) < 0);
    assertTrue(TextRenderer.compareUtf8(supplementary, "\uE000") > 0);
    assertTrue(TextRenderer.compareUtf8("a", "b") < 0);
    assertTrue(TextRenderer.compareUtf8("ab", "a") > 0);
    assertEquals(0, TextRenderer.compareUtf8("\u00e4", "\u00e4"));
  }

  private static String resource(String name) throws IOException {
    try (InputStream in = TextRendererTest.class.getClassLoader().getResourceAsStream(name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void seriesWriterWritesEachSeriesAsRenderSeriesDoes() {
    // Repeated instances at the same position are copied; escaped and non-ASCII ones are not.
    String shared = "shared";
    String escaped = "a\"b\\c\nd";
    String umlaut = "\u00e4\uD83D\uDE00";
    List<Metric> metrics = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      String value = i / 2 % 3 == 0 ? escaped : i / 2 % 3 == 1 ? umlaut : shared;
      Labels labels = Labels.of("a", value, "b", i / 3 % 2 == 0 ? shared : "v" + i, "job", "j");
      Metric metric =
          switch (i % 4) {
            case 0 -> new Metric.Scalar(labels, i * 1.5);
            case 1 -> new Metric.Summary(
                labels, i, 2.5, List.of(new Metric.Quantile(0.5, i)), Metric.NO_TIMESTAMP);
            case 2 -> new Metric.Histogram(
                labels, i, 3, List.of(new Metric.Bucket(1, i)), Metric.NO_TIMESTAMP);
            default -> new Metric.Scalar(i % 8 == 3 ? Labels.EMPTY : Labels.of("c", value), -0.0);
          };
      metrics.add(metric);
    }
    ByteArrayBuilder expected = new ByteArrayBuilder();
    ByteArrayBuilder actual = new ByteArrayBuilder();
    TextRenderer.SeriesWriter writer = new TextRenderer.SeriesWriter("f\u00e4", actual);
    for (Metric m : metrics) {
      TextRenderer.renderSeries("f\u00e4", m, expected);
      writer.write(m);
    }
    assertEquals(expected.toString(), actual.toString());
  }
}
