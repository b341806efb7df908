package io.pushbridge.kafka;

import static io.pushbridge.kafka.Records.consumed;
import static io.pushbridge.kafka.Records.ms;
import static io.pushbridge.kafka.Records.text;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(KafkaBrokerExtension.class)
class DeadLetterPublisherTest {

  @Test
  void publishesOriginalKeyValueHeadersAndTimestampWithErrorAndSource(TestKafka kafka) {
    String dlq = TestKafka.uniqueName("dlq");
    kafka.createTopics(1, dlq);
    ConsumerRecord<byte[], byte[]> poison =
        new ConsumerRecord<>(
            "pushes",
            2,
            41,
            ms(5),
            TimestampType.CREATE_TIME,
            5,
            3,
            text("job/j"),
            text("a{\n"),
            new RecordHeaders().add("content-type", text("text/plain")).add("x", text("y")),
            Optional.empty());
    KafkaIngestConfig config =
        new KafkaIngestConfig(
            kafka.bootstrapServers(), List.of("pushes"), null, dlq, 1000, Map.of(), Map.of());
    try (DeadLetterPublisher publisher = DeadLetterPublisher.create(config)) {
      publisher.publish(poison, "text format parsing error in line 1: unexpected end of input stream");
      publisher.publish(consumed(null, null, ms(6)), "record has no key");
    }

    List<ConsumerRecord<byte[], byte[]>> read =
        TestClients.readAll(kafka, dlq, 2, Duration.ofSeconds(30));
    ConsumerRecord<byte[], byte[]> first = read.get(0);
    assertArrayEquals(text("job/j"), first.key());
    assertArrayEquals(text("a{\n"), first.value());
    assertEquals(ms(5), first.timestamp());
    assertEquals(
        List.of(
            "content-type=text/plain",
            "x=y",
            "error=text format parsing error in line 1: unexpected end of input stream",
            "source-topic=pushes",
            "source-partition=2",
            "source-offset=41"),
        headers(first));

    ConsumerRecord<byte[], byte[]> second = read.get(1);
    assertNull(second.key());
    assertNull(second.value());
    assertEquals(
        List.of(
            "error=record has no key",
            "source-topic=pushes",
            "source-partition=0",
            "source-offset=7"),
        headers(second));
  }

  private static List<String> headers(ConsumerRecord<byte[], byte[]> record) {
    List<String> out = new ArrayList<>();
    for (Header h : record.headers()) {
      out.add(h.key() + "=" + new String(h.value(), UTF_8));
    }
    return out;
  }
}
