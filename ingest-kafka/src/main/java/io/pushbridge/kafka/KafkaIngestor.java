package io.pushbridge.kafka;

import io.pushbridge.store.GroupStore;
import io.pushbridge.store.SourcePartition;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetOutOfRangeException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Consumes push records into the store on one thread (design §2, §4). The store, not Kafka, holds
 * the position: every record's offset is written in the same RocksDB batch as its change, and on
 * assignment the consumer seeks to the store's offsets, so after a crash nothing is applied twice
 * and nothing is skipped. Kafka offsets are committed too, only so that lag monitoring works.
 *
 * <p>Undecodable records are published to the dead-letter topic before their offset is stored.
 * Records the store refuses (consistency check), or fails to apply alone, are published once that
 * is known; their offset is already stored by then, so a crash in between loses that dead-letter
 * copy (a refusal itself is durable as the group's {@code push_failure_time_seconds}).
 *
 * <p>Order. Records of one partition reach the store in offset order, and the store applies
 * requests in the order they reach its single write queue, so the records of one group (one key,
 * hence one partition) take effect in offset order. When the same group is also written over HTTP,
 * the store's arrival order decides, and only that: an HTTP push and a record are applied in the
 * order they were queued, whatever the record's timestamp. A record that arrives later replaces
 * (PUT), merges into (POST) or deletes the group as HTTP would at that moment, and its timestamp
 * becomes {@code push_time_seconds} even if an earlier HTTP push was stamped later. Nothing orders
 * the two sources beyond that: a producer and an HTTP pusher that both write a group must not
 * expect "last timestamp wins". Replaying the topic rebuilds the Kafka-only state, not the HTTP
 * writes in between.
 *
 * <p>Back-pressure. When the store's queue is full, consumption of every assigned partition pauses
 * (the consumer keeps polling, so the group membership stays alive) until the oldest request
 * handed over is done; at most one poll's worth of records waits in memory.
 *
 * <p>Broker outages. The consumer reconnects on its own; if its membership lapsed meanwhile, the
 * new assignment seeks to the store's offsets again. Dead-letter publication waits for the broker
 * (up to the producer's {@code delivery.timeout.ms}), then the partition is re-read from the stored
 * offsets; a poison record is never skipped without its dead-letter copy.
 *
 * <p>Expiry. A group's deadline is a record timestamp plus a TTL, and a record this gateway has
 * not read yet may have renewed it. {@link #readUpToNanos()} tells the store how far the ingest has
 * read in record time ({@link ReadHorizon}); passed as the store's expiry horizon, it keeps a
 * lagging or replaying gateway from deleting a group its unread records renew. It is lowered as
 * soon as records are taken, and held entirely while no partition is assigned. A partition caught
 * up as of its last fetch holds nothing back, so a replica cut off from its brokers expires on its
 * clock; and records are not ordered by timestamp (README, "High availability with Kafka").
 */
public final class KafkaIngestor implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(KafkaIngestor.class.getName());
  private static final Duration POLL = Duration.ofMillis(500);
  /** The longest wait before retrying records the full store queue refused. */
  private static final Duration OVERLOAD_BACKOFF = Duration.ofMillis(20);
  /** How long to wait before re-reading from the stored offsets after a failure. */
  private static final Duration FAILURE_BACKOFF = Duration.ofSeconds(1);
  /**
   * While the store's queue is full, how often to poll anyway (paused) for rebalances; polling
   * after every freed slot would cost a network round trip per record.
   */
  private static final long PAUSED_POLL_INTERVAL_NANOS = Duration.ofMillis(100).toNanos();
  /** Bounds on waiting for a broker that may be down: the store is right whatever happens. */
  private static final Duration SHUTDOWN_WAIT = Duration.ofSeconds(5);
  private static final Duration REBALANCE_COMMIT_WAIT = Duration.ofSeconds(10);
  private static final long LAG_INTERVAL_NANOS = Duration.ofMillis(100).toNanos();

  private final Consumer<byte[], byte[]> consumer;
  private final DeadLetterPublisher deadLetters;
  private final StoredPositions positions;
  private final RecordSubmitter submitter;
  private final Thread thread;
  private final AtomicBoolean running = new AtomicBoolean(true);

  /** Set when a store write failed: re-read every partition from the stored offsets. */
  private final AtomicBoolean rewind = new AtomicBoolean();
  private long lastPollNanos = System.nanoTime();
  private long lastLagNanos = System.nanoTime();

  private final AtomicLong consumed = new AtomicLong();
  private volatile Map<SourcePartition, Long> lag = Map.of();
  private volatile long lastRecordTimestampMs = -1;
  private volatile long lastConsumedAtMs = -1;
  /** Per partition, the offset of the last record taken from Kafka (consumer thread only). */
  private final Map<SourcePartition, Long> lastTaken = new HashMap<>();
  private volatile long readUpToNanos = Long.MIN_VALUE;

  private KafkaIngestor(
      GroupStore store,
      Consumer<byte[], byte[]> consumer,
      DeadLetterPublisher deadLetters,
      RecordDecoder decoder) {
    this.consumer = consumer;
    this.deadLetters = deadLetters;
    this.positions = new StoredPositions(store, consumer);
    this.submitter = new RecordSubmitter(store, deadLetters, decoder, () -> rewind.set(true));
    this.thread = new Thread(this::run, "pushbridge-kafka-ingest");
  }

  /** Subscribes to the configured topics and starts consuming into {@code store}. */
  public static KafkaIngestor start(KafkaIngestConfig config, GroupStore store) {
    DeadLetterPublisher deadLetters = DeadLetterPublisher.create(config);
    KafkaConsumer<byte[], byte[]> consumer;
    try {
      consumer =
          new KafkaConsumer<>(
              consumerProperties(config), new ByteArrayDeserializer(), new ByteArrayDeserializer());
    } catch (RuntimeException e) {
      deadLetters.close();
      throw e;
    }
    KafkaIngestor ingestor =
        new KafkaIngestor(store, consumer, deadLetters, new RecordDecoder(config.maxBodyBytes()));
    consumer.subscribe(config.topics(), ingestor.new Rebalance());
    ingestor.thread.start();
    return ingestor;
  }

  private static Map<String, Object> consumerProperties(KafkaIngestConfig config) {
    Map<String, Object> props = new HashMap<>(config.consumerProperties());
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
    props.put(ConsumerConfig.GROUP_ID_CONFIG, config.groupId());
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    // Every assigned partition is sought explicitly; "none" turns a stored offset that retention
    // deleted into an exception, so the loss is counted instead of reset over silently.
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "none");
    props.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, "pushbridge-ingest");
    return props;
  }

  public KafkaIngestStats stats() {
    return new KafkaIngestStats(
        consumed.get(),
        submitter.applied(),
        submitter.deadLettered(),
        submitter.storeFullPauses(),
        positions.skipped(),
        lag,
        lastRecordTimestampMs,
        lastConsumedAtMs);
  }

  /**
   * How far the ingest has read, in record time, as Unix nanoseconds, for the store's expiry
   * horizon ({@code StoreConfig.expiryHorizon}): {@link Long#MAX_VALUE} while every assigned
   * partition is caught up; while one is behind, the timestamp of the last record of it the store
   * has applied; {@link Long#MIN_VALUE} before the first assignment, while a partition behind has
   * had nothing applied since the start, and once closed. Refreshed every 100 ms; never blocks.
   */
  public long readUpToNanos() {
    return running.get() ? readUpToNanos : Long.MIN_VALUE;
  }

  /**
   * Stops consuming, waits for the store to acknowledge what was handed to it, dead-letters what
   * it refused and commits the final offsets. The store stays open: close it after this.
   */
  @Override
  public void close() {
    if (!running.getAndSet(false)) {
      return;
    }
    consumer.wakeup();
    boolean interrupted = false;
    while (thread.isAlive()) {
      try {
        thread.join();
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  private void run() {
    try {
      while (running.get()) {
        try {
          step();
        } catch (WakeupException e) {
          // close() asked to stop; the loop condition ends it.
        } catch (RuntimeException e) {
          LOG.log(Level.ERROR, "kafka ingest failed; re-reading from the stored offsets", e);
          rewind.set(true);
          backOff();
        }
      }
    } finally {
      shutDown();
    }
  }

  /** Waits before the retry; a consumer that fails even to poll must not end the ingest. */
  private void backOff() {
    try {
      pollPaused(FAILURE_BACKOFF);
    } catch (WakeupException e) {
      // close() asked to stop; the loop condition ends it.
    } catch (RuntimeException e) {
      LockSupport.parkNanos(FAILURE_BACKOFF.toNanos());
    }
  }

  private void step() {
    submitter.deadLetterRefused();
    if (rewind.getAndSet(false)) {
      rewindToStoredOffsets();
      pollPaused(FAILURE_BACKOFF);
      return;
    }
    if (!submitter.hasPending()) {
      consumer.resume(consumer.paused());
      take(poll(POLL));
    } else {
      awaitOldestInFlight();
      if (System.nanoTime() - lastPollNanos > PAUSED_POLL_INTERVAL_NANOS) {
        pollPaused(Duration.ZERO);
      }
    }
    submitter.handPendingToStore();
    submitter.forgetCompleted();
    if (System.nanoTime() - lastLagNanos > LAG_INTERVAL_NANOS) {
      positions.commitIfDue();
      Map<SourcePartition, Long> unread = positions.unread();
      lag = Map.copyOf(positions.lag(unread, lastTaken));
      refreshReadUpTo(unread);
      lastLagNanos = System.nanoTime();
    }
  }

  /** Recomputes the read horizon from each assigned partition's {@link StoredPositions#unread}. */
  private void refreshReadUpTo(Map<SourcePartition, Long> unread) {
    List<SourcePartition> assignment = new ArrayList<>();
    for (TopicPartition tp : consumer.assignment()) {
      assignment.add(StoredPositions.source(tp));
    }
    readUpToNanos = ReadHorizon.nanos(assignment, unread, lastTaken, submitter.lastStored());
  }

  /**
   * The store's queue was full: once the oldest request handed over is done there is room again.
   * If this ingest has nothing queued, others filled the queue; wait a little.
   */
  private void awaitOldestInFlight() {
    if (!submitter.awaitOldestInFlight(OVERLOAD_BACKOFF)) {
      pollPaused(OVERLOAD_BACKOFF);
    }
  }

  /** Waits without taking records, running rebalances and keeping the group membership alive. */
  private void pollPaused(Duration wait) {
    consumer.pause(consumer.assignment());
    take(poll(wait));
  }

  private ConsumerRecords<byte[], byte[]> poll(Duration wait) {
    try {
      return consumer.poll(wait);
    } catch (OffsetOutOfRangeException e) {
      positions.skipDeleted(e.offsetOutOfRangePartitions());
      return ConsumerRecords.empty();
    }
  }

  /** Records can still arrive from partitions assigned during a paused poll: keep them in order. */
  private void take(ConsumerRecords<byte[], byte[]> records) {
    lastPollNanos = System.nanoTime();
    if (records.isEmpty()) {
      return;
    }
    for (ConsumerRecord<byte[], byte[]> record : records) {
      submitter.add(record);
      lastRecordTimestampMs = record.timestamp();
    }
    // A partition records were taken from is behind until they are stored: lower the horizon now,
    // not at the next refresh, which a dead-letter publication can hold up for minutes.
    long horizon = readUpToNanos;
    for (TopicPartition tp : records.partitions()) {
      List<ConsumerRecord<byte[], byte[]>> of = records.records(tp);
      SourcePartition source = StoredPositions.source(tp);
      lastTaken.put(source, of.get(of.size() - 1).offset());
      horizon = Math.min(horizon, ReadHorizon.behindAt(submitter.lastStored().get(source)));
    }
    readUpToNanos = horizon;
    consumed.addAndGet(records.count());
    lastConsumedAtMs = System.currentTimeMillis();
  }

  /**
   * After a failed store write the consumer's positions are ahead of what is stored: wait until
   * the store has answered everything, drop what was not handed over, and read again from the
   * stored offsets.
   */
  private void rewindToStoredOffsets() {
    submitter.awaitInFlight();
    submitter.dropPending();
    positions.seek(consumer.assignment());
  }

  private void shutDown() {
    try {
      submitter.awaitInFlight();
      submitter.deadLetterRefused();
      positions.commitSync(consumer.assignment(), SHUTDOWN_WAIT);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "kafka ingest did not shut down cleanly", e);
    } finally {
      int left = submitter.refusedLeft();
      if (left > 0) {
        LOG.log(Level.ERROR, left + " records refused by the store were not dead-lettered");
      }
      consumer.close(CloseOptions.timeout(SHUTDOWN_WAIT));
      deadLetters.close(SHUTDOWN_WAIT);
    }
  }

  /** Called inside poll() on the consumer thread. */
  private final class Rebalance implements ConsumerRebalanceListener {
    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
      settle(partitions);
      positions.commitSync(partitions, REBALANCE_COMMIT_WAIT);
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> partitions) {
      settle(partitions);
    }

    /**
     * Waits for the store's answers to what was handed over and drops the records of {@code
     * partitions} that were not.
     */
    private void settle(Collection<TopicPartition> partitions) {
      // Until the next assignment, nothing is known of what is left to read (ReadHorizon).
      readUpToNanos = Long.MIN_VALUE;
      submitter.awaitInFlight();
      submitter.deadLetterRefused();
      submitter.dropPending(partitions);
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
      positions.seek(partitions);
      // Partitions just assigned have no lag known yet: they hold expiry back from now on, not
      // from the next refresh.
      refreshReadUpTo(positions.unread());
    }
  }
}
