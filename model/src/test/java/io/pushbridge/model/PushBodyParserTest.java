package io.pushbridge.model;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

class PushBodyParserTest {

  private static final byte[] TEXT = "some_metric 3.14\n".getBytes(UTF_8);

  private static byte[] gzip(byte[] data) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(data);
    }
    return out.toByteArray();
  }

  @Test
  void selectsProtobufOnlyWithProtoAndDelimitedParameters() {
    assertTrue(PushBodyParser.isDelimitedProtobuf(
        "application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily; encoding=delimited"));
    assertTrue(PushBodyParser.isDelimitedProtobuf(
        "Application/Vnd.Google.Protobuf;encoding=delimited;proto=io.prometheus.client.MetricFamily;x=y"));
    assertFalse(PushBodyParser.isDelimitedProtobuf("application/vnd.google.protobuf; encoding=delimited"));
    assertFalse(PushBodyParser.isDelimitedProtobuf("text/plain; version=0.0.4"));
    assertFalse(PushBodyParser.isDelimitedProtobuf(null));
  }

  @Test
  void selectsOpenMetricsForItsMediaTypeWithVersionOneOrNone() {
    assertEquals("1.0.0", PushBodyParser.openMetricsVersion("application/openmetrics-text; version=1.0.0; charset=utf-8"));
    assertEquals("1.0.0", PushBodyParser.openMetricsVersion("Application/OpenMetrics-Text"));
    assertEquals("0.0.1", PushBodyParser.openMetricsVersion("application/openmetrics-text;version=0.0.1"));
    assertNull(PushBodyParser.openMetricsVersion("text/plain; version=0.0.4"));
    assertNull(PushBodyParser.openMetricsVersion(null));
    byte[] body = "# EOF\n".getBytes(UTF_8);
    assertEquals(0, PushBodyParser.parse("application/openmetrics-text;version=0.0.1", null, body, 1 << 20).size());
    MetricsParseException e = assertThrows(MetricsParseException.class,
        () -> PushBodyParser.parse("application/openmetrics-text; version=2.0.0", null, body, 1 << 20));
    assertEquals("unsupported OpenMetrics version \"2.0.0\", only 1.0.0 is supported", e.getMessage());
  }

  @Test
  void parsesGzippedOpenMetrics() throws IOException {
    byte[] body = "# TYPE jobs counter\njobs_total 3\n# EOF\n".getBytes(UTF_8);
    var families = PushBodyParser.parse("application/openmetrics-text; version=1.0.0", "gzip", gzip(body), 1 << 20);
    assertEquals("jobs_total", families.get(0).name());
    assertEquals(MetricType.COUNTER, families.get(0).type());
    MetricsParseException e = assertThrows(MetricsParseException.class,
        () -> PushBodyParser.parse("application/openmetrics-text", null, TEXT, 1 << 20));
    assertEquals("openmetrics format parsing error in line 2: data does not end with # EOF", e.getMessage());
  }

  @Test
  void parsesTextWithoutContentType() {
    var families = PushBodyParser.parse(null, null, TEXT, 1 << 20);
    assertEquals("some_metric", families.get(0).name());
  }

  @Test
  void decompressesGzipInAnyCase() throws IOException {
    var families = PushBodyParser.parse("text/plain", "GZip", gzip(TEXT), 1 << 20);
    assertEquals(1, families.size());
  }

  @Test
  void rejectsNonGzipDataWithGoMessage() {
    var e = assertThrows(MetricsParseException.class,
        () -> PushBodyParser.parse(null, "gzip", TEXT, 1 << 20));
    assertEquals("gzip: invalid header", e.getMessage());
  }

  @Test
  void rejectsTruncatedGzipWithGoMessage() throws IOException {
    byte[] full = gzip(TEXT);
    var e = assertThrows(MetricsParseException.class,
        () -> PushBodyParser.parse(null, "gzip", Arrays.copyOf(full, full.length - 6), 1 << 20));
    assertEquals("unexpected EOF", e.getMessage());
  }

  @Test
  void rejectsBodiesOverTheLimitAfterDecompression() throws IOException {
    byte[] big = "a 1\n".repeat(10_000).getBytes(UTF_8);
    assertThrows(PayloadTooLargeException.class,
        () -> PushBodyParser.parse(null, "gzip", gzip(big), 1000));
    assertThrows(PayloadTooLargeException.class, () -> PushBodyParser.parse(null, null, big, 1000));
  }

  @Test
  void reportsTextParseErrorsForProtobufWithoutProtoParameter() {
    var e = assertThrows(MetricsParseException.class,
        () -> PushBodyParser.parse("application/vnd.google.protobuf", null, new byte[] {10, 3, 'a'}, 100));
    assertTrue(e.getMessage().startsWith("text format parsing error in line "), e.getMessage());
  }
}
