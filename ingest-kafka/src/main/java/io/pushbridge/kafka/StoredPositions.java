package io.pushbridge.kafka;

import io.pushbridge.store.GroupStore;
import io.pushbridge.store.SourcePartition;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * The consumer's positions as the store knows them: where to seek, what to commit (for lag
 * monitoring only, the store being the source of truth), how far behind each partition is and what
 * retention deleted before it was read. Consumer thread only, but {@link #skipped} for any.
 */
final class StoredPositions {
  private static final System.Logger LOG = System.getLogger(StoredPositions.class.getName());
  private static final long COMMIT_INTERVAL_NANOS = Duration.ofSeconds(1).toNanos();
  private static final Duration OFFSETS_WAIT = Duration.ofSeconds(30);

  private final GroupStore store;
  private final Consumer<byte[], byte[]> consumer;
  private final AtomicLong skipped = new AtomicLong();
  private long lastCommitNanos = System.nanoTime();

  StoredPositions(GroupStore store, Consumer<byte[], byte[]> consumer) {
    this.store = store;
    this.consumer = consumer;
  }

  /** Seeks each partition to the store's next offset, or to its beginning if none is stored. */
  void seek(Collection<TopicPartition> partitions) {
    Map<SourcePartition, Long> stored = store.storedOffsets();
    for (TopicPartition tp : partitions) {
      Long next = stored.get(source(tp));
      if (next == null) {
        consumer.seekToBeginning(List.of(tp));
      } else {
        consumer.seek(tp, next);
      }
    }
  }

  /**
   * The positions Kafka could not serve: below a partition's log start, retention deleted records
   * this gateway had not applied; they are gone for every reader, so they are counted, logged and
   * skipped. Beyond its end, the partition was truncated or re-created: read it again from its
   * beginning, as a fresh gateway would.
   */
  void skipDeleted(Map<TopicPartition, Long> outOfRange) {
    Map<TopicPartition, Long> starts = consumer.beginningOffsets(outOfRange.keySet(), OFFSETS_WAIT);
    for (Map.Entry<TopicPartition, Long> e : outOfRange.entrySet()) {
      TopicPartition tp = e.getKey();
      long wanted = e.getValue();
      long start = starts.get(tp);
      if (wanted < start) {
        skipped.addAndGet(start - wanted);
        LOG.log(Level.WARNING, "kafka partition " + tp + ": records " + wanted + " to " + (start - 1)
            + " were deleted (retention) before this gateway applied them; " + (start - wanted)
            + " records lost, continuing at offset " + start);
      } else {
        LOG.log(Level.WARNING, "kafka partition " + tp + ": offset " + wanted
            + " is past the partition's end (truncated or re-created); reading it again from offset " + start);
      }
      consumer.seek(tp, start);
    }
  }

  /** Records {@link #skipDeleted} found deleted before they were read, since the start. */
  long skipped() {
    return skipped.get();
  }

  /** Commits the stored offsets of the assignment asynchronously, at most once a second. */
  void commitIfDue() {
    long now = System.nanoTime();
    if (now - lastCommitNanos < COMMIT_INTERVAL_NANOS) {
      return;
    }
    lastCommitNanos = now;
    Map<TopicPartition, OffsetAndMetadata> offsets = stored(consumer.assignment());
    if (!offsets.isEmpty()) {
      consumer.commitAsync(
          offsets,
          (o, e) -> {
            if (e != null) {
              LOG.log(Level.DEBUG, "kafka offset commit (for lag monitoring only) failed", e);
            }
          });
    }
  }

  /**
   * Commits the stored offsets of {@code partitions} and waits at most {@code timeout}; a failure
   * is only logged.
   */
  void commitSync(Collection<TopicPartition> partitions, Duration timeout) {
    Map<TopicPartition, OffsetAndMetadata> offsets = stored(partitions);
    if (offsets.isEmpty()) {
      return;
    }
    try {
      consumer.commitSync(offsets, timeout);
    } catch (RuntimeException e) {
      LOG.log(Level.DEBUG, "kafka offset commit (for lag monitoring only) failed", e);
    }
  }

  /**
   * Per assigned partition, the offsets after the consumer's position up to the partition's end as
   * of its last fetch ({@code currentLag}), known without asking the broker; partitions not fetched
   * yet are left out.
   */
  Map<SourcePartition, Long> unread() {
    Map<SourcePartition, Long> unread = new HashMap<>();
    for (TopicPartition tp : consumer.assignment()) {
      OptionalLong behind = consumer.currentLag(tp);
      if (behind.isPresent()) {
        unread.put(source(tp), behind.getAsLong());
      }
    }
    return unread;
  }

  /**
   * Lag per partition: its {@link #unread} offsets plus the records taken from Kafka that the store
   * has not stored yet (up to {@code lastTaken}, the offset of the last record taken per
   * partition). Not the position minus the store's next offset: a transaction's commit marker moves
   * the position past an offset the store never sees, and such a partition would show a lag of one
   * for good.
   */
  Map<SourcePartition, Long> lag(Map<SourcePartition, Long> unread, Map<SourcePartition, Long> lastTaken) {
    Map<SourcePartition, Long> stored = store.storedOffsets();
    Map<SourcePartition, Long> lag = new HashMap<>();
    for (Map.Entry<SourcePartition, Long> e : unread.entrySet()) {
      long behind = e.getValue();
      Long next = stored.get(e.getKey());
      Long taken = lastTaken.get(e.getKey());
      if (next != null && taken != null) {
        behind += Math.max(0, taken + 1 - next);
      }
      lag.put(e.getKey(), behind);
    }
    return lag;
  }

  private Map<TopicPartition, OffsetAndMetadata> stored(Collection<TopicPartition> partitions) {
    Map<SourcePartition, Long> stored = store.storedOffsets();
    Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
    for (TopicPartition tp : partitions) {
      Long next = stored.get(source(tp));
      if (next != null) {
        offsets.put(tp, new OffsetAndMetadata(next));
      }
    }
    return offsets;
  }

  static SourcePartition source(TopicPartition tp) {
    return new SourcePartition(tp.topic(), tp.partition());
  }
}
