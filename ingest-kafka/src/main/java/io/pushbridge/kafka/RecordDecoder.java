package io.pushbridge.kafka;

import io.pushbridge.model.GoStrings;
import io.pushbridge.model.GroupingKey;
import io.pushbridge.model.InvalidGroupingKeyException;
import io.pushbridge.model.MetricFamily;
import io.pushbridge.model.PushBodyParser;
import io.pushbridge.model.PushMethod;
import io.pushbridge.model.PushRequest;
import io.pushbridge.model.PushTtl;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.record.TimestampType;

/**
 * Turns a record into the push an HTTP request with the same path, headers and body would be
 * (design §4). The record timestamp becomes the receive time, so replaying a topic rebuilds the
 * same push times.
 */
final class RecordDecoder {
  static final String CONTENT_TYPE = "content-type";
  static final String CONTENT_ENCODING = "content-encoding";
  static final String METHOD = "method";
  static final String TTL = "ttl";
  private static final String GZIP = "gzip";
  private static final String SNAPPY = "snappy";
  private static final String IDENTITY = "identity";

  private final long maxBodyBytes;

  RecordDecoder(long maxBodyBytes) {
    this.maxBodyBytes = maxBodyBytes;
  }

  /**
   * Decodes one record: a tombstone or {@code method: DELETE} deletes the group, whatever the
   * value.
   *
   * @throws io.pushbridge.model.InvalidPushException (a subclass) naming what is wrong
   */
  PushRequest decode(ConsumerRecord<byte[], byte[]> record) {
    GroupingKey key = GroupingKey.parsePath(keyPath(record.key()));
    long receiveTimeNanos = receiveTimeNanos(record);
    PushMethod method = method(header(record, METHOD));
    if (record.value() == null || method == PushMethod.DELETE) {
      return PushRequest.delete(key, receiveTimeNanos);
    }
    String encoding = encoding(header(record, CONTENT_ENCODING));
    String contentType = header(record, CONTENT_TYPE);
    byte[] body = encoding == null ? completeLastLine(record.value(), contentType) : record.value();
    List<MetricFamily> families = PushBodyParser.parse(contentType, encoding, body, maxBodyBytes);
    return new PushRequest(key, method, families, receiveTimeNanos)
        .withTtl(PushTtl.parse(TTL, header(record, TTL)));
  }

  /**
   * A text value whose last line has no newline gets one. Beyond HTTP, where upstream refuses such
   * a body ("unexpected end of input stream"): a record is complete as it stands, and
   * kafka-console-producer, like other line-based tools, strips the newline of every value it
   * sends, so without this no record it produces could ever be read.
   */
  private static byte[] completeLastLine(byte[] value, String contentType) {
    if (value.length == 0 || value[value.length - 1] == '\n' || PushBodyParser.isDelimitedProtobuf(contentType)) {
      return value;
    }
    byte[] completed = Arrays.copyOf(value, value.length + 1);
    completed[value.length] = '\n';
    return completed;
  }

  /**
   * The encoding for the body parser: {@code gzip}, {@code snappy} (any case) or none. Beyond HTTP,
   * where an unknown encoding is ignored as upstream does and the body parsed raw, a record with
   * one is refused: no proxy adds encodings to a record, so an unknown one means the producer
   * compressed the body in a way the gateway cannot read, and its parse error would mislead.
   */
  private static String encoding(String header) {
    if (header == null) {
      return null;
    }
    String name = header.trim().toLowerCase(Locale.ROOT);
    return switch (name) {
      case "", IDENTITY -> null;
      case GZIP, SNAPPY -> name;
      default ->
          throw new InvalidRecordException(
              "content-encoding header must be gzip, snappy or identity, got "
                  + GoStrings.quote(header));
    };
  }

  private static String keyPath(byte[] key) {
    if (key == null) {
      throw new InvalidGroupingKeyException(
          "record has no key; the key is the grouping key path, e.g. job/<job>");
    }
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(key))
          .toString();
    } catch (CharacterCodingException e) {
      throw new InvalidGroupingKeyException("record key is not valid UTF-8");
    }
  }

  private static long receiveTimeNanos(ConsumerRecord<byte[], byte[]> record) {
    if (record.timestampType() == TimestampType.NO_TIMESTAMP_TYPE || record.timestamp() < 0) {
      throw new InvalidRecordException(
          "record has no timestamp; it is the push time and must be set");
    }
    if (record.timestamp() > Long.MAX_VALUE / 1_000_000L) {
      throw new InvalidRecordException(
          "record timestamp " + record.timestamp() + " ms is beyond the year 2262");
    }
    return record.timestamp() * 1_000_000L;
  }

  private static PushMethod method(String header) {
    if (header == null) {
      return PushMethod.PUT;
    }
    return switch (header) {
      case "PUT" -> PushMethod.PUT;
      case "POST" -> PushMethod.POST;
      case "DELETE" -> PushMethod.DELETE;
      default ->
          throw new InvalidRecordException(
              "method header must be PUT, POST or DELETE, got " + GoStrings.quote(header));
    };
  }

  /** The last header of that name, any case, as UTF-8; null when absent or without a value. */
  private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
    String found = null;
    for (Header h : record.headers()) {
      if (h.key().equalsIgnoreCase(name) && h.value() != null) {
        found = new String(h.value(), StandardCharsets.UTF_8);
      }
    }
    return found;
  }
}
