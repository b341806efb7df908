package io.pushbridge.kafka;

import static io.pushbridge.kafka.Records.consumed;
import static io.pushbridge.kafka.Records.gzip;
import static io.pushbridge.kafka.Records.ms;
import static io.pushbridge.kafka.Records.snappy;
import static io.pushbridge.kafka.Records.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pushbridge.model.GroupingKey;
import io.pushbridge.model.InvalidGroupingKeyException;
import io.pushbridge.model.InvalidPushException;
import io.pushbridge.model.Labels;
import io.pushbridge.model.Metric;
import io.pushbridge.model.MetricFamily;
import io.pushbridge.model.MetricType;
import io.pushbridge.model.MetricsParseException;
import io.pushbridge.model.PayloadTooLargeException;
import io.pushbridge.model.PushMethod;
import io.pushbridge.model.PushRequest;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

class RecordDecoderTest {
  private final RecordDecoder decoder = new RecordDecoder(1 << 20);

  private static final MetricFamily UNTYPED_7 =
      new MetricFamily("a", null, MetricType.UNTYPED, List.of(new Metric.Scalar(Labels.EMPTY, 7)));

  @Test
  void keyIsTheGroupingKeyPathAndValueATextBodyPutByDefault() {
    PushRequest r = decoder.decode(consumed("job/j/instance/i", text("a 7\n"), ms(1)));
    assertEquals(GroupingKey.parsePath("job/j/instance/i"), r.key());
    assertEquals(PushMethod.PUT, r.method());
    assertEquals(List.of(UNTYPED_7), r.families());
  }

  @Test
  void aTextValueWhoseLastLineHasNoNewlineIsReadAsIfItHadOne() {
    PushRequest r = decoder.decode(consumed("job/j/instance/i", text("a 7"), ms(1)));
    assertEquals(List.of(UNTYPED_7), r.families());
  }

  @Test
  void receiveTimeIsTheRecordTimestampInNanoseconds() {
    PushRequest r = decoder.decode(consumed("job/j", text("a 7\n"), 1_700_000_000_123L));
    assertEquals(1_700_000_000_123_000_000L, r.receiveTimeNanos());
  }

  @Test
  void base64KeyComponentsAreDecoded() {
    PushRequest r = decoder.decode(consumed("job@base64/L3Zhci90bXA=/path@base64/YS9i", text(""), ms(1)));
    assertEquals(GroupingKey.of(Labels.of("job", "/var/tmp", "path", "a/b")), r.key());
  }

  @Test
  void methodHeaderSelectsPost() {
    PushRequest r = decoder.decode(consumed("job/j", text("a 7\n"), ms(1), "method", "POST"));
    assertEquals(PushMethod.POST, r.method());
    assertEquals(List.of(UNTYPED_7), r.families());
  }

  @Test
  void methodHeaderDeleteDeletesTheGroupWhateverTheValue() {
    PushRequest r = decoder.decode(consumed("job/j", text("not { a body"), ms(2), "method", "DELETE"));
    assertEquals(PushRequest.delete(GroupingKey.parsePath("job/j"), ms(2) * 1_000_000L), r);
  }

  @Test
  void ttlHeaderGivesThePushItsTimeToLive() {
    PushRequest r = decoder.decode(consumed("job/j", text("a 7\n"), ms(1), "ttl", "1h30m"));
    assertEquals(Duration.ofMinutes(90), r.ttl());
    assertEquals(Duration.ZERO, decoder.decode(consumed("job/j", text("a 7\n"), ms(1), "ttl", "0")).ttl());
    assertNull(decoder.decode(consumed("job/j", text("a 7\n"), ms(1))).ttl(), "no header: --push.ttl applies");
  }

  @Test
  void rejectsATtlHeaderThatIsNotADuration() {
    InvalidPushException e = assertThrows(InvalidPushException.class,
        () -> decoder.decode(consumed("job/j", text("a 7\n"), ms(1), "ttl", "5")));
    assertTrue(e.getMessage().startsWith("invalid ttl header \"5\""), e.getMessage());
  }

  @Test
  void tombstoneDeletesTheGroup() {
    PushRequest r = decoder.decode(consumed("job/j", null, ms(3), "method", "PUT"));
    assertEquals(PushRequest.delete(GroupingKey.parsePath("job/j"), ms(3) * 1_000_000L), r);
  }

  @Test
  void headerNamesMatchInAnyCaseAndTheLastOneWins() {
    PushRequest r =
        decoder.decode(consumed("job/j", text("a 7\n"), ms(1), "Method", "DELETE", "METHOD", "POST"));
    assertEquals(PushMethod.POST, r.method());
  }

  @Test
  void contentTypeHeaderSelectsDelimitedProtobuf() {
    PushRequest r =
        decoder.decode(
            consumed(
                "job/j",
                Records.protobufGauge("g", "help", 2.5),
                ms(1),
                "content-type",
                Records.PROTOBUF));
    assertEquals(
        List.of(
            new MetricFamily(
                "g", "help", MetricType.GAUGE, List.of(new Metric.Scalar(Labels.EMPTY, 2.5)))),
        r.families());
  }

  @Test
  void contentEncodingGzipIsDecompressed() {
    PushRequest r =
        decoder.decode(consumed("job/j", gzip(text("a 7\n")), ms(1), "content-encoding", "gzip"));
    assertEquals(List.of(UNTYPED_7), r.families());
  }

  @Test
  void gzippedProtobufIsDecompressedThenParsed() {
    PushRequest r =
        decoder.decode(
            consumed(
                "job/j",
                gzip(Records.protobufGauge("g", "h", 1)),
                ms(1),
                "content-type",
                Records.PROTOBUF,
                "content-encoding",
                "gzip"));
    assertEquals("g", r.families().get(0).name());
  }

  @Test
  void contentEncodingSnappyIsDecompressedWhateverTheCase() {
    PushRequest r =
        decoder.decode(
            consumed("job/j", snappy(text("a 7\n")), ms(1), "content-encoding", "Snappy"));
    assertEquals(List.of(UNTYPED_7), r.families());
  }

  @Test
  void contentEncodingIdentityOrEmptyLeavesTheBodyAsItIs() {
    for (String encoding : List.of("identity", "", "GZIP")) {
      byte[] body = encoding.equals("GZIP") ? gzip(text("a 7\n")) : text("a 7\n");
      PushRequest r = decoder.decode(consumed("job/j", body, ms(1), "content-encoding", encoding));
      assertEquals(List.of(UNTYPED_7), r.families(), encoding);
    }
  }

  @Test
  void rejectsUnknownContentEncodings() {
    InvalidPushException e =
        assertThrows(
            InvalidRecordException.class,
            () -> decoder.decode(consumed("job/j", text("a 1\n"), ms(1), "content-encoding", "br")));
    assertEquals(
        "content-encoding header must be gzip, snappy or identity, got \"br\"", e.getMessage());
  }

  @Test
  void rejectsBodiesThatAreNotFramedSnappy() {
    InvalidPushException e =
        assertThrows(
            MetricsParseException.class,
            () ->
                decoder.decode(consumed("job/j", text("a 1\n"), ms(1), "content-encoding", "snappy")));
    assertEquals("snappy: corrupt input", e.getMessage());
  }

  @Test
  void rejectsSnappyBodiesOverTheLimitOnceDecompressed() {
    byte[] big = text("a 1\n".repeat(100));
    assertThrows(
        PayloadTooLargeException.class,
        () ->
            new RecordDecoder(399)
                .decode(consumed("job/j", snappy(big), ms(1), "content-encoding", "snappy")));
    assertEquals(
        100,
        new RecordDecoder(400)
            .decode(consumed("job/j", snappy(big), ms(1), "content-encoding", "snappy"))
            .families()
            .get(0)
            .metrics()
            .size());
  }

  @Test
  void rejectsRecordsWithoutKey() {
    InvalidPushException e =
        assertThrows(InvalidGroupingKeyException.class, () -> decoder.decode(consumed(null, text("a 1\n"), ms(1))));
    assertEquals("record has no key; the key is the grouping key path, e.g. job/<job>", e.getMessage());
  }

  @Test
  void rejectsKeysThatAreNotUtf8() {
    ConsumerRecord<byte[], byte[]> record =
        new ConsumerRecord<>(
            "pushes", 0, 7, ms(1), TimestampType.CREATE_TIME, 3, 4,
            new byte[] {'j', 'o', (byte) 0xC3}, text("a 1\n"), new RecordHeaders(), Optional.empty());
    InvalidPushException e =
        assertThrows(InvalidGroupingKeyException.class, () -> decoder.decode(record));
    assertEquals("record key is not valid UTF-8", e.getMessage());
  }

  @Test
  void rejectsKeysThatAreNotGroupingKeyPaths() {
    InvalidPushException e =
        assertThrows(
            InvalidGroupingKeyException.class,
            () -> decoder.decode(consumed("instance/i", text("a 1\n"), ms(1))));
    assertEquals(
        "grouping key must start with job/ or job@base64/: \"instance/i\"", e.getMessage());
  }

  @Test
  void rejectsKeysWithAnOddNumberOfLabelComponents() {
    InvalidPushException e =
        assertThrows(
            InvalidGroupingKeyException.class,
            () -> decoder.decode(consumed("job/j/instance", text("a 1\n"), ms(1))));
    assertTrue(e.getMessage().startsWith("odd number of components"), e.getMessage());
  }

  @Test
  void rejectsUnknownMethods() {
    InvalidPushException e =
        assertThrows(
            InvalidRecordException.class,
            () -> decoder.decode(consumed("job/j", text("a 1\n"), ms(1), "method", "GET")));
    assertEquals("method header must be PUT, POST or DELETE, got \"GET\"", e.getMessage());
  }

  @Test
  void rejectsLowerCaseMethodsAsHttpDoes() {
    assertThrows(
        InvalidRecordException.class,
        () -> decoder.decode(consumed("job/j", text("a 1\n"), ms(1), "method", "put")));
  }

  @Test
  void rejectsUnparsableTextBodies() {
    InvalidPushException e =
        assertThrows(
            MetricsParseException.class,
            () -> decoder.decode(consumed("job/j", text("a{ 1\n"), ms(1))));
    assertTrue(e.getMessage().startsWith("text format parsing error in line 1"), e.getMessage());
  }

  @Test
  void rejectsUnparsableProtobufBodies() {
    assertThrows(
        MetricsParseException.class,
        () ->
            decoder.decode(
                consumed("job/j", new byte[] {0x7f, 1, 2}, ms(1), "content-type", Records.PROTOBUF)));
  }

  @Test
  void rejectsBodiesThatAreNotGzipWithGosMessages() {
    InvalidPushException notGzip =
        assertThrows(
            MetricsParseException.class,
            () ->
                decoder.decode(
                    consumed("job/j", text("a 1\nb 2\nc 3\n"), ms(1), "content-encoding", "gzip")));
    assertEquals("gzip: invalid header", notGzip.getMessage());
    InvalidPushException shorterThanTheHeader =
        assertThrows(
            MetricsParseException.class,
            () -> decoder.decode(consumed("job/j", text("a 1\n"), ms(1), "content-encoding", "gzip")));
    assertEquals("unexpected EOF", shorterThanTheHeader.getMessage());
  }

  @Test
  void rejectsBodiesOverTheLimitOnceDecompressed() {
    RecordDecoder small = new RecordDecoder(100);
    byte[] big = text("a 1\n".repeat(100));
    assertThrows(
        PayloadTooLargeException.class,
        () -> small.decode(consumed("job/j", gzip(big), ms(1), "content-encoding", "gzip")));
    assertThrows(PayloadTooLargeException.class, () -> small.decode(consumed("job/j", big, ms(1))));
  }

  @Test
  void rejectsRecordsWithoutTimestamp() {
    ConsumerRecord<byte[], byte[]> record =
        new ConsumerRecord<>(
            "pushes", 0, 7, -1, TimestampType.NO_TIMESTAMP_TYPE, 5, 4,
            text("job/j"), text("a 1\n"), new RecordHeaders(), Optional.empty());
    InvalidPushException e = assertThrows(InvalidRecordException.class, () -> decoder.decode(record));
    assertEquals("record has no timestamp; it is the push time and must be set", e.getMessage());
  }
}
