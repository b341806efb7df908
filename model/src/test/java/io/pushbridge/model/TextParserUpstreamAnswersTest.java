package io.pushbridge.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Answers of the upstream 1.5.1 binary to PUT /metrics/job/t with these bodies. "200" is an
 * accepted push; "400 timestamps" is a body that parsed but was refused for its timestamps.
 */
class TextParserUpstreamAnswersTest {

  private static final String PARSE_ERROR = "400 text format parsing error in line ";

  static Stream<Arguments> answers() {
    return Stream.of(
        Arguments.of("a 1\n", "200"),
        Arguments.of("a 1", PARSE_ERROR + "1: unexpected end of input stream"),
        Arguments.of("a 1\n   ", "200"),
        Arguments.of("a 1\n\n\n  #", PARSE_ERROR + "4: unexpected end of input stream"),
        Arguments.of("a 1\r\n", PARSE_ERROR + "1: expected float as value, got \"1\\r\""),
        Arguments.of("a 1 \n", PARSE_ERROR + "1: expected integer as timestamp, got \"\""),
        Arguments.of("abc-1 2\n", "400 timestamps"),
        Arguments.of("abc1.5\n", "200"),
        Arguments.of("a 0x1p4\n", PARSE_ERROR + "1: expected float as value, got \"0x1p4\""),
        Arguments.of("a 1e400\n", PARSE_ERROR + "1: expected float as value, got \"1e400\""),
        Arguments.of("a 1e-400\n", "200"),
        Arguments.of("a infinity\n", "200"),
        Arguments.of("a +nan\n", PARSE_ERROR + "1: expected float as value, got \"+nan\""),
        Arguments.of("a infinit\n", PARSE_ERROR + "1: expected float as value, got \"infinit\""),
        Arguments.of("a .5\n", "200"),
        Arguments.of("a 5.\n", "200"),
        Arguments.of("a 1_0\n", PARSE_ERROR + "1: expected float as value, got \"1_0\""),
        Arguments.of("a 0x10\n", PARSE_ERROR + "1: expected float as value, got \"0x10\""),
        Arguments.of("a 1d\n", PARSE_ERROR + "1: expected float as value, got \"1d\""),
        Arguments.of("a 1.7976931348623159e308\n",
            PARSE_ERROR + "1: expected float as value, got \"1.7976931348623159e308\""),
        Arguments.of("a 1.7976931348623158e308\n", "200"),
        Arguments.of("a 1 -9223372036854775808\n", "400 timestamps"),
        Arguments.of("a 1 +2\n", "400 timestamps"),
        Arguments.of("a 1 2.5\n", PARSE_ERROR + "1: expected integer as timestamp, got \"2.5\""),
        Arguments.of("a 1 9223372036854775808\n",
            PARSE_ERROR + "1: expected integer as timestamp, got \"9223372036854775808\""),
        Arguments.of("a 1 2 x\\y\n", PARSE_ERROR + "1: spurious string after timestamp: \" xy\""),
        Arguments.of("1abc 1\n", PARSE_ERROR + "1: invalid metric name"),
        Arguments.of("a{__name__=\"x\"} 1\n",
            PARSE_ERROR + "1: label name \"__name__\" is reserved"),
        Arguments.of("a{x=\"1\",x=\"2\"} 1\n",
            PARSE_ERROR + "1: duplicate label names for metric \"a\""),
        Arguments.of("a{x=\"\\q\"} 1\n", PARSE_ERROR + "1: invalid escape sequence '\\q'"),
        Arguments.of("a{x=\"ab\nc\"} 1\n",
            PARSE_ERROR + "1: label value \"ab\" contains unescaped new-line"),
        Arguments.of("a{x=\"1\",y} 1\n",
            PARSE_ERROR + "1: expected '=' after label name, found '}'"),
        Arguments.of("a{x='1'} 1\n",
            PARSE_ERROR + "1: expected '\"' at start of label value, found '\\''"),
        Arguments.of("a{x=\"1\",,} 1\n", PARSE_ERROR + "1: invalid label name for metric \"a\""),
        Arguments.of("# HELP 1a x\n", PARSE_ERROR + "1: invalid metric name in comment"),
        Arguments.of("# HELP a x\n# HELP a y\n",
            PARSE_ERROR + "2: second HELP line for metric name \"a\""),
        Arguments.of("# HELP a x\\\"y\n", PARSE_ERROR + "1: invalid escape sequence '\\\"'"),
        Arguments.of("a 1\n# TYPE a gauge\n", PARSE_ERROR
            + "2: second TYPE line for metric name \"a\", or TYPE reported after samples"),
        Arguments.of("# TYPE a gaugehistogram\n",
            PARSE_ERROR + "1: unknown metric type \"gaugehistogram\""),
        Arguments.of("# TYPE a counter \na 1\n",
            PARSE_ERROR + "1: unknown metric type \"counter \""),
        Arguments.of("# TYPE a coun\\ter\na 1\n", "200"),
        Arguments.of("# TYPE a ſummary\na_count 1\n", "200"),
        Arguments.of("# TYPE s summary\ns{quantile=\"x\"} 1\n",
            PARSE_ERROR + "2: expected float as value for 'quantile' label, got \"x\""),
        Arguments.of("# TYPE h histogram\nh_bucket{le=\"x\"} 1\n",
            PARSE_ERROR + "2: expected float as value for 'le' label, got \"x\""),
        Arguments.of("# TYPE s summary\n# TYPE s_count counter\n", PARSE_ERROR
            + "2: second TYPE line for metric name \"s\", or TYPE reported after samples"),
        Arguments.of("# TYPE s gauge\ns{quantile=\"a\",le=\"b\"} 1\n", "200"),
        Arguments.of("\n\n# HELP\n# TYPE a\n  a{b=\"\"} 1\n\tb 2\n c 3 4 5\n",
            PARSE_ERROR + "7: spurious string after timestamp: \" 5\""));
  }

  @ParameterizedTest
  @MethodSource("answers")
  void answersAsUpstreamDid(String body, String upstream) {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    if (upstream.startsWith("400 text format")) {
      MetricsParseException e =
          assertThrows(MetricsParseException.class, () -> TextParser.parse(bytes));
      assertEquals(upstream.substring(4), e.getMessage());
      return;
    }
    List<MetricFamily> families = TextParser.parse(bytes);
    boolean timestamped = families.stream()
        .flatMap(f -> f.metrics().stream())
        .anyMatch(Metric::hasTimestamp);
    assertEquals(upstream.equals("400 timestamps"), timestamped);
    assertTrue(upstream.equals("200") || upstream.equals("400 timestamps"));
  }

  @ParameterizedTest
  @MethodSource("invalidUtf8Answers")
  void quotesInvalidUtf8AsUpstreamDid(byte[] value, String upstream) {
    byte[] prefix = "a{x=\"".getBytes(StandardCharsets.US_ASCII);
    byte[] suffix = "\"} 1\n".getBytes(StandardCharsets.US_ASCII);
    byte[] body = new byte[prefix.length + value.length + suffix.length];
    System.arraycopy(prefix, 0, body, 0, prefix.length);
    System.arraycopy(value, 0, body, prefix.length, value.length);
    System.arraycopy(suffix, 0, body, prefix.length + value.length, suffix.length);
    MetricsParseException e =
        assertThrows(MetricsParseException.class, () -> TextParser.parse(body));
    assertEquals(upstream.substring(4), e.getMessage());
  }

  static Stream<Arguments> invalidUtf8Answers() {
    return Stream.of(
        Arguments.of(new byte[] {(byte) 0xFF},
            PARSE_ERROR + "1: invalid label value \"\\xff\""),
        Arguments.of(new byte[] {(byte) 0xE2, (byte) 0x82},
            PARSE_ERROR + "1: invalid label value \"\\xe2\\x82\""),
        Arguments.of(new byte[] {(byte) 0xEF, (byte) 0xBF, (byte) 0xBD, (byte) 0xC0},
            PARSE_ERROR + "1: invalid label value \"�\\xc0\""),
        Arguments.of(new byte[] {(byte) 0xEF, (byte) 0xBF, (byte) 0xBD, '\n'},
            PARSE_ERROR + "1: label value \"�\" contains unescaped new-line"),
        Arguments.of(new byte[] {'\\', (byte) 0xC3, (byte) 0xA9},
            PARSE_ERROR + "1: invalid escape sequence '\\Ã'"));
  }
}
