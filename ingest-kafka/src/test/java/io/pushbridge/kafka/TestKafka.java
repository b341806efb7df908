package io.pushbridge.kafka;

import java.time.Duration;
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

  /**
   * Creates topics with {@code partitions} partitions each and waits until every partition has a
   * leader: a producer that writes to a partition whose leader is not yet elected gets an invalid
   * metadata error, and the idempotent producer's retry of it can end in an endless
   * out-of-order-sequence loop on a loaded machine.
   */
  default void createTopics(int partitions, String... topics) {
    try (Admin admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()))) {
      List<NewTopic> newTopics =
          java.util.Arrays.stream(topics).map(t -> new NewTopic(t, partitions, (short) 1)).toList();
      admin.createTopics(newTopics).all().get(30, TimeUnit.SECONDS);
      Await.until(Duration.ofSeconds(30), () -> allLed(admin, List.of(topics)),
          () -> "a leader for every partition of " + List.of(topics));
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("cannot create topics " + List.of(topics) + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while creating topics", e);
    }
  }

  /** False also while the topics' metadata cannot be read yet. */
  private static boolean allLed(Admin admin, List<String> topics) {
    try {
      return admin.describeTopics(topics).allTopicNames().get(30, TimeUnit.SECONDS).values().stream()
          .flatMap(d -> d.partitions().stream())
          .allMatch(p -> p.leader() != null && !p.leader().isEmpty());
    } catch (ExecutionException | TimeoutException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for partition leaders", e);
    }
  }
}
