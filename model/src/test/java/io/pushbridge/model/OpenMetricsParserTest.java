package io.pushbridge.model;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OpenMetricsParserTest {

  private static List<MetricFamily> parse(String body) {
    return OpenMetricsParser.parse(body.getBytes(UTF_8));
  }

  private static MetricFamily only(String body) {
    List<MetricFamily> families = parse(body);
    assertEquals(1, families.size(), families::toString);
    return families.get(0);
  }

  @Test
  void parsesTheSpecificationsExample() {
    List<MetricFamily> families = parse("""
        # TYPE acme_http_router_request_seconds summary
        # UNIT acme_http_router_request_seconds seconds
        # HELP acme_http_router_request_seconds Latency though all of ACME's HTTP request router.
        acme_http_router_request_seconds_sum{path="/api/v1",method="GET"} 9036.32
        acme_http_router_request_seconds_count{path="/api/v1",method="GET"} 807283.0
        acme_http_router_request_seconds_created{path="/api/v1",method="GET"} 1605281325.0
        acme_http_router_request_seconds_sum{path="/api/v2",method="POST"} 479.3
        acme_http_router_request_seconds_count{path="/api/v2",method="POST"} 34.0
        acme_http_router_request_seconds_created{path="/api/v2",method="POST"} 1605281325.0
        # TYPE go_goroutines gauge
        # HELP go_goroutines Number of goroutines that currently exist.
        go_goroutines 69
        # TYPE process_cpu_seconds counter
        # UNIT process_cpu_seconds seconds
        # HELP process_cpu_seconds Total user and system CPU time spent in seconds.
        process_cpu_seconds_total 4.20072246e+06
        # EOF
        """);
    assertEquals(3, families.size());
    MetricFamily summary = families.get(0);
    assertEquals("acme_http_router_request_seconds", summary.name());
    assertEquals(MetricType.SUMMARY, summary.type());
    assertEquals("Latency though all of ACME's HTTP request router.", summary.help());
    assertEquals(new Metric.Summary(Labels.of("method", "GET", "path", "/api/v1"), 807283, 9036.32, List.of(),
        Metric.NO_TIMESTAMP), summary.metrics().get(0));
    assertEquals(new MetricFamily("go_goroutines", "Number of goroutines that currently exist.",
        MetricType.GAUGE, List.of(new Metric.Scalar(Labels.EMPTY, 69))), families.get(1));
    assertEquals(new MetricFamily("process_cpu_seconds_total",
        "Total user and system CPU time spent in seconds.", MetricType.COUNTER,
        List.of(new Metric.Scalar(Labels.EMPTY, 4.20072246e+06))), families.get(2));
  }

  @Test
  void mapsCounterToTheTotalFamilyAndDropsCreated() {
    assertEquals(new MetricFamily("foo_total", null, MetricType.COUNTER,
            List.of(new Metric.Scalar(Labels.of("a", "1"), 17), new Metric.Scalar(Labels.of("a", "2"), 3))),
        only("""
            # TYPE foo counter
            foo_total{a="1"} 17.0
            foo_created{a="1"} 1520430000.123
            foo_total{a="2"} 3 # {trace_id="KOO5S4vxi0o"} 0.67 1520879607.789
            # EOF
            """));
  }

  @Test
  void mapsHistogramKeepingTheInfBucketAndDroppingExemplars() {
    MetricFamily f = only("""
        # TYPE foo histogram
        foo_bucket{le="0.01"} 0
        foo_bucket{le="0.1"} 8 # {} 0.054
        foo_bucket{le="1"} 11 # {trace_id="KOO5S4vxi0o"} 0.67
        foo_bucket{le="10"} 17 # {trace_id="oHg5SJYRHA0"} 9.8 1520879607.789
        foo_bucket{le="+Inf"} 17
        foo_count 17
        foo_sum 324789.3
        foo_created 1520430000.123
        # EOF
        """);
    assertEquals(MetricType.HISTOGRAM, f.type());
    assertEquals(new Metric.Histogram(Labels.EMPTY, 17, 324789.3, List.of(new Metric.Bucket(0.01, 0),
        new Metric.Bucket(0.1, 8), new Metric.Bucket(1, 11), new Metric.Bucket(10, 17),
        new Metric.Bucket(Double.POSITIVE_INFINITY, 17)), Metric.NO_TIMESTAMP), f.metrics().get(0));
  }

  @Test
  void aHistogramWithoutCountTakesItsInfBucket() {
    Metric.Histogram h = (Metric.Histogram) only("""
        # TYPE foo histogram
        foo_bucket{x="y",le="1.0"} 2
        foo_bucket{x="y",le="+Inf"} 5
        # EOF
        """).metrics().get(0);
    assertEquals(5, h.count());
    assertEquals(0, h.sum());
    assertEquals(Labels.of("x", "y"), h.labels());
  }

  @Test
  void mapsSummaryQuantiles() {
    Metric.Summary s = (Metric.Summary) only("""
        # TYPE foo summary
        foo{quantile="0.95"} 123.7
        foo{quantile="0.99"} 150.0
        foo_count 17.0
        foo_sum 324789.3
        # EOF
        """).metrics().get(0);
    assertEquals(List.of(new Metric.Quantile(0.95, 123.7), new Metric.Quantile(0.99, 150)), s.quantiles());
    assertEquals(17, s.count());
  }

  @Test
  void mapsInfoToAGaugeNamedWithInfo() {
    assertEquals(new MetricFamily("foo_info", "Build.", MetricType.GAUGE, List.of(
            new Metric.Scalar(Labels.of("entity", "controller", "name", "pretty name", "version", "8.2.7"), 1))),
        only("""
            # TYPE foo info
            # HELP foo Build.
            foo_info{entity="controller",name="pretty name",version="8.2.7"} 1.0
            # EOF
            """));
  }

  @Test
  void mapsStatesetToAGaugePerState() {
    assertEquals(new MetricFamily("foo", null, MetricType.GAUGE, List.of(
            new Metric.Scalar(Labels.of("entity", "controller", "foo", "a"), 1),
            new Metric.Scalar(Labels.of("entity", "controller", "foo", "bb"), 0),
            new Metric.Scalar(Labels.of("entity", "replica", "foo", "a"), 0),
            new Metric.Scalar(Labels.of("entity", "replica", "foo", "bb"), 1))),
        only("""
            # TYPE foo stateset
            foo{entity="controller",foo="a"} 1.0
            foo{entity="controller",foo="bb"} 0.0
            foo{entity="replica",foo="a"} 0
            foo{entity="replica",foo="bb"} 1
            # EOF
            """));
  }

  @Test
  void mapsUnknownAndUntypedSamplesToUntyped() {
    List<MetricFamily> families = parse("""
        # TYPE foo unknown
        foo 42.23
        bar_total 1
        # EOF""");
    assertEquals(List.of(
        new MetricFamily("foo", null, MetricType.UNTYPED, List.of(new Metric.Scalar(Labels.EMPTY, 42.23))),
        new MetricFamily("bar_total", null, MetricType.UNTYPED, List.of(new Metric.Scalar(Labels.EMPTY, 1)))),
        families);
  }

  @Test
  void unescapesHelpAndLabelValuesKeepingUnknownEscapes() {
    MetricFamily f = only("""
        # HELP foo Some text and \\n some \\" escaping \\\\ \\a
        foo{a="x",b="escaping\\" example \\n \\\\ \\q é"} 0
        # EOF
        """);
    assertEquals("Some text and \n some \" escaping \\ \\a", f.help());
    assertEquals("escaping\" example \n \\ \\q é", f.metrics().get(0).labels().get("b"));
  }

  @Test
  void emptyHelpAndUnitCountAsAbsentAndEmptyFamiliesAreDropped() {
    List<MetricFamily> families = parse("""
        # TYPE empty gauge
        # HELP foo\s
        # UNIT foo\s
        foo{} 1
        # EOF
        """);
    assertEquals(1, families.size());
    assertNull(families.get(0).help());
    assertEquals(Labels.EMPTY, families.get(0).metrics().get(0).labels());
  }

  @Test
  void keepsTimestampsSoThatValidationRefusesThePush() {
    MetricFamily f = only("""
        # TYPE foo gauge
        foo 17.0 1520879607.789
        # EOF
        """);
    assertEquals(1520879607789L, f.metrics().get(0).timestampMs());
    InconsistentMetricsException e = assertThrows(InconsistentMetricsException.class,
        () -> PushValidator.sanitize(GroupingKey.of(Labels.of("job", "j")), List.of(f)));
    assertTrue(e.getMessage().endsWith(": " + ConsistencyErrors.TIMESTAMPS), e::getMessage);
  }

  @Test
  void labelValuesThatLookLikeOtherLabelsAreNoDuplicates() {
    assertEquals(2, only("""
        a{x="1, y=2"} 1
        a{x="1",y="2"} 1
        # EOF
        """).metrics().size());
  }

  @Test
  void acceptsAnEmptyExpositionAndEofWithoutNewline() {
    assertEquals(List.of(), parse("# EOF\n"));
    assertEquals(List.of(), parse("# EOF"));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      missing EOF                  | a 1\\n                                 | line 2: data does not end with # EOF
      empty body                   |                                        | line 1: data does not end with # EOF
      last line without newline    | a 1                                    | line 1: data does not end with # EOF
      data after EOF               | # EOF\\na 1\\n                         | line 2: unexpected data after # EOF
      blank line after EOF         | # EOF\\n\\n                            | line 2: unexpected data after # EOF
      blank line                   | a 1\\n\\n# EOF\\n                      | line 2: unexpected blank line
      plain comment                | # hello\\n# EOF\\n                     | line 1: lines starting with '#' must be # HELP, # TYPE, # UNIT or # EOF
      lower-case keyword           | # type a gauge\\n# EOF\\n              | line 1: lines starting with '#'
      two spaces                   | a  1\\n# EOF\\n                        | line 1: expected a number as value, got \"\"
      space in labels              | a{b=\"1\", c=\"2\"} 1\\n# EOF\\n       | line 1: expected label name in labels of \"a\", got \" c=
      trailing comma               | a{b=\"1\",} 1\\n# EOF\\n               | line 1: expected label name in labels of \"a\", got \"} 1\"
      duplicate label              | a{b=\"1\",b=\"2\"} 1\\n# EOF\\n        | line 1: duplicate label name \"b\" in labels of \"a\"
      trailing space               | a 1 \\n# EOF\\n                        | line 1: expected a number as timestamp, got \"\"
      CR line end                  | a 1\\r\\n# EOF\\n                      | line 1: expected a number as value, got \"1\\r\"
      hex value                    | a 0x10\\n# EOF\\n                      | line 1: expected a number as value, got \"0x10\"
      NaN timestamp                | a 1 NaN\\n# EOF\\n                     | line 1: expected a real number as timestamp, got \"NaN\"
      help without text            | # HELP a\\n# EOF\\n                    | line 1: expected a single space before help text, got end of line
      unknown type                 | # TYPE a untyped\\n# EOF\\n            | line 1: invalid metric type \"untyped\"
      upper-case type              | # TYPE a Gauge\\n# EOF\\n              | line 1: invalid metric type \"Gauge\"
      gaugehistogram               | # TYPE a gaugehistogram\\n# EOF\\n     | line 1: metric type \"gaugehistogram\" of metric \"a\" is not supported
      second TYPE                  | # TYPE a gauge\\n# TYPE a gauge\\n# EOF\\n | line 2: second TYPE line for metric \"a\"
      second HELP                  | # HELP a x\\n# HELP a y\\n# EOF\\n     | line 2: second HELP line for metric \"a\"
      metadata after samples       | a 1\\n# HELP a x\\n# EOF\\n            | line 2: # HELP line for metric \"a\" after its samples
      family twice                 | a 1\\nb 1\\na 2\\n# EOF\\n             | line 3: metric family or sample name \"a\" used a second time
      clashing names               | # TYPE a counter\\na_total 1\\n# TYPE a_created gauge\\n# EOF\\n | line 3: metric family or sample name \"a_created\" used a second time
      unit not a suffix            | # UNIT a seconds\\n# EOF\\n            | line 1: unit \"seconds\" not a suffix of metric \"a\"
      unit on info                 | # TYPE a_seconds info\\n# UNIT a_seconds seconds\\n# EOF\\n | line 2: info metric \"a_seconds\" must not have a unit
      counter without suffix       | # TYPE a counter\\na 1\\n# EOF\\n      | line 2: sample name \"a\" does not fit counter \"a\", whose samples are a_total, a_created
      negative counter             | # TYPE a counter\\na_total -1\\n# EOF\\n | line 2: sample \"a_total\" must be neither NaN nor negative
      NaN counter                  | # TYPE a counter\\na_total NaN\\n# EOF\\n | line 2: sample \"a_total\" must be neither NaN nor negative
      created without total        | # TYPE a counter\\na_created 1\\n# EOF\\n | line 3: counter \"a\"{} has no _total sample
      info value                   | # TYPE a info\\na_info 2\\n# EOF\\n    | line 2: info sample \"a_info\" must have the value 1
      stateset value               | # TYPE a stateset\\na{a=\"x\"} 2\\n# EOF\\n | line 2: stateset sample \"a\" must have the value 0 or 1
      stateset label               | # TYPE a stateset\\na{b=\"x\"} 1\\n# EOF\\n | line 2: sample \"a\" has no \"a\" label
      bucket without le            | # TYPE a histogram\\na_bucket 1\\n# EOF\\n | line 2: sample \"a_bucket\" has no \"le\" label
      NaN le                       | # TYPE a histogram\\na_bucket{le=\"NaN\"} 1\\n# EOF\\n | line 2: invalid le label \"NaN\"
      no Inf bucket                | # TYPE a histogram\\na_bucket{le=\"1\"} 1\\n# EOF\\n | line 3: histogram \"a\"{} has no +Inf bucket
      buckets out of order         | # TYPE a histogram\\na_bucket{le=\"2\"} 1\\na_bucket{le=\"1\"} 1\\n# EOF\\n | line 3: buckets of histogram \"a\" not in increasing order of le
      bucket values decrease       | # TYPE a histogram\\na_bucket{le=\"1\"} 2\\na_bucket{le=\"+Inf\"} 1\\n# EOF\\n | line 3: bucket values of histogram \"a\" decrease
      fractional bucket            | # TYPE a histogram\\na_bucket{le=\"+Inf\"} 1.5\\n# EOF\\n | line 2: sample \"a_bucket\" must be a non-negative integer
      count mismatch               | # TYPE a histogram\\na_bucket{le=\"+Inf\"} 1\\na_count 2\\na_sum 1\\n# EOF\\n | line 5: _count of histogram \"a\"{} does not match its +Inf bucket
      sum without count            | # TYPE a histogram\\na_bucket{le=\"+Inf\"} 1\\na_sum 1\\n# EOF\\n | line 4: histogram \"a\"{} must have both _sum and _count or neither
      sum with negative buckets    | # TYPE a histogram\\na_bucket{le=\"-1\"} 0\\na_bucket{le=\"+Inf\"} 1\\na_count 1\\na_sum 1\\n# EOF\\n | line 6: histogram \"a\"{} has negative buckets and must not have a _sum
      le on count                  | # TYPE a histogram\\na_count{le=\"1\"} 1\\n# EOF\\n | line 2: sample \"a_count\" must not have a \"le\" label
      quantile out of range        | # TYPE a summary\\na{quantile=\"1.5\"} 1\\n# EOF\\n | line 2: invalid quantile label \"1.5\"
      negative quantile value      | # TYPE a summary\\na{quantile=\"0.5\"} -1\\n# EOF\\n | line 2: quantile value of \"a\" must not be negative
      interleaved metrics          | # TYPE a summary\\na_count{x=\"1\"} 1\\na_count{x=\"2\"} 1\\na_sum{x=\"1\"} 1\\n# EOF\\n | line 4: samples of metric \"a\"{x=\"1\"} are not adjacent
      duplicate sample             | a{x=\"1\"} 1\\na{x=\"1\"} 2\\n# EOF\\n | line 2: duplicate sample \"a\"{x=\"1\"}
      exemplar on gauge            | # TYPE a gauge\\na 1 # {} 1\\n# EOF\\n | line 2: exemplar on \"a\": only counter _total and histogram _bucket samples may have exemplars
      exemplar above le            | # TYPE a histogram\\na_bucket{le=\"1\"} 1 # {} 1.5\\na_bucket{le=\"+Inf\"} 1\\n# EOF\\n | line 2: exemplar value of bucket le=\"1\" of histogram \"a\" is not within the bucket
      exemplar too long            | # TYPE a counter\\na_total 1 # {x=\"01234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567\"} 1\\n# EOF\\n | line 2: exemplar labels have 129 code points, more than 128
      exemplar without labels      | # TYPE a counter\\na_total 1 # 1\\n# EOF\\n | line 2: expected exemplar
      mixed timestamps             | # TYPE a summary\\na_count 1 1\\na_sum 1\\n# EOF\\n | line 3: samples with and without timestamp in one metric of \"a\"
      timestamps backwards         | a 1 2\\na 1 1\\n# EOF\\n               | line 2: timestamps go backwards in a metric of \"a\"
      invalid UTF-8 label value    | a{b=\"\\xff\"} 1\\n# EOF\\n            | line 1: label value \"\\xff\" is not valid UTF-8
      unterminated label value     | a{b=\"x} 1\\n# EOF\\n                  | line 1: label value \"x} 1\" is not terminated
      raw quote in help            | # HELP a say \"hi\"\\n# EOF\\n         | line 1: unescaped '\"' in help text
      """)
  void refusesWhatTheSpecificationForbids(String what, String body, String message) {
    byte[] bytes = unescape(body == null ? "" : body);
    String error = assertThrows(MetricsParseException.class, () -> OpenMetricsParser.parse(bytes)).getMessage();
    assertTrue(error.startsWith("openmetrics format parsing error in " + message), error);
  }

  /** {@code \n}, {@code \r} and {@code \xff} in the table stand for those bytes. */
  private static byte[] unescape(String s) {
    return s.replace("\\n", "\n").replace("\\r", "\r").replace("\\xff", "\u00ff")
        .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
  }
}
