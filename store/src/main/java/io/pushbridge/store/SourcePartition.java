package io.pushbridge.store;

import java.util.Objects;

/** A Kafka topic-partition whose consumed position the store keeps with the state. */
public record SourcePartition(String topic, int partition) {
  public SourcePartition {
    Objects.requireNonNull(topic, "topic");
  }
}
