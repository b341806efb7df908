package io.pushbridge.model;

import static io.pushbridge.model.ProtoBytes.family;
import static io.pushbridge.model.ProtoBytes.label;
import static io.pushbridge.model.ProtoBytes.msg;
import static io.pushbridge.model.ProtoBytes.value;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProtobufParserTest {

  private static final int COUNTER = 0;
  private static final int GAUGE = 1;
  private static final int SUMMARY = 2;
  private static final int UNTYPED = 3;
  private static final int HISTOGRAM = 4;

  private static List<MetricFamily> parse(ProtoBytes... messages) {
    ProtoBytes body = msg();
    for (ProtoBytes m : messages) {
      body.then(m.delimited());
    }
    return ProtobufParser.parse(body.build());
  }

  private static String inconsistency(ProtoBytes... messages) {
    return assertThrows(InconsistentMetricsException.class, () -> parse(messages)).detail();
  }

  private static String parseError(byte... body) {
    return assertThrows(MetricsParseException.class, () -> ProtobufParser.parse(body)).getMessage();
  }

  /**
   * {@code upstream-1.5.1/scrape-mixed.pb} holds the families 1.5.1 sent for a protobuf {@code
   * Accept} right after it sent {@code scrape-mixed.txt}: protobuf-go's bytes parse to the same
   * exposition, and our renderer writes the very same bytes back.
   */
  @Test
  void readsUpstreamProtobufExpositionAndWritesItBackIdentically() throws IOException {
    assertUpstreamExposition("scrape-mixed");
  }

  /**
   * {@code upstream-1.5.1/scrape-native.pb}: 1.5.1's protobuf exposition of two histograms a Go
   * job pushed with native buckets (client_golang's {@code NativeHistogramBucketFactor}), one with
   * classic buckets too; {@code scrape-native.txt} its text exposition of the same. The native
   * buckets come back byte for byte, and the text shows the classic buckets only.
   */
  @Test
  void keepsNativeHistogramBucketsForProtobufAsUpstreamDoes() throws IOException {
    for (MetricFamily f : assertUpstreamExposition("scrape-native")) {
      assertTrue(((Metric.Histogram) f.metrics().get(0)).nativeHistogram() != null, f.name());
    }
  }

  /** Upstream's protobuf exposition {@code name.pb} parses to its text {@code name.txt} and back to itself. */
  private static List<MetricFamily> assertUpstreamExposition(String name) throws IOException {
    byte[] upstream = resource("upstream-1.5.1/" + name + ".pb");
    List<MetricFamily> families = ProtobufParser.parse(upstream);
    ByteArrayBuilder text = new ByteArrayBuilder();
    TextRenderer.render(families, text);
    assertEquals(new String(resource("upstream-1.5.1/" + name + ".txt"), StandardCharsets.UTF_8), text.toString());
    ByteArrayBuilder proto = new ByteArrayBuilder();
    ProtobufRenderer.render(families, proto);
    assertArrayEquals(upstream, proto.toByteArray());
    return families;
  }

  @Test
  void keepsOnlyNativeFieldsOfTheirDeclaredWireTypeAndChecksTheirContents() {
    ProtoBytes wellFormed = msg().varint(5, 3).fixed64(6, 1e-9).varint(7, 2)
        .message(12, msg().varint(1, 4).varint(2, 2))
        .bytes(13, new byte[] {0x02, 0x01}) // packed deltas 1, -1 (zig-zag)
        .varint(13, 2)
        .bytes(14, new byte[16]); // packed float counts
    byte[] kept = wellFormed.build();
    ProtoBytes histogram = msg().varint(1, 3).fixed64(2, 1.5).then(wellFormed)
        .fixed64(5, 1) // schema as a double: an unknown field to protobuf-go, dropped
        .varint(16, 7); // beyond the native fields: unknown, dropped
    Metric.Histogram h = (Metric.Histogram) parse(family("h", HISTOGRAM, msg().message(7, histogram)))
        .get(0).metrics().get(0);
    assertArrayEquals(kept, h.nativeHistogram().wireFields());
    assertEquals(3, h.count());

    assertNull(((Metric.Histogram) parse(family("h", HISTOGRAM, msg().message(7, msg().varint(1, 1))))
        .get(0).metrics().get(0)).nativeHistogram());
    // A float histogram's count: the model truncates it, protobuf scrapes get it as pushed.
    Metric.Histogram floats = (Metric.Histogram) parse(family("h", HISTOGRAM, msg().message(7,
        msg().fixed64(4, 2.5).fixed64(8, 0.5)))).get(0).metrics().get(0);
    assertEquals(2, floats.count());
    assertArrayEquals(msg().fixed64(4, 2.5).fixed64(8, 0.5).build(), floats.nativeHistogram().wireFields());
    assertTrue(parseError(parse0(family("h", HISTOGRAM, msg().message(7, msg().bytes(14, new byte[12])))))
        .contains("packed field 14 of the histogram holds 12 bytes, not a whole number of doubles"));
    assertTrue(parseError(parse0(family("h", HISTOGRAM, msg().message(7, msg().bytes(10, new byte[] {(byte) 0x80})))))
        .contains("invalid protobuf body"));
    assertTrue(parseError(parse0(family("h", HISTOGRAM, msg().message(7, msg().bytes(9, new byte[] {0x08})))))
        .contains("invalid protobuf body"));
    assertTrue(parseError(parse0(family("h", HISTOGRAM, msg().message(7, msg().message(12, msg().fixed64(2, 1))))))
        .contains("field 2 of a bucket span in histogram field 12 has wire type 1, not varint"));
  }

  @Test
  void readsEveryValueShape() {
    List<MetricFamily> families = parse(
        family("c", COUNTER, msg().message(1, label("b", "2")).message(1, label("a", "1"))
            .message(3, value(1.5))).string(2, "help"),
        family("s", SUMMARY, msg().message(4, msg().varint(1, -1L).fixed64(2, 2.5)
            .message(3, msg().fixed64(1, 0.5).fixed64(2, 7))
            .message(3, msg().fixed64(1, 0.9)))),
        family("h", HISTOGRAM, msg().message(7, msg().varint(1, 3).fixed64(2, 1.25)
            .message(3, msg().varint(1, 1).fixed64(2, 0.1))
            .message(3, msg().fixed64(4, 2.9).fixed64(2, Double.POSITIVE_INFINITY)))),
        family("u", UNTYPED, msg().message(5, value(Double.NaN)).varint(6, 1234)));
    assertEquals(List.of(
        new MetricFamily("c", "help", MetricType.COUNTER,
            List.of(new Metric.Scalar(Labels.of("a", "1", "b", "2"), 1.5))),
        new MetricFamily("s", null, MetricType.SUMMARY, List.of(new Metric.Summary(Labels.EMPTY,
            -1L, 2.5, List.of(new Metric.Quantile(0.5, 7), new Metric.Quantile(0.9, 0)),
            Metric.NO_TIMESTAMP))),
        new MetricFamily("h", null, MetricType.HISTOGRAM, List.of(new Metric.Histogram(Labels.EMPTY,
            3, 1.25, List.of(new Metric.Bucket(0.1, 1), new Metric.Bucket(Double.POSITIVE_INFINITY, 2)),
            Metric.NO_TIMESTAMP))),
        new MetricFamily("u", null, MetricType.UNTYPED,
            List.of(new Metric.Scalar(Labels.EMPTY, Double.NaN, 1234)))),
        families);
  }

  @Test
  void distinguishesAbsentHelpFromEmptyHelp() {
    List<MetricFamily> families = parse(
        family("a", GAUGE, msg().message(2, value(1))),
        family("b", GAUGE, msg().message(2, value(1))).string(2, ""));
    assertNull(families.get(0).help());
    assertEquals("", families.get(1).help());
  }

  /** Sanitising plans its label merge once per names array (LabelMerge), as for text bodies. */
  @Test
  void metricsWithTheSameLabelNamesShareOneNamesArrayInWireOrderOrNot() {
    List<Metric> metrics = parse(
        family("c", COUNTER,
            msg().message(1, label("b", "1")).message(1, label("a", "1")).message(3, value(1)),
            msg().message(1, label("a", "2")).message(1, label("b", "2")).message(3, value(2)),
            msg().message(1, label("a", "3")).message(3, value(3)),
            msg().message(1, label("a", "4")).message(3, value(4))))
        .get(0).metrics();
    assertEquals(Labels.of("a", "2", "b", "2"), metrics.get(1).labels());
    assertSame(metrics.get(0).labels().nameArray(), metrics.get(1).labels().nameArray());
    assertNotSame(metrics.get(1).labels().nameArray(), metrics.get(2).labels().nameArray());
    assertSame(metrics.get(2).labels().nameArray(), metrics.get(3).labels().nameArray());
    assertEquals(Labels.of("a", "4"), metrics.get(3).labels());
  }

  @Test
  void treatsAMissingTypeAsCounter() {
    List<MetricFamily> families =
        parse(msg().string(1, "n").message(4, msg().message(3, value(8))));
    assertEquals(MetricType.COUNTER, families.get(0).type());
    assertEquals(
        "collected metric \"n\" { gauge:<value:8 > } is not a COUNTER",
        inconsistency(msg().string(1, "n").message(4, msg().message(2, value(8)))));
  }

  /** Verified on 1.5.1: the later message wins, help, type and metrics alike. */
  @Test
  void letsALaterFamilyMessageReplaceAnEarlierOne() {
    List<MetricFamily> families = parse(
        family("pbd", GAUGE, msg().message(1, label("a", "1")).message(2, value(1)))
            .string(2, "first"),
        family("other", GAUGE, msg().message(2, value(3))),
        family("pbd", GAUGE, msg().message(1, label("a", "2")).message(2, value(2)))
            .string(2, "second"));
    assertEquals(List.of(
        new MetricFamily("other", null, MetricType.GAUGE, List.of(new Metric.Scalar(Labels.EMPTY, 3))),
        new MetricFamily("pbd", "second", MetricType.GAUGE,
            List.of(new Metric.Scalar(Labels.of("a", "2"), 2)))),
        families);
  }

  @Test
  void forgetsTheInconsistencyOfAReplacedFamily() {
    List<MetricFamily> families = parse(
        family("x", GAUGE, msg().message(3, value(1))),
        family("x", GAUGE, msg().message(2, value(2))));
    assertEquals(2, ((Metric.Scalar) families.get(0).metrics().get(0)).value());
  }

  /** Verified on 1.5.1: a POST of an empty family removes the stored series. */
  @Test
  void keepsFamiliesWithoutMetrics() {
    assertEquals(
        List.of(new MetricFamily("pbg2", "x", MetricType.GAUGE, List.of())),
        parse(family("pbg2", GAUGE).string(2, "x")));
    assertEquals(
        List.of(new MetricFamily("", null, MetricType.COUNTER, List.of())),
        ProtobufParser.parse(new byte[] {0}));
  }

  @Test
  void rejectsAMetricWhoseValueFieldDoesNotMatchTheTypeInUpstreamWords() {
    assertEquals(
        "collected metric \"pbg\" { label:<name:\"a\" value:\"1\" > counter:<value:2.5 > } is not a GAUGE",
        inconsistency(family("pbg", GAUGE, msg().message(1, label("a", "1")).message(3, value(2.5)))));
    assertEquals(
        "collected metric \"pbec\" { label:<name:\"a\" value:\"1\" > counter:<> } is not a GAUGE",
        inconsistency(family("pbec", GAUGE, msg().message(1, label("a", "1")).bytes(3, new byte[0]))));
    assertEquals(
        "collected metric \"pbnv\" { label:<name:\"a\" value:\"\" > gauge:<> untyped:<> } is not a COUNTER",
        inconsistency(family("pbnv", COUNTER, msg().message(1, msg().string(1, "a"))
            .bytes(5, new byte[0]).bytes(2, new byte[0]))));
  }

  /** Verified on 1.5.1: extra value fields are tolerated as long as the type's own is there. */
  @Test
  void usesTheTypesOwnFieldWhenOthersAreAlsoPresent() {
    List<MetricFamily> families =
        parse(family("pbboth", GAUGE, msg().message(2, value(7)).message(3, value(8))));
    assertEquals(7, ((Metric.Scalar) families.get(0).metrics().get(0)).value());
  }

  @Test
  void rejectsRepeatedLabelNamesAndNonUtf8LabelValues() {
    assertEquals(
        "collected metric \"d\" { label:<name:\"a\" value:\"1\" > label:<name:\"a\" value:\"2\" >"
            + " gauge:<value:1 > } has two or more labels with the same name: a",
        inconsistency(family("d", GAUGE,
            msg().message(1, label("a", "1")).message(1, label("a", "2")).message(2, value(1)))));
    byte[] bad = {'x', (byte) 0xFF, 'y', (byte) 0xC3, (byte) 0xA4};
    assertEquals(
        "collected metric \"pbu\" { label:<name:\"a\" value:\"x\\377y\\303\\244\" > gauge:<value:1 > }"
            + " has a label named \"a\" whose value is not utf8: \"x\\xffyä\"",
        inconsistency(family("pbu", GAUGE,
            msg().message(1, msg().string(1, "a").bytes(2, bad)).message(2, value(1)))));
  }

  @Test
  void acceptsAGenuineReplacementCharacterInALabelValue() {
    List<MetricFamily> families =
        parse(family("r", GAUGE, msg().message(1, label("a", "\uFFFD")).message(2, value(1))));
    assertEquals("\uFFFD", families.get(0).metrics().get(0).labels().get("a"));
  }

  @Test
  void keepsEveryPushedTimestampSoThatValidationCanRejectIt() {
    List<MetricFamily> families = parse(
        family("t", UNTYPED, msg().message(5, value(1)).varint(6, Long.MIN_VALUE)));
    assertTrue(families.get(0).metrics().get(0).hasTimestamp());
  }

  @Test
  void rejectsGaugeHistogramAndUnknownTypesThatUpstreamCannotExpose() {
    assertTrue(assertThrows(MetricsParseException.class,
            () -> parse(family("gh", 5, msg().message(7, msg()))))
        .getMessage().contains("GAUGE_HISTOGRAM"));
    assertTrue(assertThrows(MetricsParseException.class,
            () -> parse(family("t9", 9, msg().message(7, msg()))))
        .getMessage().contains("unsupported metric type 9 of metric family \"t9\""));
  }

  @Test
  void skipsUnknownFieldsGroupsAndFieldsWithAnUnexpectedWireType() {
    ProtoBytes metric = msg()
        .raw(0x0B, 0x08, 0x01, 0x0B, 0x0C, 0x0C) // group 1 holding a varint and an empty group
        .varint(2, 5) // gauge as a varint: not a Gauge message, skipped
        .message(2, value(4))
        .fixed64(15, 1)
        .raw(0x7D, 1, 2, 3, 4); // field 15, fixed32
    ProtoBytes familyBytes = msg().varint(1, 3).string(1, "g").varint(3, GAUGE).message(4, metric)
        .string(5, "seconds").message(99, msg().string(1, "x"));
    List<MetricFamily> families = parse(familyBytes);
    assertEquals(
        List.of(new MetricFamily("g", null, MetricType.GAUGE, List.of(new Metric.Scalar(Labels.EMPTY, 4)))),
        families);
  }

  @Test
  void rejectsTruncatedAndMalformedBodies() {
    assertTrue(parseError((byte) 0x02, (byte) 0x0A).startsWith("invalid protobuf body: unexpected EOF"));
    assertTrue(parseError((byte) 0x05, (byte) 0x0A).contains("unexpected EOF"));
    assertTrue(parseError((byte) 0x05).contains("exceeds the 0 bytes left"));
    assertTrue(parseError((byte) 0x80).contains("unexpected EOF"));
    assertTrue(parseError((byte) 0x02, (byte) 0x0F, (byte) 0x01).contains("invalid wire type 7 for field 1"));
    assertTrue(parseError((byte) 0x02, (byte) 0x00, (byte) 0x01).contains("(in MetricFamily message 1"));
    assertTrue(parseError((byte) 0x01, (byte) 0x0C).contains("end-group"));
    byte[] valid = parse0(family("a", GAUGE, msg().message(2, value(1))));
    byte[] cut = Arrays.copyOf(valid, valid.length - 3);
    assertTrue(parseError(cut).contains("unexpected EOF"));
  }

  @Test
  void survivesDeeplyNestedGroups() {
    byte[] nested = new byte[200_000];
    Arrays.fill(nested, (byte) 0x0B);
    byte[] body = msg().rawBytes(nested).delimited().build();
    assertTrue(parseError(body).contains("unexpected EOF inside group field 1"));
  }

  private static byte[] parse0(ProtoBytes message) {
    return message.delimited().build();
  }

  private static byte[] resource(String name) throws IOException {
    try (InputStream in = ProtobufParserTest.class.getClassLoader().getResourceAsStream(name)) {
      return in.readAllBytes();
    }
  }
}
