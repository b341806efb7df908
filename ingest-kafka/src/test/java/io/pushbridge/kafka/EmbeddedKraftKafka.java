package io.pushbridge.kafka;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Properties;
import java.util.stream.Stream;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.common.utils.internals.Exit;

/**
 * A single-node KRaft broker (combined broker and controller) inside the test JVM, for machines
 * without Docker. Formats its storage like {@code kafka-storage.sh format --standalone}, then runs
 * {@link KafkaRaftServer}. Binds 127.0.0.1 only.
 */
public final class EmbeddedKraftKafka implements TestKafka {
  private static final int START_ATTEMPTS = 3;

  private final Properties config;
  private final Path dir;
  private final String bootstrapServers;
  private KafkaRaftServer server;

  private EmbeddedKraftKafka(KafkaRaftServer server, Properties config, Path dir, int brokerPort) {
    this.server = server;
    this.config = config;
    this.dir = dir;
    this.bootstrapServers = "127.0.0.1:" + brokerPort;
  }

  /**
   * Starts a broker on two free loopback ports. The controller port goes into the formatted voter
   * set, so it cannot be port 0; a port taken between probing and binding is retried.
   */
  public static EmbeddedKraftKafka start() {
    guardExit();
    RuntimeException last = null;
    for (int attempt = 0; attempt < START_ATTEMPTS; attempt++) {
      try {
        return start(freePort(), freePort());
      } catch (RuntimeException e) {
        last = e;
      }
    }
    throw new IllegalStateException("embedded Kafka did not start: " + last, last);
  }

  /**
   * A fatal broker error calls {@code Exit.halt}, which would kill the surefire fork without a
   * report; turn it into an exception in the broker thread instead.
   */
  private static void guardExit() {
    Exit.setHaltProcedure(
        (code, message) -> {
          throw new IllegalStateException("Kafka halted (" + code + "): " + message);
        });
    Exit.setExitProcedure(
        (code, message) -> {
          throw new IllegalStateException("Kafka exited (" + code + "): " + message);
        });
  }

  private static EmbeddedKraftKafka start(int brokerPort, int controllerPort) {
    Path dir;
    try {
      dir = Files.createTempDirectory("kraft-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try {
      Properties p = config(dir, brokerPort, controllerPort);
      Path cfg = dir.resolve("server.properties");
      try (OutputStream out = Files.newOutputStream(cfg)) {
        p.store(out, null);
      }
      ByteArrayOutputStream formatLog = new ByteArrayOutputStream();
      int rc =
          StorageTool.execute(
              new String[] {
                "format", "-t", Uuid.randomUuid().toString(), "-c", cfg.toString(), "--standalone"
              },
              new PrintStream(formatLog, true, StandardCharsets.UTF_8));
      if (rc != 0) {
        throw new IllegalStateException(
            "kafka-storage format failed (" + rc + "): " + formatLog.toString(StandardCharsets.UTF_8));
      }
      return new EmbeddedKraftKafka(run(p), p, dir, brokerPort);
    } catch (IOException | RuntimeException e) {
      deleteRecursively(dir);
      throw e instanceof RuntimeException r ? r : new UncheckedIOException((IOException) e);
    }
  }

  /** Returns once the broker is registered and unfenced. */
  private static KafkaRaftServer run(Properties config) {
    KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(config, false), Time.SYSTEM);
    try {
      server.startup();
    } catch (RuntimeException e) {
      stop(server);
      throw e;
    }
    return server;
  }

  /** Stops the broker as a crash-free shutdown would, keeping its log directory for {@link #restart}. */
  public synchronized void stop() {
    if (server != null) {
      stop(server);
      server = null;
    }
  }

  /** Starts the stopped broker again on the same ports and log directory. */
  public synchronized void restart() {
    if (server != null) {
      throw new IllegalStateException("the broker is running");
    }
    server = run(config);
  }

  /** The defaults that hurt on one node: replication 3, 50 offset partitions, 3 s join delay. */
  private static Properties config(Path dir, int brokerPort, int controllerPort) {
    Properties p = new Properties();
    p.put("process.roles", "broker,controller");
    p.put("node.id", "1");
    p.put("controller.quorum.bootstrap.servers", "127.0.0.1:" + controllerPort);
    p.put(
        "listeners",
        "PLAINTEXT://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
    p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPort);
    p.put("controller.listener.names", "CONTROLLER");
    p.put("inter.broker.listener.name", "PLAINTEXT");
    p.put("listener.security.protocol.map", "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT");
    p.put("log.dirs", dir.resolve("data").toString());
    p.put("offsets.topic.replication.factor", "1");
    p.put("offsets.topic.num.partitions", "1");
    p.put("transaction.state.log.replication.factor", "1");
    p.put("transaction.state.log.min.isr", "1");
    p.put("transaction.state.log.num.partitions", "1");
    p.put("share.coordinator.state.topic.replication.factor", "1");
    p.put("share.coordinator.state.topic.min.isr", "1");
    p.put("group.initial.rebalance.delay.ms", "0");
    p.put("num.partitions", "1");
    p.put("log.cleaner.dedupe.buffer.size", "2097152");
    p.put("num.network.threads", "2");
    p.put("num.io.threads", "2");
    return p;
  }

  private static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public String bootstrapServers() {
    return bootstrapServers;
  }

  @Override
  public synchronized void close() {
    try {
      stop();
    } finally {
      deleteRecursively(dir);
    }
  }

  private static void stop(KafkaRaftServer server) {
    server.shutdown();
    server.awaitShutdown();
  }

  private static void deleteRecursively(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + dir, e);
    }
  }
}
