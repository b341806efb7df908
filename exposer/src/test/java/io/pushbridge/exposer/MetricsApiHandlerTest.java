package io.pushbridge.exposer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.pushbridge.model.GroupingKey;
import io.pushbridge.model.Labels;
import io.pushbridge.model.Metric;
import io.pushbridge.model.MetricFamily;
import io.pushbridge.model.MetricType;
import io.pushbridge.store.GroupView;
import io.pushbridge.store.StoredFamily;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class MetricsApiHandlerTest {

  /**
   * Captured from upstream 1.5.1 after pushing, to {@code /metrics/job/j/a@base64/YS9i}: a summary
   * with an HTML-ish help, a histogram with an explicit +Inf bucket, {@code u -0} and {@code v NaN}.
   */
  private static final String UPSTREAM = "[{\"h\":{\"time_stamp\":\"2026-11-23T07:38:48.04279033Z\",\"type\":\"HISTOGRAM\","
      + "\"metrics\":[{\"buckets\":{\"+Inf\":\"2\",\"1\":\"1\"},\"count\":\"2\",\"labels\":{\"a\":\"a/b\",\"instance\":\"\",\"job\":\"j\"},\"sum\":\"3\"}]},"
      + "\"labels\":{\"a\":\"a/b\",\"job\":\"j\"},\"last_push_successful\":true,"
      + "\"m\":{\"time_stamp\":\"2026-11-23T07:38:48.04279033Z\",\"type\":\"SUMMARY\",\"help\":\"a \\u003cb\\u003e \\u0026 \\\"c\\\"\","
      + "\"metrics\":[{\"count\":\"3\",\"labels\":{\"a\":\"a/b\",\"instance\":\"\",\"job\":\"j\"},\"quantiles\":{\"0.5\":\"1\"},\"sum\":\"2\"}]},"
      + "\"push_failure_time_seconds\":{\"time_stamp\":\"2026-11-23T07:38:48.04279033Z\",\"type\":\"GAUGE\","
      + "\"help\":\"Last Unix time when changing this group in the Pushgateway failed.\","
      + "\"metrics\":[{\"labels\":{\"a\":\"a/b\",\"instance\":\"\",\"job\":\"j\"},\"value\":\"0\"}]},"
      + "\"push_time_seconds\":{\"time_stamp\":\"2026-11-23T07:38:48.04279033Z\",\"type\":\"GAUGE\","
      + "\"help\":\"Last Unix time when changing this group in the Pushgateway succeeded.\","
      + "\"metrics\":[{\"labels\":{\"a\":\"a/b\",\"instance\":\"\",\"job\":\"j\"},\"value\":\"1.7954195280427904e+09\"}]},"
      + "\"u\":{\"time_stamp\":\"2026-11-23T07:38:48.04279033Z\",\"type\":\"UNTYPED\","
      + "\"metrics\":[{\"labels\":{\"a\":\"a/b\",\"instance\":\"\",\"job\":\"j\"},\"value\":\"-0\"}]},"
      + "\"v\":{\"time_stamp\":\"2026-11-23T07:38:48.04279033Z\",\"type\":\"UNTYPED\","
      + "\"metrics\":[{\"labels\":{\"a\":\"a/b\",\"instance\":\"\",\"job\":\"j\"},\"value\":\"NaN\"}]}}]";

  @Test
  void rendersUpstreamsJsonByteForByte() {
    long t = 1_795_419_528_042_790_330L;
    double pushTime = 1.7954195280427904e9;
    Labels series = Labels.of("a", "a/b", "instance", "", "job", "j");
    List<StoredFamily> families = List.of(
        new StoredFamily(new MetricFamily("h", null, MetricType.HISTOGRAM, List.of(new Metric.Histogram(series, 2, 3,
            List.of(new Metric.Bucket(1, 1), new Metric.Bucket(Double.POSITIVE_INFINITY, 2)), Metric.NO_TIMESTAMP))), t),
        new StoredFamily(new MetricFamily("m", "a <b> & \"c\"", MetricType.SUMMARY, List.of(new Metric.Summary(series, 3, 2,
            List.of(new Metric.Quantile(0.5, 1)), Metric.NO_TIMESTAMP))), t),
        new StoredFamily(new MetricFamily("push_failure_time_seconds",
            "Last Unix time when changing this group in the Pushgateway failed.", MetricType.GAUGE,
            List.of(new Metric.Scalar(series, 0))), t),
        new StoredFamily(new MetricFamily("push_time_seconds",
            "Last Unix time when changing this group in the Pushgateway succeeded.", MetricType.GAUGE,
            List.of(new Metric.Scalar(series, pushTime))), t),
        new StoredFamily(new MetricFamily("u", null, MetricType.UNTYPED, List.of(new Metric.Scalar(series, -0.0))), t),
        new StoredFamily(new MetricFamily("v", null, MetricType.UNTYPED, List.of(new Metric.Scalar(series, Double.NaN))), t));
    GroupView group = new GroupView(GroupingKey.parsePath("job/j/a@base64/YS9i"), pushTime, 0, families);
    assertEquals(UPSTREAM, MetricsApiHandler.render(List.of(group), ZoneOffset.UTC));
  }

  @Test
  void noGroupsIsAnEmptyArray() {
    assertEquals("[]", MetricsApiHandler.render(List.of(), ZoneOffset.UTC));
  }

  @Test
  void aFamilyNamedLikeAFixedKeyReplacesItAsUpstream() {
    Labels series = Labels.of("instance", "", "job", "q");
    GroupView group = new GroupView(GroupingKey.parsePath("job/q"), 2, 1, List.of(
        new StoredFamily(new MetricFamily("labels", null, MetricType.UNTYPED, List.of(new Metric.Scalar(series, 1))), 0)));
    String json = MetricsApiHandler.render(List.of(group), ZoneOffset.UTC);
    assertEquals("[{\"labels\":{\"time_stamp\":\"1970-01-01T00:00:00Z\",\"type\":\"UNTYPED\",\"metrics\":"
        + "[{\"labels\":{\"instance\":\"\",\"job\":\"q\"},\"value\":\"1\"}]},\"last_push_successful\":true}]", json);
  }
}
