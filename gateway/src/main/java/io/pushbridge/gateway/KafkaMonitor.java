package io.pushbridge.gateway;

import io.pushbridge.kafka.KafkaIngestConfig;
import io.pushbridge.store.SourcePartition;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;

/**
 * Asks the brokers every few seconds how far each partition of the push topics reaches, for the
 * lag gauge (end offset minus the offset the store holds) and for {@code /-/ready} with {@code
 * --kafka.ready-requires-broker}. Runs beside the ingest with its own admin client, so a scrape
 * never waits for a broker.
 */
final class KafkaMonitor implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(KafkaMonitor.class.getName());
  static final Duration INTERVAL = Duration.ofSeconds(2);
  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  /** Records of one partition not yet applied to the store. */
  record Lag(String topic, int partition, long records) {}

  private final KafkaIngestConfig config;
  private final Supplier<Map<SourcePartition, Long>> storedOffsets;
  private final Admin admin;
  private final ListOffsetsOptions listOptions;
  private final ScheduledExecutorService timer;
  private volatile List<Lag> lags = List.of();
  private volatile String problem = "Kafka brokers not reached yet";

  private KafkaMonitor(KafkaIngestConfig config, Supplier<Map<SourcePartition, Long>> storedOffsets) {
    this.config = config;
    this.storedOffsets = storedOffsets;
    this.admin = Admin.create(adminProperties(config));
    String isolation = config.consumerProperties().getOrDefault(ConsumerConfig.ISOLATION_LEVEL_CONFIG,
        ConsumerConfig.DEFAULT_ISOLATION_LEVEL);
    this.listOptions = new ListOffsetsOptions(IsolationLevel.valueOf(isolation.toUpperCase(Locale.ROOT)));
    this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "pushbridge-kafka-monitor");
      t.setDaemon(true);
      return t;
    });
  }

  static KafkaMonitor start(KafkaIngestConfig config, Supplier<Map<SourcePartition, Long>> storedOffsets) {
    KafkaMonitor m = new KafkaMonitor(config, storedOffsets);
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

  /** Per partition of the push topics, as of the last successful look; empty before the first. */
  List<Lag> lags() {
    return lags;
  }

  /** Why the brokers do not answer as they should, or null when they do. */
  String problem() {
    return problem;
  }

  private void refresh() {
    try {
      Map<String, TopicDescription> topics =
          admin.describeTopics(config.topics()).allTopicNames().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
      for (TopicDescription d : topics.values()) {
        for (TopicPartitionInfo p : d.partitions()) {
          latest.put(new TopicPartition(d.name(), p.partition()), OffsetSpec.latest());
        }
      }
      Map<TopicPartition, Long> ends = offsets(latest);
      Map<SourcePartition, Long> stored = storedOffsets.get();
      Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
      for (TopicPartition tp : ends.keySet()) {
        if (!stored.containsKey(new SourcePartition(tp.topic(), tp.partition()))) {
          earliest.put(tp, OffsetSpec.earliest());
        }
      }
      Map<TopicPartition, Long> starts = earliest.isEmpty() ? Map.of() : offsets(earliest);
      List<Lag> result = new ArrayList<>();
      ends.forEach((tp, end) -> {
        Long from = stored.get(new SourcePartition(tp.topic(), tp.partition()));
        long position = from != null ? from : starts.get(tp);
        result.add(new Lag(tp.topic(), tp.partition(), Math.max(0, end - position)));
      });
      result.sort((a, b) -> a.topic().equals(b.topic())
          ? Integer.compare(a.partition(), b.partition()) : a.topic().compareTo(b.topic()));
      lags = List.copyOf(result);
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

  private Map<TopicPartition, Long> offsets(Map<TopicPartition, OffsetSpec> specs)
      throws ExecutionException, InterruptedException, TimeoutException {
    Map<TopicPartition, Long> result = new HashMap<>();
    admin.listOffsets(specs, listOptions).all().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
        .forEach((tp, info) -> result.put(tp, info.offset()));
    return result;
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
