package io.pushbridge.kafka;

import io.pushbridge.model.InvalidPushException;
import io.pushbridge.model.PushRequest;
import io.pushbridge.store.GroupStore;
import io.pushbridge.store.SourceOffset;
import io.pushbridge.store.SourcePartition;
import io.pushbridge.store.StoreApplyException;
import io.pushbridge.store.StoreException;
import io.pushbridge.store.StoreOverloadedException;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * The records between a poll and the store, for {@link KafkaIngestor}'s consumer thread: hands
 * them to the store in poll order with their offsets, keeps the store's answers until they are
 * done, and dead-letters the records that do not decode or that the store refuses.
 */
final class RecordSubmitter {
  /** The ingest's own logger: its messages read the same wherever they come from. */
  private static final System.Logger LOG = System.getLogger(KafkaIngestor.class.getName());

  private final GroupStore store;
  private final DeadLetterPublisher deadLetters;
  private final RecordDecoder decoder;
  /** Told, on the consumer or the store's writer thread, that a store write failed. */
  private final Runnable storeFailed;

  /** Records taken from Kafka and not yet handed to the store, in poll order. */
  private final ArrayDeque<Pending> pending = new ArrayDeque<>();
  /** Store futures not yet known complete, in submission order (consumer thread only). */
  private final ArrayDeque<CompletableFuture<?>> inFlight = new ArrayDeque<>();
  /** Records the store refused, to be dead-lettered by the consumer thread. */
  private final ConcurrentLinkedQueue<Pending> refused = new ConcurrentLinkedQueue<>();
  /**
   * Per partition, the last record whose offset the store has stored: written where the store's
   * answers run, in the order the store answers, which is each partition's offset order.
   */
  private final Map<SourcePartition, ReadHorizon.Stored> lastStored = new ConcurrentHashMap<>();

  private final AtomicLong applied = new AtomicLong();
  private final AtomicLong deadLettered = new AtomicLong();
  private final AtomicLong storeFullPauses = new AtomicLong();

  RecordSubmitter(
      GroupStore store,
      DeadLetterPublisher deadLetters,
      RecordDecoder decoder,
      Runnable storeFailed) {
    this.store = store;
    this.deadLetters = deadLetters;
    this.decoder = decoder;
    this.storeFailed = storeFailed;
  }

  long applied() {
    return applied.get();
  }

  long deadLettered() {
    return deadLettered.get();
  }

  long storeFullPauses() {
    return storeFullPauses.get();
  }

  /** Per partition, the last record whose offset the store has stored; a live view. */
  Map<SourcePartition, ReadHorizon.Stored> lastStored() {
    return lastStored;
  }

  void add(ConsumerRecord<byte[], byte[]> record) {
    pending.add(new Pending(record));
  }

  boolean hasPending() {
    return !pending.isEmpty();
  }

  /** Drops the records not handed to the store yet: they will be read again. */
  void dropPending() {
    pending.clear();
  }

  void dropPending(Collection<TopicPartition> partitions) {
    pending.removeIf(p -> partitions.contains(p.partition()));
  }

  /**
   * Waits up to {@code wait} for the oldest request handed over; false, without waiting, when
   * none is in flight.
   */
  boolean awaitOldestInFlight(Duration wait) {
    CompletableFuture<?> oldest = inFlight.peek();
    if (oldest == null) {
      return false;
    }
    try {
      oldest.get(wait.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException e) {
      // Outcomes are handled by onStored; this only waits.
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return true;
  }

  void handPendingToStore() {
    while (!pending.isEmpty()) {
      try {
        submit(pending.peek());
      } catch (StoreOverloadedException e) {
        storeFullPauses.incrementAndGet();
        return;
      } catch (StoreException e) {
        LOG.log(Level.WARNING, "store refused a write; re-reading from the stored offsets", e);
        storeFailed.run();
        return;
      }
      pending.poll();
    }
  }

  /**
   * Hands one record to the store. Safe to repeat after a {@link StoreOverloadedException}: the
   * record is decoded and dead-lettered at most once.
   */
  private void submit(Pending p) {
    ConsumerRecord<byte[], byte[]> record = p.record;
    if (p.request == null && p.error == null) {
      try {
        p.request = decoder.decode(record);
      } catch (InvalidPushException e) {
        p.error = e.getMessage();
      }
    }
    SourceOffset offset = new SourceOffset(p.source, record.offset());
    if (p.error != null) {
      if (!p.deadLettered) {
        deadLetters.publish(record, p.error);
        p.deadLettered = true;
        deadLettered.incrementAndGet();
      }
      inFlight.add(store.submitOffset(offset).whenComplete((v, t) -> onStored(p, t)));
    } else {
      PushRequest request = p.request;
      inFlight.add(store.submit(request, offset).whenComplete((r, t) -> onStored(p, t)));
    }
  }

  /** Runs on the store's writer thread: count, or queue the work for the consumer thread. */
  private void onStored(Pending p, Throwable failure) {
    if (failure == null) {
      if (p.request != null) {
        applied.incrementAndGet();
      }
      stored(p);
      return;
    }
    Throwable cause = failure instanceof CompletionException c ? c.getCause() : failure;
    if (cause instanceof InvalidPushException) {
      stored(p);
      p.error = cause.getMessage();
      refused.add(p);
    } else if (cause instanceof StoreApplyException) {
      stored(p);
      // Its batch, with its offset, was written: read again, it would be skipped, not retried.
      LOG.log(Level.ERROR, "the store failed to apply a record; dead-lettering it", cause);
      p.error = cause.getMessage();
      refused.add(p);
    } else {
      storeFailed.run();
    }
  }

  /** The store wrote the record's offset; one without a timestamp keeps the one before. */
  private void stored(Pending p) {
    ConsumerRecord<byte[], byte[]> record = p.record;
    lastStored.merge(
        p.source,
        new ReadHorizon.Stored(record.offset(), record.timestamp()),
        (before, now) ->
            now.timestampMs() < 0 ? new ReadHorizon.Stored(now.offset(), before.timestampMs()) : now);
  }

  /** Refused records whose publication fails stay queued and are retried on the next step. */
  void deadLetterRefused() {
    for (Pending p; (p = refused.peek()) != null; ) {
      deadLetters.publish(p.record, p.error);
      deadLettered.incrementAndGet();
      refused.poll();
    }
  }

  /** How many refused records are still to be dead-lettered. */
  int refusedLeft() {
    return refused.size();
  }

  void forgetCompleted() {
    while (!inFlight.isEmpty() && inFlight.peek().isDone()) {
      inFlight.poll();
    }
  }

  void awaitInFlight() {
    for (CompletableFuture<?> f; (f = inFlight.poll()) != null; ) {
      try {
        f.join();
      } catch (CompletionException e) {
        // Handled by onStored.
      }
    }
  }

  /** A consumed record on its way to the store. */
  private static final class Pending {
    final ConsumerRecord<byte[], byte[]> record;
    final SourcePartition source;
    PushRequest request;
    volatile String error;
    boolean deadLettered;

    Pending(ConsumerRecord<byte[], byte[]> record) {
      this.record = record;
      this.source = new SourcePartition(record.topic(), record.partition());
    }

    TopicPartition partition() {
      return new TopicPartition(record.topic(), record.partition());
    }
  }
}
