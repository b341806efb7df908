package io.pushbridge.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class TextParserErrorsTest {

  private static String reason(String body) {
    return reason(body.getBytes(StandardCharsets.UTF_8));
  }

  private static String reason(byte[] body) {
    MetricsParseException e =
        assertThrows(MetricsParseException.class, () -> TextParser.parse(body));
    return e.getMessage();
  }

  private static void assertError(int line, String reason, String body) {
    assertEquals("text format parsing error in line " + line + ": " + reason, reason(body));
  }

  @Test
  void rejectsLastLineWithoutNewline() {
    assertError(1, "unexpected end of input stream", "a 1");
    assertError(2, "unexpected end of input stream", "a 1\n# HELP a text");
    assertError(4, "unexpected end of input stream", "a 1\n\n\n  #");
    assertError(1, "unexpected end of input stream", "a{x=\"1\"}");
  }

  @Test
  void rejectsCarriageReturnLineEnds() {
    assertError(1, "expected float as value, got \"1\\r\"", "a 1\r\n");
  }

  @Test
  void rejectsTrailingBlankAfterValue() {
    assertError(1, "expected integer as timestamp, got \"\"", "a 1 \n");
  }

  @Test
  void rejectsInvalidMetricNames() {
    assertError(1, "invalid metric name", "1abc 1\n");
    assertError(3, "invalid metric name", "a 1\n\n-b 1\n");
    assertError(1, "invalid metric name in comment", "# HELP 1a x\n");
  }

  @Test
  void rejectsReservedAndDuplicateLabelNames() {
    assertError(1, "label name \"__name__\" is reserved", "a{__name__=\"x\"} 1\n");
    assertError(1, "duplicate label names for metric \"a\"", "a{x=\"1\",x=\"2\"} 1\n");
    assertError(1, "invalid label name for metric \"a\"", "a{x=\"1\",,} 1\n");
    assertError(1, "invalid label name for metric \"a\"", "a{-=\"1\"} 1\n");
  }

  @Test
  void detectsDuplicatesAmongManyLabels() {
    StringBuilder body = new StringBuilder("a{");
    for (int i = 0; i < 40; i++) {
      body.append("l").append(i).append("=\"v\",");
    }
    body.append("l7=\"again\"} 1\n");
    assertError(1, "duplicate label names for metric \"a\"", body.toString());
  }

  @Test
  void rejectsMalformedLabelSyntax() {
    assertError(1, "expected '=' after label name, found '}'", "a{x=\"1\",y} 1\n");
    assertError(1, "expected '=' after label name, found '\"'", "a{x\"1\"} 1\n");
    assertError(1, "expected '=' after label name, found '\\x01'", "a{x\u0001=\"1\"} 1\n");
    assertError(1, "expected '\"' at start of label value, found '1'", "a{x=1} 1\n");
    assertError(1, "expected '\"' at start of label value, found '\\''", "a{x='1'} 1\n");
    assertError(1, "unexpected end of label value \"1\"", "a{x=\"1\"  y=\"2\"} 1\n");
    assertError(1, "unexpected end of label value \"1\"", "a{x=\"1\"q} 1\n");
  }

  @Test
  void quotesNonAsciiBytesAsRunesOfTheSameNumber() {
    byte[] body = {'a', '{', 'x', '=', (byte) 0xC3, '}', ' ', '1', '\n'};
    assertEquals(
        "text format parsing error in line 1: expected '\"' at start of label value, found 'Ã'",
        reason(body));
  }

  @Test
  void rejectsInvalidEscapesInLabelValues() {
    assertError(1, "invalid escape sequence '\\q'", "a{x=\"\\q\"} 1\n");
    assertError(1, "invalid escape sequence '\\Ã'", "a{x=\"\\é\"} 1\n");
  }

  @Test
  void rejectsUnescapedNewLineInLabelValueQuotingWhatWasRead() {
    assertError(1, "label value \"ab\" contains unescaped new-line", "a{x=\"ab\nc\"} 1\n");
    assertError(1, "label value \"a\\\"b\" contains unescaped new-line", "a{x=\"a\\\"b\nc\"} 1\n");
  }

  @Test
  void rejectsInvalidUtf8LabelValuesQuotingTheBytes() {
    assertEquals("text format parsing error in line 1: invalid label value \"\\xff\"",
        reason(new byte[] {'a', '{', 'x', '=', '"', (byte) 0xFF, '"', '}', ' ', '1', '\n'}));
    assertEquals("text format parsing error in line 1: invalid label value \"\\xe2\\x82\"",
        reason(new byte[] {'a', '{', 'x', '=', '"', (byte) 0xE2, (byte) 0x82, '"', '}', ' ', '1',
            '\n'}));
    assertEquals("text format parsing error in line 1: invalid label value \"�\\xc0\"",
        reason(new byte[] {'a', '{', 'x', '=', '"', (byte) 0xEF, (byte) 0xBF, (byte) 0xBD,
            (byte) 0xC0, '"', '}', ' ', '1', '\n'}));
  }

  @Test
  void rejectsSurrogatesAndOverlongEncodings() {
    assertEquals("text format parsing error in line 1: invalid label value \"\\xed\\xa0\\x80\"",
        reason(new byte[] {'a', '{', 'x', '=', '"', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '"',
            '}', ' ', '1', '\n'}));
    assertEquals("text format parsing error in line 1: invalid label value \"\\xc0\\xaf\"",
        reason(new byte[] {'a', '{', 'x', '=', '"', (byte) 0xC0, (byte) 0xAF, '"', '}', ' ', '1',
            '\n'}));
  }

  @Test
  void rejectsSecondHelp() {
    assertError(2, "second HELP line for metric name \"a\"", "# HELP a x\n# HELP a y\n");
  }

  @Test
  void rejectsSecondTypeAndTypeAfterSamples() {
    String reason = "second TYPE line for metric name \"a\", or TYPE reported after samples";
    assertError(2, reason, "a 1\n# TYPE a gauge\n");
    assertError(2, reason, "# TYPE a gauge\n# TYPE a counter\n");
  }

  @Test
  void attributesHelpAndTypeOfSuffixedNamesToTheirSummary() {
    assertError(2, "second TYPE line for metric name \"s\", or TYPE reported after samples",
        "# TYPE s summary\n# TYPE s_count counter\n");
    assertError(3, "second HELP line for metric name \"s\"",
        "# TYPE s summary\n# HELP s x\n# HELP s_sum y\n");
  }

  @Test
  void rejectsUnknownMetricTypes() {
    assertError(1, "unknown metric type \"gaugehistogram\"", "# TYPE a gaugehistogram\n");
    assertError(1, "unknown metric type \"counter \"", "# TYPE a counter \n");
    assertError(1, "unknown metric type \"ﬅ\"", "# TYPE a ﬅ\n");
  }

  @Test
  void refusesGaugeHistogramThatUpstreamWouldStoreBroken() {
    assertError(1, "unknown metric type \"gauge_histogram\"", "# TYPE a gauge_histogram\n");
  }

  @Test
  void rejectsInvalidHelpEscapes() {
    assertError(1, "invalid escape sequence '\\\"'", "# HELP a x\\\"y\n");
    assertError(1, "invalid escape sequence '\\x'", "# HELP a \\x\n");
    assertError(1, "invalid escape sequence '\\\n'", "# HELP a x\\\n");
  }

  @Test
  void rejectsNonFloatQuantilesAndBounds() {
    assertError(2, "expected float as value for 'quantile' label, got \"x\"",
        "# TYPE s summary\ns{quantile=\"x\"} 1\n");
    assertError(2, "expected float as value for 'le' label, got \"x\"",
        "# TYPE h histogram\nh_bucket{le=\"x\"} 1\n");
    assertError(2, "expected float as value for 'le' label, got \"0x1p4\"",
        "# TYPE h histogram\nh_bucket{le=\"0x1p4\"} 1\n");
  }

  @Test
  void rejectsNonFloatValues() {
    for (String value : new String[] {"1_0", "0x10", "0x1p4", "1d", "1f", "Infinityx", "infinit",
        "+nan", "-NaN", ".", "1e", "1e+", "e1", "+", "", "1.2.3", "1e400", "-1e400",
        "1.7976931348623159e308"}) {
      assertError(1, "expected float as value, got " + GoStrings.quote(value), "a " + value + "\n");
    }
  }

  @Test
  void rejectsNonIntegerTimestamps() {
    for (String ts : new String[] {"2.5", "++1", "-", "x", "9223372036854775808",
        "-9223372036854775809", "1e3", "1_000"}) {
      assertError(1, "expected integer as timestamp, got " + GoStrings.quote(ts),
          "a 1 " + ts + "\n");
    }
  }

  @Test
  void rejectsAnythingAfterTheTimestampDroppingBackslashesFromTheQuote() {
    assertError(1, "spurious string after timestamp: \" \"", "a 1 2 \n");
    assertError(1, "spurious string after timestamp: \" xy\"", "a 1 2 x\\y\n");
    assertError(7, "spurious string after timestamp: \" 5\"",
        "\n\n# HELP\n# TYPE a\n  a{b=\"\"} 1\n\tb 2\n c 3 4 5\n");
  }

  @Test
  void failsOnTheFirstErrorInTheBody() {
    assertError(2, "invalid metric name", "a 1\n1b 2\nc{x=\"\\q\"} 3\n");
  }
}
