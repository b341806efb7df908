package io.pushbridge.kafka;

import java.util.Locale;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.testcontainers.DockerClientFactory;

/**
 * Resolves {@link TestKafka} parameters to one broker per test JVM, stopped when the engine ends.
 * {@code -Dkafka.test.bootstrap=host:port} uses a running broker; otherwise {@code
 * -Dkafka.test.mode=auto|embedded|container} (default auto: a container when Docker answers, else
 * the in-process KRaft broker).
 */
public final class KafkaBrokerExtension implements ParameterResolver {
  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(KafkaBrokerExtension.class);

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == TestKafka.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return context
        .getRoot()
        .getStore(NAMESPACE)
        .getOrComputeIfAbsent("broker", k -> new Holder(startBroker()), Holder.class)
        .kafka;
  }

  static TestKafka startBroker() {
    String external = System.getProperty("kafka.test.bootstrap", "");
    if (!external.isBlank()) {
      return new ExternalKafka(external.trim());
    }
    String mode = System.getProperty("kafka.test.mode", "auto").toLowerCase(Locale.ROOT);
    return switch (mode) {
      case "container" -> ContainerKafka.start();
      case "embedded" -> EmbeddedKraftKafka.start();
      case "auto" -> dockerAvailable() ? ContainerKafka.start() : EmbeddedKraftKafka.start();
      default ->
          throw new IllegalArgumentException(
              "kafka.test.mode must be auto, embedded or container: " + mode);
    };
  }

  private static boolean dockerAvailable() {
    try {
      return DockerClientFactory.instance().isDockerAvailable();
    } catch (RuntimeException | LinkageError e) {
      return false;
    }
  }

  /** Closes the broker at the end of the engine run (both interfaces: JUnit 5.13+ prefers AutoCloseable). */
  @SuppressWarnings("deprecation")
  private static final class Holder implements ExtensionContext.Store.CloseableResource, AutoCloseable {
    final TestKafka kafka;

    Holder(TestKafka kafka) {
      this.kafka = kafka;
    }

    @Override
    public void close() {
      kafka.close();
    }
  }

  /** A broker someone else runs: never stopped here. */
  private record ExternalKafka(String bootstrapServers) implements TestKafka {
    @Override
    public void close() {}
  }
}
