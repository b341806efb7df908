package io.pushbridge.kafka;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.google.protobuf.CodedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;
import java.util.zip.GZIPOutputStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.xerial.snappy.SnappyFramedOutputStream;

/** Record and body builders for the Kafka tests. */
final class Records {
  static final String PROTOBUF =
      "application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily; encoding=delimited";

  /**
   * Two days before this run, in whole seconds. The broker deletes records older than its
   * retention (7 days by default) by their timestamps, and refuses those more than an hour ahead
   * (Kafka 4), so test timestamps must be recent and in the past.
   */
  private static final long BASE_MS = (System.currentTimeMillis() / 1000 - 2 * 86_400) * 1000;

  /** A record timestamp in the tests: the base plus the given number of seconds (at most a day). */
  static long ms(int second) {
    return BASE_MS + second * 1000L;
  }

  private Records() {}

  /** A consumed record at offset 7 of partition 0; headers alternate names and values. */
  static ConsumerRecord<byte[], byte[]> consumed(
      String key, byte[] value, long timestampMs, String... headers) {
    return new ConsumerRecord<>(
        "pushes",
        0,
        7,
        timestampMs,
        TimestampType.CREATE_TIME,
        key == null ? -1 : key.length(),
        value == null ? -1 : value.length,
        key == null ? null : key.getBytes(UTF_8),
        value,
        headers(headers),
        Optional.empty());
  }

  static ProducerRecord<byte[], byte[]> produced(
      String topic, String key, byte[] value, long timestampMs, String... headers) {
    return new ProducerRecord<>(
        topic, null, timestampMs, key == null ? null : key.getBytes(UTF_8), value, headers(headers));
  }

  private static RecordHeaders headers(String... namesAndValues) {
    RecordHeaders headers = new RecordHeaders();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      headers.add(namesAndValues[i], namesAndValues[i + 1].getBytes(UTF_8));
    }
    return headers;
  }

  static byte[] text(String body) {
    return body.getBytes(UTF_8);
  }

  static byte[] gzip(byte[] data) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(data);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** The snappy framing format, as {@code snzip} writes it. */
  static byte[] snappy(byte[] data) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (SnappyFramedOutputStream framed = new SnappyFramedOutputStream(out)) {
      framed.write(data);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** One delimited {@code io.prometheus.client.MetricFamily}: a gauge with one unlabelled value. */
  static byte[] protobufGauge(String name, String help, double value) {
    byte[] gauge = message(o -> o.writeDouble(1, value));
    byte[] metric = message(o -> o.writeByteArray(2, gauge));
    byte[] family =
        message(
            o -> {
              o.writeString(1, name);
              o.writeString(2, help);
              o.writeEnum(3, 1);
              o.writeByteArray(4, metric);
            });
    return message(o -> o.writeByteArrayNoTag(family));
  }

  private interface Writer {
    void write(CodedOutputStream out) throws IOException;
  }

  private static byte[] message(Writer writer) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    CodedOutputStream out = CodedOutputStream.newInstance(bytes);
    try {
      writer.write(out);
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }
}
