package io.pushbridge.kafka;

import static io.pushbridge.kafka.Records.ms;
import static io.pushbridge.kafka.Records.text;

import io.pushbridge.model.PushRequest;
import io.pushbridge.store.ApplyResult;
import io.pushbridge.store.GroupStore;
import io.pushbridge.store.GroupView;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.record.TimestampType;

/**
 * A reproducible mix of valid push records over many keys (PUT and POST of text, gzip, snappy and
 * protobuf bodies, deletes by tombstone and by header), and the state their serial application
 * leaves. Every family name has one type and one help text everywhere, so groups never conflict
 * and the order across partitions cannot matter: only each partition's order does.
 */
final class PushMix {
  private PushMix() {}

  /** {@code count} records over {@code keys} keys; key {@code k} goes to partition {@code k % partitions}. */
  static List<ProducerRecord<byte[], byte[]>> records(
      String topic, int count, int keys, int partitions, long seed) {
    Random random = new Random(seed);
    List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      int key = random.nextInt(keys);
      ProducerRecord<byte[], byte[]> r = record(topic, "job/k" + key + "/instance/i" + (key % 7), i, random);
      records.add(
          new ProducerRecord<>(
              topic, key % partitions, r.timestamp(), r.key(), r.value(), r.headers()));
    }
    return records;
  }

  private static ProducerRecord<byte[], byte[]> record(
      String topic, String path, int i, Random random) {
    int kind = random.nextInt(100);
    if (kind < 4) {
      return Records.produced(topic, path, null, ms(i));
    }
    if (kind < 7) {
      return Records.produced(topic, path, text("ignored"), ms(i), "method", "DELETE");
    }
    String method = kind < 30 ? "POST" : "PUT";
    if (kind < 15 || (kind >= 30 && kind < 40)) {
      return Records.produced(
          topic, path, protobuf(random), ms(i), "method", method, "content-type", Records.PROTOBUF);
    }
    byte[] body = text(textBody(random));
    if (kind >= 40 && kind < 50) {
      return Records.produced(
          topic, path, Records.gzip(body), ms(i), "method", method, "content-encoding", "gzip");
    }
    if (kind >= 50 && kind < 55) {
      return Records.produced(
          topic, path, Records.snappy(body), ms(i), "method", method, "content-encoding", "snappy");
    }
    return Records.produced(topic, path, body, ms(i), "method", method);
  }

  /** One to three of ten gauge families, each with one to three series. */
  private static String textBody(Random random) {
    StringBuilder body = new StringBuilder();
    int families = 1 + random.nextInt(3);
    int first = random.nextInt(10);
    for (int f = first; f < first + families; f++) {
      String name = "f" + (f % 10);
      body.append("# HELP ").append(name).append(" family ").append(f % 10).append('\n');
      body.append("# TYPE ").append(name).append(" gauge\n");
      int series = 1 + random.nextInt(3);
      for (int s = 0; s < series; s++) {
        body.append(name).append("{x=\"").append(s).append("\"} ");
        body.append(random.nextInt(1000)).append('\n');
      }
    }
    return body.toString();
  }

  /** One or two of five unlabelled protobuf gauges, delimited. */
  private static byte[] protobuf(Random random) {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    int first = random.nextInt(5);
    int families = 1 + random.nextInt(2);
    for (int f = first; f < first + families; f++) {
      int n = f % 5;
      body.writeBytes(Records.protobufGauge("p" + n, "proto family " + n, random.nextInt(1000)));
    }
    return body.toByteArray();
  }

  /**
   * The groups an in-memory store holds after applying every record, decoded as the ingest decodes
   * it, one partition after the other in offset order.
   *
   * @param landed where each record landed, in the order of {@code records}
   */
  static List<GroupView> serialState(
      List<ProducerRecord<byte[], byte[]>> records, List<RecordMetadata> landed) {
    List<ConsumerRecord<byte[], byte[]>> consumed = new ArrayList<>(records.size());
    for (int i = 0; i < records.size(); i++) {
      ProducerRecord<byte[], byte[]> p = records.get(i);
      RecordMetadata m = landed.get(i);
      consumed.add(
          new ConsumerRecord<>(
              m.topic(),
              m.partition(),
              m.offset(),
              p.timestamp(),
              TimestampType.CREATE_TIME,
              p.key().length,
              p.value() == null ? -1 : p.value().length,
              p.key(),
              p.value(),
              p.headers(),
              Optional.empty()));
    }
    consumed.sort(
        Comparator.<ConsumerRecord<byte[], byte[]>>comparingInt(ConsumerRecord::partition)
            .thenComparingLong(ConsumerRecord::offset));
    RecordDecoder decoder = new RecordDecoder(1 << 20);
    try (GroupStore expected = GroupStore.open(IngestHarness.memoryStore(records.size()))) {
      List<CompletableFuture<ApplyResult>> applied = new ArrayList<>(consumed.size());
      for (ConsumerRecord<byte[], byte[]> r : consumed) {
        PushRequest request = decoder.decode(r);
        applied.add(expected.submit(request));
      }
      applied.forEach(CompletableFuture::join);
      return expected.groups();
    }
  }
}
