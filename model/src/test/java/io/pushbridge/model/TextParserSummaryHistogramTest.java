package io.pushbridge.model;

import static io.pushbridge.model.TextParserTest.only;
import static io.pushbridge.model.TextParserTest.parse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class TextParserSummaryHistogramTest {

  @Test
  void assemblesSummaryFromQuantileSumAndCountLines() {
    MetricFamily family = only("""
        # HELP s Latency.
        # TYPE s summary
        s{x="1",quantile="0.5"} 2
        s{x="1",quantile="0.9"} 4
        s_sum{x="1"} 10.5
        s_count{x="1"} 7
        """);
    assertEquals("s", family.name());
    assertEquals(MetricType.SUMMARY, family.type());
    assertEquals("Latency.", family.help());
    Metric.Summary summary = assertInstanceOf(Metric.Summary.class, family.metrics().get(0));
    assertEquals(Labels.of("x", "1"), summary.labels());
    assertEquals(7, summary.count());
    assertEquals(10.5, summary.sum());
    assertEquals(List.of(new Metric.Quantile(0.5, 2), new Metric.Quantile(0.9, 4)),
        summary.quantiles());
  }

  @Test
  void groupsSummaryLinesByLabelsWithoutQuantileEvenWhenInterleaved() {
    MetricFamily family = only("""
        # TYPE s summary
        s{a="1",quantile="0.5"} 1
        s{a="2",quantile="0.5"} 2
        s_count{a="1"} 3
        s_count{a="2"} 4
        s{quantile="0.9",a="1"} 5
        """);
    assertEquals(2, family.metrics().size());
    Metric.Summary first = (Metric.Summary) family.metrics().get(0);
    Metric.Summary second = (Metric.Summary) family.metrics().get(1);
    assertEquals(Labels.of("a", "1"), first.labels());
    assertEquals(3, first.count());
    assertEquals(2, first.quantiles().size());
    assertEquals(Labels.of("a", "2"), second.labels());
    assertEquals(4, second.count());
  }

  @Test
  void truncatesSummaryCountToAnInteger() {
    Metric.Summary summary = (Metric.Summary) only("# TYPE s summary\ns_count 3.7\n")
        .metrics().get(0);
    assertEquals(3, summary.count());
  }

  @Test
  void keepsASummaryLineWithoutQuantileAsAnEmptySeries() {
    Metric.Summary summary = (Metric.Summary) only("# TYPE s summary\ns{a=\"1\"} 9\n")
        .metrics().get(0);
    assertEquals(Labels.of("a", "1"), summary.labels());
    assertEquals(0, summary.count());
    assertEquals(0.0, summary.sum());
    assertEquals(List.of(), summary.quantiles());
  }

  @Test
  void ignoresTheValueOfANanQuantile() {
    Metric.Summary summary = (Metric.Summary) only(
        "# TYPE s summary\ns{quantile=\"NaN\"} 7\ns{quantile=\"0.5\"} 1\n").metrics().get(0);
    assertEquals(List.of(new Metric.Quantile(0.5, 1)), summary.quantiles());
  }

  @Test
  void letsALaterQuantileLabelWinWithoutDuplicateError() {
    Metric.Summary summary = (Metric.Summary) only(
        "# TYPE s summary\ns{quantile=\"0.1\",quantile=\"0.2\"} 7\n").metrics().get(0);
    assertEquals(List.of(new Metric.Quantile(0.2, 7)), summary.quantiles());
  }

  @Test
  void assemblesHistogramFromBucketSumAndCountLines() {
    MetricFamily family = only("""
        # TYPE h histogram
        h_bucket{le="0.1"} 1
        h_bucket{le="1"} 3
        h_bucket{le="+Inf"} 4
        h_sum 2.5
        h_count 4
        """);
    Metric.Histogram histogram = assertInstanceOf(Metric.Histogram.class, family.metrics().get(0));
    assertEquals(Labels.EMPTY, histogram.labels());
    assertEquals(4, histogram.count());
    assertEquals(2.5, histogram.sum());
    assertEquals(List.of(new Metric.Bucket(0.1, 1), new Metric.Bucket(1, 3),
        new Metric.Bucket(Double.POSITIVE_INFINITY, 4)), histogram.buckets());
  }

  @Test
  void groupsHistogramLinesByLabelsWithoutLe() {
    MetricFamily family = only("""
        # TYPE h histogram
        h_bucket{le="1",path="/a"} 1
        h_bucket{path="/b",le="1"} 2
        h_bucket{le="2",path="/a"} 3
        h_count{path="/a"} 3
        """);
    assertEquals(2, family.metrics().size());
    Metric.Histogram a = (Metric.Histogram) family.metrics().get(0);
    assertEquals(Labels.of("path", "/a"), a.labels());
    assertEquals(2, a.buckets().size());
    assertEquals(3, a.count());
  }

  @Test
  void treatsLeOnTheBaseNameAsABucketAndIgnoresBucketLinesWithoutLe() {
    Metric.Histogram histogram = (Metric.Histogram) only(
        "# TYPE h histogram\nh{le=\"1\"} 5\nh_bucket 4\nh_count{le=\"3\"} 2\n").metrics().get(0);
    assertEquals(List.of(new Metric.Bucket(1, 5)), histogram.buckets());
    assertEquals(2, histogram.count());
  }

  @Test
  void keepsQuantileAsALabelOfAHistogram() {
    MetricFamily family = only("# TYPE h histogram\nh_bucket{le=\"2\",quantile=\"x\"} 6\n");
    assertEquals(Labels.of("quantile", "x"), family.metrics().get(0).labels());
  }

  @Test
  void attachesSuffixedLinesOnlyToAnAlreadyDeclaredSummaryOrHistogram() {
    List<MetricFamily> families = parse("""
        s_count 1
        s_sum 2
        h_bucket{le="1"} 3
        # TYPE s summary
        # TYPE h histogram
        s_count 4
        h_bucket{le="1"} 5
        """);
    assertEquals(List.of("s_count", "s_sum", "h_bucket"),
        families.stream().map(MetricFamily::name).toList());
    assertTrue(families.stream().allMatch(f -> f.type() == MetricType.UNTYPED));
    assertEquals(2, families.get(0).metrics().size());
    assertEquals(2, families.get(2).metrics().size());
  }

  @Test
  void givesSuffixedNamesOfOtherTypesTheirOwnFamilies() {
    List<MetricFamily> families = parse("""
        # TYPE g gauge
        g 1
        g_count 2
        # TYPE s summary
        s_bucket 3
        """);
    assertEquals(List.of("g", "g_count", "s_bucket"),
        families.stream().map(MetricFamily::name).toList());
  }

  @Test
  void neverTreatsABareSuffixAsASuffixedName() {
    List<MetricFamily> families = parse("# TYPE _ summary\n_count 1\n_sum 2\n_bucket 3\n");
    assertEquals(List.of("_count", "_sum", "_bucket"),
        families.stream().map(MetricFamily::name).toList());
  }

  @Test
  void takesHelpFromASuffixedHelpLine() {
    assertEquals("foo", only("# TYPE s summary\n# HELP s_count foo\ns_count 1\n").help());
  }

  @Test
  void marksAComplexSeriesTimestampedWhenAnyOfItsLinesIs() {
    Metric metric = only("# TYPE h histogram\nh_bucket{le=\"1\"} 1\nh_count 1 123\n")
        .metrics().get(0);
    assertTrue(metric.hasTimestamp());
    assertEquals(123, metric.timestampMs());
    assertFalse(only("# TYPE h histogram\nh_count 1\n").metrics().get(0).hasTimestamp());
  }

  @Test
  void convertsCountsAsTheAmd64UpstreamBinaryDoes() {
    MetricFamily family = only("""
        # TYPE s summary
        s_count{v="-1"} -1
        s_count{v="-0.5"} -0.5
        s_count{v="NaN"} NaN
        s_count{v="+Inf"} +Inf
        s_count{v="-Inf"} -Inf
        s_count{v="1e20"} 1e20
        s_count{v="9.3e18"} 9.3e18
        """);
    long[] expected = {-1L, 0L, Long.MIN_VALUE, Long.MIN_VALUE, Long.MIN_VALUE, Long.MIN_VALUE,
        Long.parseUnsignedLong("9300000000000000000")};
    for (int i = 0; i < expected.length; i++) {
      assertEquals(expected[i], ((Metric.Summary) family.metrics().get(i)).count(), "series " + i);
    }
  }
}
