package io.pushbridge.gateway;

import io.pushbridge.kafka.KafkaIngestConfig;
import io.pushbridge.model.GoDuration;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * Asks the brokers every few seconds whether the push topics are there, for {@code /-/ready} with
 * {@code --kafka.ready-requires-broker}. The consumer does not tell whether it can reach its
 * brokers (it retries quietly), so this runs beside the ingest with its own admin client, and a
 * readiness probe never waits for a broker.
 */
final class KafkaMonitor implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(KafkaMonitor.class.getName());
  static final Duration INTERVAL = Duration.ofSeconds(2);
  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  private final KafkaIngestConfig config;
  private final Admin admin;
  private final ScheduledExecutorService timer;
  private volatile String problem = "Kafka brokers not reached yet";

  private KafkaMonitor(KafkaIngestConfig config) {
    this.config = config;
    this.admin = Admin.create(adminProperties(config));
    this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "pushbridge-kafka-monitor");
      t.setDaemon(true);
      return t;
    });
  }

  static KafkaMonitor start(KafkaIngestConfig config) {
    KafkaMonitor m = new KafkaMonitor(config);
    // refresh() handles its own failures; the future only ends with close().
    var unused = m.timer.scheduleWithFixedDelay(m::refresh, 0, INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
    return m;
  }

  /** The consumer's connection and security settings, as far as an admin client knows them. */
  private static Map<String, Object> adminProperties(KafkaIngestConfig config) {
    Map<String, Object> props = new HashMap<>();
    config.consumerProperties().forEach((k, v) -> {
      if (AdminClientConfig.configNames().contains(k)) {
        props.put(k, v);
      }
    });
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
    props.put(AdminClientConfig.CLIENT_ID_CONFIG, "pushbridge-monitor");
    props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
    props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
    return props;
  }

  /** Why the brokers do not answer as they should, or null when they do. */
  String problem() {
    return problem;
  }

  private void refresh() {
    try {
      admin.describeTopics(config.topics()).allTopicNames().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      if (problem != null) {
        LOG.log(Level.INFO, "Kafka brokers reached at " + config.bootstrapServers());
      }
      problem = null;
    } catch (ExecutionException e) {
      failed(String.valueOf(e.getCause().getMessage()));
    } catch (TimeoutException e) {
      failed("no answer within " + GoDuration.format(TIMEOUT));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      failed(e.toString());
    }
  }

  private void failed(String why) {
    String now = "Kafka brokers at " + config.bootstrapServers() + ": " + why;
    if (!now.equals(problem)) {
      LOG.log(Level.WARNING, now);
    }
    problem = now;
  }

  @Override
  public void close() {
    timer.shutdownNow();
    try {
      timer.awaitTermination(TIMEOUT.toMillis() * 3, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    // Nothing the monitor still asks for matters once the gateway stops.
    admin.close(Duration.ZERO);
  }
}
