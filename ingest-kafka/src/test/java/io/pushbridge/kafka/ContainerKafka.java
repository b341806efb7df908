package io.pushbridge.kafka;

import org.testcontainers.kafka.KafkaContainer;

/** A broker in Docker ({@code apache/kafka} image, overridable with {@code -Dkafka.test.image}). */
final class ContainerKafka implements TestKafka {
  static final String DEFAULT_IMAGE = "apache/kafka:4.1.0";

  private final KafkaContainer container;

  private ContainerKafka(KafkaContainer container) {
    this.container = container;
  }

  static ContainerKafka start() {
    KafkaContainer container =
        new KafkaContainer(System.getProperty("kafka.test.image", DEFAULT_IMAGE));
    container.start();
    return new ContainerKafka(container);
  }

  @Override
  public String bootstrapServers() {
    return container.getBootstrapServers();
  }

  @Override
  public void close() {
    container.stop();
  }
}
