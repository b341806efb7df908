package io.pushbridge.kafka;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * A running Kafka broker for tests, whichever way it was started (embedded, container or external).
 * Shared by every test of a JVM: give each test its own topics ({@link #uniqueName}).
 */
public interface TestKafka extends AutoCloseable {

  /** {@code host:port} for {@code bootstrap.servers}. */
  String bootstrapServers();

  /** Stops the broker if this JVM started it. */
  @Override
  void close();

  /** A name no other test of this or an earlier run uses. */
  static String uniqueName(String prefix) {
    return prefix + "-" + UUID.randomUUID();
  }

  /** Creates topics with {@code partitions} partitions each and waits until they exist. */
  default void createTopics(int partitions, String... topics) {
    try (Admin admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()))) {
      List<NewTopic> newTopics =
          java.util.Arrays.stream(topics).map(t -> new NewTopic(t, partitions, (short) 1)).toList();
      admin.createTopics(newTopics).all().get(30, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("cannot create topics " + List.of(topics) + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while creating topics", e);
    }
  }
}
