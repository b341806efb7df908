package io.pushbridge.kafka;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Copies a record the gateway refused to the dead-letter topic: the original key, value, headers
 * and timestamp, plus why ({@code error}) and where it came from ({@code source-topic}, {@code
 * source-partition}, {@code source-offset}). A value too large for the dead-letter topic is left
 * out, and {@code dropped-value-bytes} says how large it was, so the partition never stalls on it.
 */
final class DeadLetterPublisher implements AutoCloseable {
  static final String ERROR = "error";
  static final String SOURCE_TOPIC = "source-topic";
  static final String SOURCE_PARTITION = "source-partition";
  static final String SOURCE_OFFSET = "source-offset";
  static final String DROPPED_VALUE_BYTES = "dropped-value-bytes";

  private final Producer<byte[], byte[]> producer;
  private final String topic;

  DeadLetterPublisher(Producer<byte[], byte[]> producer, String topic) {
    this.producer = producer;
    this.topic = topic;
  }

  /** A publisher with its own idempotent producer that waits for all in-sync replicas. */
  static DeadLetterPublisher create(KafkaIngestConfig config) {
    Map<String, Object> props = new HashMap<>(config.producerProperties());
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
    props.putIfAbsent(ProducerConfig.ACKS_CONFIG, "all");
    props.putIfAbsent(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    props.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "pushbridge-dlq");
    return new DeadLetterPublisher(
        new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer()),
        config.dlqTopic());
  }

  String topic() {
    return topic;
  }

  /**
   * Publishes and waits for the acknowledgement, so the source offset may advance only once the
   * record is safe in the dead-letter topic.
   *
   * @throws DeadLetterException when the broker did not take it
   */
  void publish(ConsumerRecord<byte[], byte[]> record, String error) {
    RecordHeaders headers = new RecordHeaders();
    for (Header h : record.headers()) {
      headers.add(h);
    }
    headers.add(ERROR, utf8(String.valueOf(error)));
    headers.add(SOURCE_TOPIC, utf8(record.topic()));
    headers.add(SOURCE_PARTITION, utf8(Integer.toString(record.partition())));
    headers.add(SOURCE_OFFSET, utf8(Long.toString(record.offset())));
    try {
      send(record, record.value(), headers);
    } catch (DeadLetterException e) {
      if (!(e.getCause() instanceof RecordTooLargeException) || record.value() == null) {
        throw e;
      }
      headers.add(DROPPED_VALUE_BYTES, utf8(Integer.toString(record.value().length)));
      send(record, null, headers);
    }
  }

  private void send(ConsumerRecord<byte[], byte[]> record, byte[] value, RecordHeaders headers) {
    Long timestamp = record.timestamp() < 0 ? null : record.timestamp();
    ProducerRecord<byte[], byte[]> dead =
        new ProducerRecord<>(topic, null, timestamp, record.key(), value, headers);
    try {
      producer.send(dead).get();
    } catch (ExecutionException e) {
      throw new DeadLetterException(describe(record) + ": " + e.getCause(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DeadLetterException(describe(record) + ": interrupted", e);
    }
  }

  private String describe(ConsumerRecord<?, ?> record) {
    return "cannot publish "
        + record.topic()
        + "-"
        + record.partition()
        + "@"
        + record.offset()
        + " to dead-letter topic "
        + topic;
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    producer.close();
  }

  /** Closes without waiting longer than {@code timeout} for a broker that may be down. */
  void close(Duration timeout) {
    producer.close(timeout);
  }

  /** The dead-letter topic did not take a record; the source record must not be skipped. */
  static final class DeadLetterException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    DeadLetterException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
