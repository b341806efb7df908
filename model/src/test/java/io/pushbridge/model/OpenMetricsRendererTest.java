package io.pushbridge.model;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class OpenMetricsRendererTest {

  private static String render(MetricFamily... families) {
    ByteArrayBuilder out = new ByteArrayBuilder();
    OpenMetricsRenderer.render(List.of(families), out);
    return out.toString();
  }

  private static String renderFloat(double v) {
    ByteArrayBuilder out = new ByteArrayBuilder();
    OpenMetricsRenderer.appendFloat(v, out);
    return out.toString();
  }

  @Test
  void writesCountersUnderTheirShortNameWithTotalSamples() {
    assertEquals("""
        # TYPE http_requests counter
        # HELP http_requests Requests \\"served\\", with \\\\ and \\n escaped.
        http_requests_total{code="200",path="/a\\"b\\\\c\\nd"} 1027.0
        http_requests_total{code="500",path="/"} 3.0
        # EOF
        """, render(new MetricFamily("http_requests_total", "Requests \"served\", with \\ and \n escaped.",
        MetricType.COUNTER, List.of(
            new Metric.Scalar(Labels.of("code", "500", "path", "/"), 3),
            new Metric.Scalar(Labels.of("code", "200", "path", "/a\"b\\c\nd"), 1027)))));
  }

  @Test
  void writesACounterWithoutTotalSuffixAsUnknownToKeepItsSeriesName() {
    assertEquals("""
        # TYPE jobs unknown
        jobs 7.0
        # EOF
        """, render(new MetricFamily("jobs", null, MetricType.COUNTER, List.of(new Metric.Scalar(Labels.EMPTY, 7)))));
  }

  @Test
  void writesGaugesUntypedAndFamiliesSortedByNameWithoutEmptyOnes() {
    assertEquals("""
        # TYPE a gauge
        a{x="1"} NaN
        a{x="2"} +Inf
        a{x="3"} -Inf
        a{x="4"} 0.0
        a{x="5"} -1.0
        # TYPE b unknown
        # HELP b Untyped.
        b 1.5e-07
        # EOF
        """, render(
        new MetricFamily("b", "Untyped.", MetricType.UNTYPED, List.of(new Metric.Scalar(Labels.EMPTY, 1.5e-7))),
        new MetricFamily("empty", "No series.", MetricType.GAUGE, List.of()),
        new MetricFamily("a", "", MetricType.GAUGE, List.of(
            new Metric.Scalar(Labels.of("x", "5"), -1),
            new Metric.Scalar(Labels.of("x", "4"), -0.0),
            new Metric.Scalar(Labels.of("x", "3"), Double.NEGATIVE_INFINITY),
            new Metric.Scalar(Labels.of("x", "2"), Double.POSITIVE_INFINITY),
            new Metric.Scalar(Labels.of("x", "1"), Double.NaN)))));
  }

  @Test
  void writesSummariesWithQuantileLabelsLastAndIntegerCounts() {
    assertEquals("""
        # TYPE rpc_seconds summary
        # HELP rpc_seconds RPC latency.
        rpc_seconds{job="j",quantile="0.5"} 0.25
        rpc_seconds{job="j",quantile="1.0"} 3.0
        rpc_seconds_sum{job="j"} 1.7560473e+07
        rpc_seconds_count{job="j"} 1234567
        # EOF
        """, render(new MetricFamily("rpc_seconds", "RPC latency.", MetricType.SUMMARY, List.of(
        new Metric.Summary(Labels.of("job", "j"), 1234567, 1.7560473e+07,
            List.of(new Metric.Quantile(0.5, 0.25), new Metric.Quantile(1, 3)), Metric.NO_TIMESTAMP)))));
  }

  @Test
  void writesHistogramBucketsAddingTheInfBucketWhenMissing() {
    assertEquals("""
        # TYPE latency histogram
        latency_bucket{le="0.05"} 24054
        latency_bucket{le="1.0"} 33444
        latency_bucket{le="100000.0"} 100000
        latency_bucket{le="1e+06"} 144000
        latency_bucket{le="+Inf"} 18446744073709551615
        latency_sum 53423.0
        latency_count 18446744073709551615
        # EOF
        """, render(new MetricFamily("latency", null, MetricType.HISTOGRAM, List.of(
        new Metric.Histogram(Labels.EMPTY, -1L, 53423, List.of(new Metric.Bucket(0.05, 24054),
            new Metric.Bucket(1, 33444), new Metric.Bucket(1e5, 100000), new Metric.Bucket(1e6, 144000)),
            Metric.NO_TIMESTAMP)))));
  }

  @Test
  void formatsFloatsAsGoWithPointZeroForIntegers() {
    assertEquals("1.0", renderFloat(1));
    assertEquals("0.0", renderFloat(-0.0));
    assertEquals("100.0", renderFloat(100));
    assertEquals("123456.0", renderFloat(123456));
    assertEquals("1.234567e+06", renderFloat(1234567));
    assertEquals("1e-05", renderFloat(1e-5));
    assertEquals("0.0001", renderFloat(1e-4));
    assertEquals("1e+20", renderFloat(1e20));
    assertEquals("NaN", renderFloat(Double.NaN));
    assertEquals("+Inf", renderFloat(Double.POSITIVE_INFINITY));
    assertEquals("-Inf", renderFloat(Double.NEGATIVE_INFINITY));
  }

  @Test
  void anOpenMetricsPushIsWrittenBackAsItCame() {
    String body = """
        # TYPE build_info gauge
        # HELP build_info Build.
        build_info{version="1.2"} 1.0
        # TYPE jobs counter
        # HELP jobs Jobs run.
        jobs_total{result="ok"} 17.0
        # TYPE latency_seconds histogram
        latency_seconds_bucket{le="0.1"} 8
        latency_seconds_bucket{le="+Inf"} 17
        latency_seconds_sum 324789.3
        latency_seconds_count 17
        # TYPE state gauge
        state{state="a"} 0.0
        state{state="b"} 1.0
        # EOF
        """;
    List<MetricFamily> parsed = OpenMetricsParser.parse(body.getBytes(UTF_8));
    ByteArrayBuilder out = new ByteArrayBuilder();
    OpenMetricsRenderer.render(parsed, out);
    assertEquals(body, out.toString());
    assertEquals(parsed, OpenMetricsParser.parse(out.toByteArray()));
  }
}
