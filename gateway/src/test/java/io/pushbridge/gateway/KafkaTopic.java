package io.pushbridge.gateway;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.pushbridge.kafka.TestClients;
import io.pushbridge.kafka.TestKafka;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeaders;

/** A push topic, its dead-letter topic and a consumer group, unique to one test. */
final class KafkaTopic {
  final TestKafka kafka;
  final String topic = TestKafka.uniqueName("pushes");
  final String dlq = topic + "-dlq";
  final String group = TestKafka.uniqueName("gateway");

  KafkaTopic(TestKafka kafka, int partitions) {
    this.kafka = kafka;
    kafka.createTopics(partitions, topic);
    kafka.createTopics(1, dlq);
  }

  /** The flags of a gateway consuming this topic. */
  String[] flags(String... more) {
    return flagsInGroup(group, more);
  }

  /** The flags of a gateway consuming this topic in consumer group {@code groupId}. */
  String[] flagsInGroup(String groupId, String... more) {
    List<String> flags = new ArrayList<>(List.of("--kafka.bootstrap-servers=" + kafka.bootstrapServers(),
        "--kafka.topic=" + topic, "--kafka.group-id=" + groupId));
    flags.addAll(List.of(more));
    return flags.toArray(new String[0]);
  }

  /** A record of this topic; {@code value} null is a tombstone; headers alternate names and values. */
  ProducerRecord<byte[], byte[]> record(String key, String value, long timestampMs, String... headers) {
    return record(key, value == null ? null : value.getBytes(UTF_8), timestampMs, headers);
  }

  ProducerRecord<byte[], byte[]> record(String key, byte[] value, long timestampMs, String... headers) {
    RecordHeaders h = new RecordHeaders();
    for (int i = 0; i < headers.length; i += 2) {
      h.add(headers[i], headers[i + 1].getBytes(UTF_8));
    }
    return new ProducerRecord<>(topic, null, timestampMs, key.getBytes(UTF_8), value, h);
  }

  List<RecordMetadata> produce(List<ProducerRecord<byte[], byte[]>> records) {
    return TestClients.produceAll(kafka, records);
  }

  /** The value of one series in a text scrape, or null when absent. */
  static Double sample(String scrape, String series) {
    Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(scrape);
    return m.find() ? Double.valueOf(m.group(1)) : null;
  }

  /** The sum and number of a metric's series that carry {@code label}, e.g. {@code topic="x"}. */
  static double[] sumAndCount(String scrape, String name, String label) {
    double sum = 0;
    int count = 0;
    for (String line : scrape.split("\n", -1)) {
      if (line.startsWith(name + "{") && line.contains(label)) {
        sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
        count++;
      }
    }
    return new double[] {sum, count};
  }

  /** Scrapes until every partition of this topic shows a lag of 0 and {@code series} has {@code value}. */
  String awaitCaughtUp(Http http, int partitions, String series, double value) throws Exception {
    return Eventually.await(topic + " consumed", Duration.ofSeconds(60), () -> http.get("/metrics").body(), s -> {
      double[] lag = sumAndCount(s, "pushbridge_kafka_partition_lag", "topic=\"" + topic + "\"");
      Double v = sample(s, series);
      return lag[1] == partitions && lag[0] == 0 && v != null && v == value;
    });
  }
}
