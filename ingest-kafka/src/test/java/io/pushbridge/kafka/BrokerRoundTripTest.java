package io.pushbridge.kafka;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(KafkaBrokerExtension.class)
class BrokerRoundTripTest {

  @Test
  void recordsProducedToThreePartitionsAreConsumedBackWithTheirKeysValuesAndHeaders(TestKafka kafka) {
    String topic = TestKafka.uniqueName("roundtrip");
    kafka.createTopics(3, topic);
    int count = 1_000;
    List<ProducerRecord<byte[], byte[]>> sent = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      ProducerRecord<byte[], byte[]> record =
          new ProducerRecord<>(topic, ("k" + i).getBytes(UTF_8), ("v" + i).getBytes(UTF_8));
      record.headers().add("n", Integer.toString(i).getBytes(UTF_8));
      sent.add(record);
    }
    TestClients.produceAll(kafka, sent);

    List<ConsumerRecord<byte[], byte[]>> records =
        TestClients.readAll(kafka, topic, count, Duration.ofSeconds(60));

    Map<String, String> byKey = new HashMap<>();
    Map<Integer, Integer> perPartition = new HashMap<>();
    for (ConsumerRecord<byte[], byte[]> r : records) {
      String key = new String(r.key(), UTF_8);
      assertEquals("k" + new String(r.headers().lastHeader("n").value(), UTF_8), key);
      byKey.put(key, new String(r.value(), UTF_8));
      perPartition.merge(r.partition(), 1, Integer::sum);
    }
    assertEquals(count, byKey.size());
    for (int i = 0; i < count; i++) {
      assertEquals("v" + i, byKey.get("k" + i));
    }
    assertEquals(3, perPartition.size(), "records spread over all partitions: " + perPartition);
  }
}
