package io.pushbridge.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class TextParserTest {

  static List<MetricFamily> parse(String body) {
    return TextParser.parse(body.getBytes(StandardCharsets.UTF_8));
  }

  static MetricFamily only(String body) {
    List<MetricFamily> families = parse(body);
    assertEquals(1, families.size(), () -> "families: " + families);
    return families.get(0);
  }

  static double scalar(MetricFamily family, int i) {
    return ((Metric.Scalar) family.metrics().get(i)).value();
  }

  @Test
  void acceptsEmptyBody() {
    assertEquals(List.of(), TextParser.parse(new byte[0]));
  }

  @Test
  void acceptsBodiesOfOnlyBlanksCommentsAndDeclarations() {
    assertEquals(List.of(), parse("\n \t\n# just a comment\n# HELP a text\n# TYPE a gauge\n  "));
  }

  @Test
  void parsesAnUntypedSampleWithLabels() {
    MetricFamily family = only("a{x=\"1\",y=\"two\"} 3.5\n");
    assertEquals("a", family.name());
    assertEquals(MetricType.UNTYPED, family.type());
    assertNull(family.help());
    Metric.Scalar metric = (Metric.Scalar) family.metrics().get(0);
    assertEquals(Labels.of("x", "1", "y", "two"), metric.labels());
    assertEquals(3.5, metric.value());
    assertFalse(metric.hasTimestamp());
  }

  @Test
  void sortsLabelsByName() {
    Metric metric = only("a{z=\"1\",b=\"2\",m=\"3\"} 1\n").metrics().get(0);
    assertEquals(Labels.of("b", "2", "m", "3", "z", "1"), metric.labels());
  }

  @Test
  void sortsManyLabelsByName() {
    StringBuilder body = new StringBuilder("a{");
    for (int i = 39; i >= 0; i--) {
      body.append(String.format("l%02d=\"%d\",", i, i));
    }
    body.append("} 1\n");
    Labels labels = only(body.toString()).metrics().get(0).labels();
    assertEquals(40, labels.size());
    for (int i = 0; i < 40; i++) {
      assertEquals(String.format("l%02d", i), labels.name(i));
      assertEquals(Integer.toString(i), labels.value(i));
    }
  }

  @Test
  void skipsLeadingBlanksTabsAndBlankLines() {
    List<MetricFamily> families = parse("\n  \t a 1\n\n\t\tb{x=\"1\"} 2\n   \n");
    assertEquals(2, families.size());
    assertEquals(1.0, scalar(families.get(0), 0));
    assertEquals(2.0, scalar(families.get(1), 0));
  }

  @Test
  void acceptsBlanksAroundLabelsAndNoBlankBeforeTheValue() {
    MetricFamily family = only("a \t{ x \t= \t\"1\" \t, y=\"2\" \t} \t7\n");
    assertEquals(Labels.of("x", "1", "y", "2"), family.metrics().get(0).labels());
    assertEquals(7.0, scalar(family, 0));
    assertEquals(8.0, scalar(only("a{x=\"1\"}8\n"), 0));
  }

  @Test
  void readsTheValueRightAfterTheNameWhenNoBlankSeparatesThem() {
    MetricFamily family = only("abc1.5\n");
    assertEquals("abc1", family.name());
    assertEquals(0.5, scalar(family, 0));
  }

  @Test
  void toleratesTrailingCommaAndEmptyBraces() {
    assertEquals(Labels.of("x", "1"), only("a{x=\"1\",} 1\n").metrics().get(0).labels());
    assertEquals(Labels.EMPTY, only("a{} 1\n").metrics().get(0).labels());
  }

  @Test
  void keepsEmptyLabelValues() {
    assertEquals(Labels.of("x", ""), only("a{x=\"\"} 1\n").metrics().get(0).labels());
  }

  @Test
  void unescapesLabelValues() {
    Labels labels = only("a{x=\"a\\\\b\",y=\"c\\\"d\",z=\"e\\nf\"} 1\n").metrics().get(0).labels();
    assertEquals("a\\b", labels.get("x"));
    assertEquals("c\"d", labels.get("y"));
    assertEquals("e\nf", labels.get("z"));
  }

  @Test
  void decodesUtf8LabelValues() {
    assertEquals("héllo ✓ 😀",
        only("a{x=\"héllo ✓ 😀\"} 1\n").metrics().get(0).labels().get("x"));
  }

  @Test
  void acceptsValidUtf8ControlCharactersInLabelValues() {
    assertEquals("\u200b\u0001\u007f\u0080",
        only("a{x=\"\u200b\u0001\u007f\u0080\"} 1\n").metrics().get(0).labels().get("x"));
  }

  @Test
  void acceptsColonsAndUnderscoresInNames() {
    MetricFamily family = only("_a:b_c{_l1=\"v\"} 1\n");
    assertEquals("_a:b_c", family.name());
    assertEquals("v", family.metrics().get(0).labels().get("_l1"));
  }

  @Test
  void passesQuantileAndLeOnOtherTypesAsPlainLabels() {
    Metric metric = only("# TYPE s gauge\ns{quantile=\"a\",le=\"b\"} 1\n").metrics().get(0);
    assertEquals(Labels.of("le", "b", "quantile", "a"), metric.labels());
  }

  @Test
  void setsHelpAndTypeFromComments() {
    MetricFamily family = only("# HELP a Some help.\n# TYPE a counter\na 1\n");
    assertEquals("Some help.", family.help());
    assertEquals(MetricType.COUNTER, family.type());
  }

  @Test
  void keepsTrailingBlanksOfHelp() {
    assertEquals("x  ", only("# HELP a x  \na 1\n").help());
  }

  @Test
  void unescapesHelpBackslashAndNewlineOnly() {
    assertEquals("a\\b\nc", only("# HELP a a\\\\b\\nc\na 1\n").help());
  }

  @Test
  void acceptsKeywordWithoutSpaceAfterHash() {
    assertEquals("x", only("#HELP a x\na 1\n").help());
  }

  @Test
  void ignoresHelpAndTypeWithoutText() {
    MetricFamily family = only("# HELP\n# TYPE\n# HELP a\n# TYPE a\n# HELP a   \n# TYPE a \t\na 1\n");
    assertNull(family.help());
    assertEquals(MetricType.UNTYPED, family.type());
  }

  @Test
  void ignoresOtherComments() {
    MetricFamily family = only("# HELPx a b\n# EOF\n#\n# UNIT a seconds\n  # TYPE\ta gauge\na 1\n");
    assertEquals(MetricType.GAUGE, family.type());
  }

  @Test
  void readsTypeKeywordsCaseInsensitively() {
    assertEquals(MetricType.COUNTER, only("# TYPE a COUNTER\na 1\n").type());
    assertEquals(MetricType.GAUGE, only("# TYPE a Gauge\na 1\n").type());
    assertEquals(MetricType.UNTYPED, only("# TYPE a uNtYpEd\na 1\n").type());
    assertEquals(MetricType.SUMMARY, only("# TYPE a ſummary\na_count 1\n").type());
    assertEquals(MetricType.HISTOGRAM, only("# TYPE a HISTOGRAM\na_count 1\n").type());
  }

  @Test
  void dropsBackslashesFromTypeKeyword() {
    assertEquals(MetricType.COUNTER, only("# TYPE a coun\\ter\na 1\n").type());
  }

  @Test
  void treatsSamplesWithoutTypeAsUntyped() {
    assertEquals(MetricType.UNTYPED, only("# HELP a x\na 1\n").type());
  }

  @Test
  void collectsFamiliesByNameAcrossTheBody() {
    List<MetricFamily> families = parse("a{i=\"1\"} 1\nb 2\na{i=\"2\"} 3\n# HELP b late\n");
    assertEquals(List.of("a", "b"), families.stream().map(MetricFamily::name).toList());
    assertEquals(2, families.get(0).metrics().size());
    assertEquals(3.0, scalar(families.get(0), 1));
    assertEquals("late", families.get(1).help());
  }

  @Test
  void ordersFamiliesByFirstAppearanceIncludingDeclarations() {
    List<MetricFamily> families = parse("# TYPE z gauge\nb 1\nz 2\na 3\n");
    assertEquals(List.of("z", "b", "a"), families.stream().map(MetricFamily::name).toList());
  }

  @Test
  void dropsFamiliesWithoutSamples() {
    List<MetricFamily> families = parse("# TYPE x gauge\n# HELP y text\na 1\n");
    assertEquals(List.of("a"), families.stream().map(MetricFamily::name).toList());
  }

  @Test
  void keepsIdenticalSeriesTwice() {
    MetricFamily family = only("a{x=\"1\"} 1\na{x=\"1\"} 2\n");
    assertEquals(2, family.metrics().size());
    assertEquals(family.metrics().get(0).labels(), family.metrics().get(1).labels());
  }

  @Test
  void keepsTimestamps() {
    MetricFamily family = only("a 1 1700000000000\na 1 -5\na 1 +7\n");
    assertEquals(1700000000000L, family.metrics().get(0).timestampMs());
    assertEquals(-5L, family.metrics().get(1).timestampMs());
    assertEquals(7L, family.metrics().get(2).timestampMs());
  }

  @Test
  void keepsTimestampsSeparatedByTabsAndBlanks() {
    assertEquals(12L, only("a 1 \t 12\n").metrics().get(0).timestampMs());
  }

  @Test
  void keepsTheSmallestTimestampAsPresent() {
    Metric metric = only("a 1 -9223372036854775808\n").metrics().get(0);
    assertTrue(metric.hasTimestamp());
  }

  @Test
  void parsesValuesAsGoDoes() {
    MetricFamily family = only("""
        a NaN
        a nan
        a Inf
        a +Inf
        a -Inf
        a inf
        a infinity
        a -InFiNiTy
        a 1e3
        a 1E-2
        a .5
        a 5.
        a -0
        a 1e-400
        a 0001.50
        """);
    double[] expected = {Double.NaN, Double.NaN, Double.POSITIVE_INFINITY,
        Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY,
        Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 1000, 0.01, 0.5, 5, -0.0, 0, 1.5};
    for (int i = 0; i < expected.length; i++) {
      assertEquals(expected[i], scalar(family, i), "value " + i);
    }
    assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(scalar(family, 12)));
  }

  @Test
  void sharesStringsOfRepeatedNamesAndValuesWithinABody() {
    MetricFamily family = only("a{job=\"node\"} 1\na{job=\"node\"} 2\n");
    Labels first = family.metrics().get(0).labels();
    Labels second = family.metrics().get(1).labels();
    assertSame(first.name(0), second.name(0));
    assertSame(first.value(0), second.value(0));
  }
}
