package io.pushbridge.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Expected texts are copied from error bodies of the upstream 1.5.1 binary. */
class GoProtoTextTest {

  private static Labels job(String job, String... more) {
    Labels labels = Labels.of(more);
    return labels.with("instance", labels.contains("instance") ? labels.get("instance") : "")
        .with("job", job);
  }

  @Test
  void printsAnUntypedDuplicateLikeUpstream() {
    assertEquals(
        "label:<name:\"instance\" value:\"\" > label:<name:\"job\" value:\"x\" > untyped:<value:1 > ",
        GoProtoText.of(MetricType.UNTYPED, new Metric.Scalar(job("x"), 1)));
  }

  @Test
  void escapesQuotesBackslashesAndNewlinesInLabelValues() {
    assertEquals(
        "label:<name:\"a\" value:\"x\\\"y\\\\z\\n\" > label:<name:\"instance\" value:\"\" >"
            + " label:<name:\"job\" value:\"x\" > counter:<value:1 > ",
        GoProtoText.of(MetricType.COUNTER, new Metric.Scalar(job("x", "a", "x\"y\\z\n"), 1)));
  }

  @Test
  void writesNonAsciiAndControlBytesAsOctal() {
    assertEquals(
        "label:<name:\"a\" value:\"\\303\\244\\t\\r\\001~\" > label:<name:\"instance\" value:\"\" >"
            + " label:<name:\"job\" value:\"esc\" > gauge:<value:-0 > ",
        GoProtoText.of(MetricType.GAUGE, new Metric.Scalar(job("esc", "a", "ä\t\r\u0001~"), -0.0)));
  }

  @Test
  void writesGaugeValuesWithGoPercentV() {
    String prefix = "label:<name:\"instance\" value:\"\" > label:<name:\"job\" value:\"esc2\" > ";
    assertEquals(prefix + "gauge:<value:1e+21 > ", gauge(1e21));
    assertEquals(prefix + "gauge:<value:-inf > ", gauge(Double.NEGATIVE_INFINITY));
    assertEquals(prefix + "gauge:<value:1.23456789e+08 > ", gauge(123456789));
    assertEquals(
        "label:<name:\"a\" value:\"2\" > label:<name:\"b\" value:\"1\" > label:<name:\"instance\""
            + " value:\"\" > label:<name:\"job\" value:\"x\" > gauge:<value:1e-07 > ",
        GoProtoText.of(MetricType.GAUGE, new Metric.Scalar(job("x", "b", "1", "a", "2"), 1e-7)));
  }

  private static String gauge(double v) {
    return GoProtoText.of(MetricType.GAUGE, new Metric.Scalar(job("esc2"), v));
  }

  @Test
  void printsSummariesWithQuantiles() {
    Metric.Summary parsedFromText = new Metric.Summary(
        job("y", "instance", "q"), 3, 2.5,
        List.of(new Metric.Quantile(0.5, 1), new Metric.Quantile(0.99, Double.NaN)),
        Metric.NO_TIMESTAMP);
    assertEquals(
        "label:<name:\"instance\" value:\"q\" > label:<name:\"job\" value:\"y\" > summary:<sample_count:3"
            + " sample_sum:2.5 quantile:<quantile:0.5 value:1 > quantile:<quantile:0.99 value:nan > > ",
        GoProtoText.of(MetricType.SUMMARY, parsedFromText));
    Metric.Summary fromProtobuf = new Metric.Summary(
        job("pbsum", "x", "1"), -1L, -0.0,
        List.of(new Metric.Quantile(Double.NEGATIVE_INFINITY, -1e-300)), Metric.NO_TIMESTAMP);
    assertEquals(
        "label:<name:\"instance\" value:\"\" > label:<name:\"job\" value:\"pbsum\" > label:<name:\"x\""
            + " value:\"1\" > summary:<sample_count:18446744073709551615 sample_sum:-0"
            + " quantile:<quantile:-inf value:-1e-300 > > ",
        GoProtoText.of(MetricType.SUMMARY, fromProtobuf));
  }

  @Test
  void printsHistogramsWithBuckets() {
    Metric.Histogram parsedFromText = new Metric.Histogram(
        job("y", "instance", "q"), 3, 2,
        List.of(new Metric.Bucket(1, 1), new Metric.Bucket(Double.POSITIVE_INFINITY, 2)),
        Metric.NO_TIMESTAMP);
    assertEquals(
        "label:<name:\"instance\" value:\"q\" > label:<name:\"job\" value:\"y\" > histogram:<sample_count:3"
            + " sample_sum:2 bucket:<cumulative_count:1 upper_bound:1 > bucket:<cumulative_count:2"
            + " upper_bound:inf > > ",
        GoProtoText.of(MetricType.HISTOGRAM, parsedFromText));
    Metric.Histogram fromProtobuf = new Metric.Histogram(
        job("pbsum", "x", "1"), 12345678901L, 1e300,
        List.of(new Metric.Bucket(Double.NaN, -1L)), Metric.NO_TIMESTAMP);
    assertEquals(
        "label:<name:\"instance\" value:\"\" > label:<name:\"job\" value:\"pbsum\" > label:<name:\"x\""
            + " value:\"1\" > histogram:<sample_count:12345678901 sample_sum:1e+300"
            + " bucket:<cumulative_count:18446744073709551615 upper_bound:nan > > ",
        GoProtoText.of(MetricType.HISTOGRAM, fromProtobuf));
  }

  @Test
  void printsTheTimestampLastAsDeclaredInMetricsProto() {
    assertEquals(
        "untyped:<value:2 > timestamp_ms:-5 ",
        GoProtoText.of(MetricType.UNTYPED, new Metric.Scalar(Labels.EMPTY, 2, -5)));
  }

  @Test
  void printsAnEmptyValueMessageAndInvalidUtf8AsUpstream() {
    StringBuilder sb = new StringBuilder();
    GoProtoText.appendLabel(sb, "a", new byte[] {'x', (byte) 0xFF, 'y', (byte) 0xC3, (byte) 0xA4});
    GoProtoText.appendScalar(sb, "counter", false, 0);
    assertEquals("label:<name:\"a\" value:\"x\\377y\\303\\244\" > counter:<> ", sb.toString());
  }
}
