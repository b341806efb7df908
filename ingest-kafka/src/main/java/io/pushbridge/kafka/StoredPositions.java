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
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;

/**
 * The consumer's positions as the store knows them: where to seek, what to commit (for lag
 * monitoring only, the store being the source of truth) and how far behind each partition is.
 * Consumer thread only.
 */
final class StoredPositions {
  private static final System.Logger LOG = System.getLogger(StoredPositions.class.getName());
  private static final long COMMIT_INTERVAL_NANOS = Duration.ofSeconds(1).toNanos();

  private final GroupStore store;
  private final Consumer<byte[], byte[]> consumer;
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
   * Lag from what the consumer knows without asking the broker: the end of each partition as of
   * its last fetch ({@code position + currentLag}) minus the store's next offset; partitions not
   * fetched yet are left out.
   */
  Map<SourcePartition, Long> lag() {
    Map<SourcePartition, Long> stored = store.storedOffsets();
    Map<SourcePartition, Long> lag = new HashMap<>();
    for (TopicPartition tp : consumer.assignment()) {
      OptionalLong behindPosition = consumer.currentLag(tp);
      if (behindPosition.isEmpty()) {
        continue;
      }
      long behind = behindPosition.getAsLong();
      Long next = stored.get(source(tp));
      if (next != null) {
        try {
          behind += Math.max(0, consumer.position(tp, Duration.ZERO) - next);
        } catch (TimeoutException e) {
          continue;
        }
      }
      lag.put(source(tp), behind);
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

  private static SourcePartition source(TopicPartition tp) {
    return new SourcePartition(tp.topic(), tp.partition());
  }
}
