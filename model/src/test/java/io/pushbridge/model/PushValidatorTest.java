package io.pushbridge.model;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class PushValidatorTest {

  private static final GroupingKey KEY = GroupingKey.parsePath("job/batch/instance/i1");

  private static List<MetricFamily> parse(String text) {
    return TextParser.parse(text.getBytes(UTF_8));
  }

  private static String rendered(List<MetricFamily> families) {
    ByteArrayBuilder out = new ByteArrayBuilder();
    TextRenderer.render(families, out);
    return out.toString();
  }

  private static String rejection(GroupingKey key, String body) {
    return assertThrows(
            InconsistentMetricsException.class, () -> PushValidator.sanitize(key, parse(body)))
        .getMessage();
  }

  @Test
  void forcesGroupingLabelsOverBodyLabels() {
    var families = PushValidator.sanitize(KEY, parse("m{job=\"other\",instance=\"x\",a=\"1\"} 1\n"));
    assertEquals(
        "# TYPE m untyped\nm{a=\"1\",instance=\"i1\",job=\"batch\"} 1\n", rendered(families));
  }

  @Test
  void addsEmptyInstanceWhereMissing() {
    var families = PushValidator.sanitize(GroupingKey.parsePath("job/c5"), parse("m 1\n"));
    assertEquals("# TYPE m untyped\nm{instance=\"\",job=\"c5\"} 1\n", rendered(families));
  }

  @Test
  void keepsBodyInstanceWhenNotInGroupingKey() {
    var families =
        PushValidator.sanitize(GroupingKey.parsePath("job/c5"), parse("dup{job=\"zzz\",instance=\"i\"} 1\n"));
    assertEquals("# TYPE dup untyped\ndup{instance=\"i\",job=\"c5\"} 1\n", rendered(families));
  }

  @Test
  void dropsPushedSyntheticFamilies() {
    var families = PushValidator.sanitize(
        KEY, parse("push_time_seconds 5\npush_failure_time_seconds 7\nkept 1\n"));
    assertEquals(List.of("kept"), families.stream().map(MetricFamily::name).toList());
  }

  @Test
  void rejectsTimestampedSamples() {
    assertEquals(
        InconsistentMetricsException.PREFIX + "pushed metrics must not have timestamps",
        rejection(KEY, "m 1 1000\n"));
  }

  @Test
  void rejectsDuplicateSeriesWithUpstreamText() {
    assertEquals(
        InconsistentMetricsException.PREFIX
            + "collected metric \"dup\" { label:<name:\"instance\" value:\"\" > "
            + "label:<name:\"job\" value:\"x\" > untyped:<value:1 > } "
            + "was collected before with the same name and label values",
        rejection(GroupingKey.parsePath("job/x"), "dup 1\ndup 1\n"));
  }

  @Test
  void seriesThatBecomeEqualBySanitisationAreDuplicates() {
    String message =
        rejection(GroupingKey.parsePath("job/x"), "m{job=\"a\"} 1\nm{job=\"b\"} 2\n");
    assertEquals(true, message.endsWith("was collected before with the same name and label values"));
  }

  @Test
  void rejectsReservedLabelNames() {
    String message = rejection(KEY, "m{__x=\"1\"} 1\n");
    assertEquals(true, message.endsWith("has a label with an invalid name: __x"), message);
  }

  @Test
  void rejectsCountFamilyNextToSummary() {
    assertEquals(
        InconsistentMetricsException.PREFIX
            + "collected metric named \"s_count\" collides with previously collected summary named \"s\"",
        rejection(KEY, "s_count 1\n# TYPE s summary\ns{quantile=\"0.5\"} 1\n"));
  }

  @Test
  void rejectsSumFamilyNextToHistogram() {
    List<MetricFamily> families = List.of(
        new MetricFamily("a_sum", null, MetricType.UNTYPED,
            List.of(new Metric.Scalar(Labels.EMPTY, 1))),
        new MetricFamily("a", null, MetricType.HISTOGRAM,
            List.of(new Metric.Histogram(Labels.EMPTY, 1, 1, List.of(), Metric.NO_TIMESTAMP))));
    String message = assertThrows(InconsistentMetricsException.class,
        () -> PushValidator.sanitize(KEY, families)).getMessage();
    assertEquals(
        InconsistentMetricsException.PREFIX
            + "collected metric named \"a_sum\" collides with previously collected histogram named \"a\"",
        message);
  }

  @Test
  void reportsSeveralErrorsLikeMultiError() {
    String message = rejection(GroupingKey.parsePath("job/x"), "a 1\na 1\nb 1\nb 1\n");
    assertEquals(
        true,
        message.startsWith(InconsistentMetricsException.PREFIX + "2 error(s) occurred:\n* collected metric \"a\""),
        message);
  }
}
