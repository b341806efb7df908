package io.pushbridge.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** Byte-array producers and consumers for tests. */
public final class TestClients {
  private TestClients() {}

  /** A batching producer (acks=all, linger 5 ms) of raw bytes. */
  public static KafkaProducer<byte[], byte[]> producer(TestKafka kafka) {
    return new KafkaProducer<>(
        Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
            ProducerConfig.ACKS_CONFIG, "all",
            ProducerConfig.LINGER_MS_CONFIG, 5,
            ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024),
        new ByteArraySerializer(),
        new ByteArraySerializer());
  }

  /**
   * Produces every record with one batching producer and waits until all are acknowledged.
   *
   * @return where each record landed, in the order given
   */
  public static List<RecordMetadata> produceAll(
      TestKafka kafka, List<ProducerRecord<byte[], byte[]>> records) {
    List<Future<RecordMetadata>> sent = new ArrayList<>(records.size());
    try (KafkaProducer<byte[], byte[]> producer = producer(kafka)) {
      for (ProducerRecord<byte[], byte[]> record : records) {
        sent.add(producer.send(record));
      }
      producer.flush();
      List<RecordMetadata> landed = new ArrayList<>(sent.size());
      for (Future<RecordMetadata> f : sent) {
        landed.add(f.get(30, TimeUnit.SECONDS));
      }
      return landed;
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("produce failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while producing", e);
    }
  }

  /** A consumer in a fresh group that starts at the beginning of every partition. */
  public static KafkaConsumer<byte[], byte[]> consumer(TestKafka kafka) {
    return new KafkaConsumer<>(
        Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
            ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID(),
            ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
            ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
        new ByteArrayDeserializer(),
        new ByteArrayDeserializer());
  }

  /**
   * Reads {@code count} records from {@code topic} from the beginning, failing after {@code
   * timeout} with what arrived so far.
   */
  public static List<ConsumerRecord<byte[], byte[]>> readAll(
      TestKafka kafka, String topic, int count, Duration timeout) {
    List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>(count);
    try (KafkaConsumer<byte[], byte[]> consumer = consumer(kafka)) {
      consumer.subscribe(List.of(topic));
      long deadline = System.nanoTime() + timeout.toNanos();
      while (records.size() < count && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(200)).forEach(records::add);
      }
    }
    if (records.size() < count) {
      throw new AssertionError(
          "read " + records.size() + " of " + count + " records from " + topic + " in " + timeout);
    }
    return records;
  }
}
