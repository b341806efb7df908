package io.pushbridge.kafka;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How the Kafka ingest runs ({@code --kafka.*} flags).
 *
 * @param bootstrapServers {@code host:port[,host:port...]} of the cluster
 * @param topics the push topics, at least one; null means {@link #DEFAULT_TOPIC}
 * @param groupId the consumer group; null means {@link #DEFAULT_GROUP_ID}
 * @param dlqTopic where invalid records go; null means the first topic plus {@code -dlq}
 * @param maxBodyBytes the largest record value accepted once decompressed ({@code
 *     --push.max-body-bytes})
 * @param consumerProperties passed to the consumer as they are, except the settings the ingest owns
 * @param producerProperties passed to the dead-letter producer as they are, except the settings
 *     the ingest owns
 */
public record KafkaIngestConfig(
    String bootstrapServers,
    List<String> topics,
    String groupId,
    String dlqTopic,
    long maxBodyBytes,
    Map<String, String> consumerProperties,
    Map<String, String> producerProperties) {

  public static final String DEFAULT_TOPIC = "pushbridge-metrics";
  public static final String DEFAULT_GROUP_ID = "pushbridge";
  public static final long DEFAULT_MAX_BODY_BYTES = 64L * 1024 * 1024;

  /** Consumer settings that decide correctness here, so a pass-through map may not change them. */
  public static final Set<String> OWNED_CONSUMER_KEYS =
      Set.of(
          "bootstrap.servers",
          "group.id",
          "enable.auto.commit",
          "auto.offset.reset",
          "key.deserializer",
          "value.deserializer");

  public static final Set<String> OWNED_PRODUCER_KEYS =
      Set.of("bootstrap.servers", "key.serializer", "value.serializer");

  private static final int MAX_TOPIC_LENGTH = 249;

  public KafkaIngestConfig {
    if (bootstrapServers == null || bootstrapServers.isBlank()) {
      throw new IllegalArgumentException("kafka bootstrap servers are required (host:port)");
    }
    topics = topics == null ? List.of(DEFAULT_TOPIC) : List.copyOf(topics);
    if (topics.isEmpty()) {
      throw new IllegalArgumentException("at least one kafka topic is required");
    }
    Set<String> seen = new HashSet<>();
    for (String topic : topics) {
      checkTopicName("kafka topic", topic);
      if (!seen.add(topic)) {
        throw new IllegalArgumentException("kafka topic " + topic + " is listed twice");
      }
    }
    groupId = groupId == null ? DEFAULT_GROUP_ID : groupId;
    if (groupId.isBlank()) {
      throw new IllegalArgumentException("kafka group id must not be blank");
    }
    dlqTopic = dlqTopic == null ? topics.get(0) + "-dlq" : dlqTopic;
    checkTopicName("kafka dead-letter topic", dlqTopic);
    if (topics.contains(dlqTopic)) {
      throw new IllegalArgumentException(
          "kafka dead-letter topic " + dlqTopic + " must not be one of the push topics");
    }
    if (maxBodyBytes < 1) {
      throw new IllegalArgumentException("max body bytes must be positive: " + maxBodyBytes);
    }
    consumerProperties = passThrough("consumer", consumerProperties, OWNED_CONSUMER_KEYS);
    producerProperties = passThrough("producer", producerProperties, OWNED_PRODUCER_KEYS);
  }

  /** Defaults for everything but the cluster address. */
  public static KafkaIngestConfig of(String bootstrapServers) {
    return new KafkaIngestConfig(
        bootstrapServers, null, null, null, DEFAULT_MAX_BODY_BYTES, Map.of(), Map.of());
  }

  /** Kafka's own rule: 1 to 249 of {@code [a-zA-Z0-9._-]}, and not {@code .} or {@code ..}. */
  private static void checkTopicName(String what, String topic) {
    if (topic == null || topic.isEmpty()) {
      throw new IllegalArgumentException(what + " must not be empty");
    }
    if (topic.equals(".") || topic.equals("..")) {
      throw new IllegalArgumentException(what + " cannot be \".\" or \"..\"");
    }
    if (topic.length() > MAX_TOPIC_LENGTH) {
      throw new IllegalArgumentException(
          what + " " + topic + " is longer than " + MAX_TOPIC_LENGTH + " characters");
    }
    for (int i = 0; i < topic.length(); i++) {
      char c = topic.charAt(i);
      boolean ok =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || c == '.'
              || c == '_'
              || c == '-';
      if (!ok) {
        throw new IllegalArgumentException(
            what + " " + topic + " has the character '" + c + "'; allowed are a-z A-Z 0-9 . _ -");
      }
    }
  }

  private static Map<String, String> passThrough(
      String client, Map<String, String> properties, Set<String> owned) {
    if (properties == null) {
      return Map.of();
    }
    List<String> clashes = new ArrayList<>();
    for (String key : properties.keySet()) {
      if (owned.contains(key)) {
        clashes.add(key);
      }
    }
    if (!clashes.isEmpty()) {
      clashes.sort(null);
      throw new IllegalArgumentException(
          "kafka " + client + " properties may not set " + String.join(", ", clashes)
              + ": the ingest sets them itself");
    }
    return Map.copyOf(properties);
  }
}
