package io.pushbridge.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KafkaIngestConfigTest {

  private static KafkaIngestConfig config(List<String> topics, String group, String dlq) {
    return new KafkaIngestConfig("127.0.0.1:9092", topics, group, dlq, 1000, Map.of(), Map.of());
  }

  private static String rejection(Runnable r) {
    return assertThrows(IllegalArgumentException.class, r::run).getMessage();
  }

  @Test
  void defaultsAreTheDesignsTopicGroupAndDeadLetterTopic() {
    KafkaIngestConfig c = KafkaIngestConfig.of("127.0.0.1:9092");
    assertEquals(List.of("pushbridge-metrics"), c.topics());
    assertEquals("pushbridge", c.groupId());
    assertEquals("pushbridge-metrics-dlq", c.dlqTopic());
    assertEquals(Map.of(), c.consumerProperties());
  }

  @Test
  void deadLetterTopicDefaultsToTheFirstTopicWithDlqSuffix() {
    assertEquals("a-dlq", config(List.of("a", "b"), null, null).dlqTopic());
  }

  @Test
  void rejectsMissingBootstrapServers() {
    assertEquals(
        "kafka bootstrap servers are required (host:port)",
        rejection(() -> new KafkaIngestConfig(" ", null, null, null, 1, null, null)));
  }

  @Test
  void rejectsNoTopics() {
    assertEquals("at least one kafka topic is required", rejection(() -> config(List.of(), null, null)));
  }

  @Test
  void rejectsInvalidTopicNames() {
    assertEquals(
        "kafka topic a/b has the character '/'; allowed are a-z A-Z 0-9 . _ -",
        rejection(() -> config(List.of("a/b"), null, null)));
    assertEquals(
        "kafka topic cannot be \".\" or \"..\"", rejection(() -> config(List.of(".."), null, null)));
    assertEquals(
        "kafka topic " + "t".repeat(250) + " is longer than 249 characters",
        rejection(() -> config(List.of("t".repeat(250)), null, null)));
    assertEquals(
        "kafka dead-letter topic must not be empty", rejection(() -> config(null, null, "")));
  }

  @Test
  void rejectsDuplicateTopics() {
    assertEquals(
        "kafka topic a is listed twice", rejection(() -> config(List.of("a", "a"), null, null)));
  }

  @Test
  void rejectsADeadLetterTopicThatIsAlsoConsumed() {
    assertEquals(
        "kafka dead-letter topic b must not be one of the push topics",
        rejection(() -> config(List.of("a", "b"), null, "b")));
  }

  @Test
  void rejectsBlankGroupId() {
    assertEquals("kafka group id must not be blank", rejection(() -> config(null, "", null)));
  }

  @Test
  void rejectsNonPositiveBodyLimit() {
    assertEquals(
        "max body bytes must be positive: 0",
        rejection(() -> new KafkaIngestConfig("h:1", null, null, null, 0, null, null)));
  }

  @Test
  void passThroughPropertiesMayNotOverrideTheSettingsTheIngestOwns() {
    assertEquals(
        "kafka consumer properties may not set enable.auto.commit, group.id: the ingest sets them itself",
        rejection(
            () ->
                new KafkaIngestConfig(
                    "h:1",
                    null,
                    null,
                    null,
                    1,
                    Map.of("group.id", "x", "enable.auto.commit", "true", "fetch.min.bytes", "1"),
                    null)));
    assertEquals(
        "kafka producer properties may not set value.serializer: the ingest sets them itself",
        rejection(
            () ->
                new KafkaIngestConfig(
                    "h:1", null, null, null, 1, null, Map.of("value.serializer", "x"))));
  }

  @Test
  void otherPassThroughPropertiesAreKept() {
    KafkaIngestConfig c =
        new KafkaIngestConfig(
            "h:1", null, null, null, 1, Map.of("fetch.min.bytes", "1"), Map.of("linger.ms", "5"));
    assertEquals(Map.of("fetch.min.bytes", "1"), c.consumerProperties());
    assertEquals(Map.of("linger.ms", "5"), c.producerProperties());
  }
}
