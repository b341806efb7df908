package io.pushbridge.store;

import io.pushbridge.model.GroupingKey;
import io.pushbridge.model.PushRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * The only place that holds state. One writer thread takes requests from a bounded queue in
 * arrival order, applies as many as are waiting (up to {@link #MAX_BATCH}) to the in-memory state,
 * writes all their changes and source offsets as one RocksDB batch (synced per {@link SyncMode}),
 * then publishes a new snapshot and completes their futures. If the write fails, every request of
 * the batch fails and memory is rolled back, so memory never runs ahead of disk.
 */
public final class GroupStore implements AutoCloseable {
  static final int MAX_BATCH = 1024;

  private final StoreConfig config;
  private final RocksDbAccess db;
  private final StoreState state;
  private final ArrayBlockingQueue<WriteTask> queue;
  private final Thread writer;
  private final Map<SourcePartition, Long> offsets = new ConcurrentHashMap<>();
  private final Object submitLock = new Object();
  private boolean closed;
  private volatile Snapshot snapshot;
  private volatile long lastBatchNanos;
  private volatile long lastSyncNanos;
  private final AtomicLong failedWrites = new AtomicLong();
  private volatile String writeFailure;
  private volatile long nextExpiryNanos = Long.MAX_VALUE;
  private final ExpirySweeper sweeper;
  private volatile Predicate<PushRequest> applyFault;
  /** The writer's batch, reused from flush to flush. */
  private final RocksDbAccess.Batch write = new RocksDbAccess.Batch();

  private GroupStore(StoreConfig config, RocksDbAccess db, StoreState state, Snapshot snapshot) {
    this.config = config;
    this.db = db;
    this.state = state;
    this.snapshot = snapshot;
    this.queue = new ArrayBlockingQueue<>(config.queueCapacity());
    this.writer = new Thread(this::runWriter, "pushbridge-store-writer");
    this.sweeper = new ExpirySweeper(this);
  }

  /**
   * Opens the store: RocksDB, then one scan of every group to rebuild memory.
   *
   * @throws StoreOpenException naming the path and the problem
   */
  public static GroupStore open(StoreConfig config) {
    RocksDbAccess db = RocksDbAccess.open(config.directory(), config.sync());
    try {
      StoreMeta.checkOrInitialise(db);
      StoreState state = new StoreState(config.consistencyCheck(), config.reservedFamilies(),
          config.defaultTtl(), config.limits());
      Recovery.loadGroups(db, state);
      Snapshot snapshot = Snapshot.EMPTY.with(state.commit(), state);
      GroupStore store = new GroupStore(config, db, state, snapshot);
      store.offsets.putAll(Recovery.loadOffsets(db));
      store.nextExpiryNanos = state.nextExpiryNanos();
      store.writer.start();
      store.sweeper.start();
      return store;
    } catch (RuntimeException e) {
      db.close();
      if (e instanceof StoreOpenException open) {
        throw open;
      }
      throw new StoreOpenException("cannot open the store in " + db.location() + ": " + e.getMessage(), e);
    }
  }

  /**
   * Applies a change and waits until it is durable and visible to the next snapshot.
   *
   * @throws io.pushbridge.model.InconsistentMetricsException when validation or the consistency
   *     check rejected the push (its failure time is recorded all the same)
   * @throws StoreOverloadedException when the queue is full
   * @throws StoreFailureException when RocksDB failed or the store is closed
   * @throws StoreApplyException when this request alone could not be applied (a bug)
   */
  public ApplyResult apply(PushRequest request) {
    return join(submit(request));
  }

  /**
   * Queues a change. The future completes once it is durable and visible, or fails with what
   * {@link #apply} throws.
   *
   * @throws StoreOverloadedException at once (not through the future) when the queue is full
   */
  public CompletableFuture<ApplyResult> submit(PushRequest request) {
    return submit(request, null);
  }

  /** As {@link #submit(PushRequest)}, storing {@code offset + 1} as the partition's next offset. */
  public CompletableFuture<ApplyResult> submit(PushRequest request, SourceOffset offset) {
    CompletableFuture<ApplyResult> future = new CompletableFuture<>();
    enqueue(new WriteTask(WriteTask.Kind.PUSH, PreparedPush.of(request), offset, future, null));
    return future;
  }

  /**
   * Stores {@code offset + 1} as the partition's next offset without changing any group: a Kafka
   * record that was refused before it reached the store (dead-lettered) still moves its partition
   * on, in order with the pushes queued before it.
   *
   * @throws StoreOverloadedException at once (not through the future) when the queue is full
   */
  public CompletableFuture<Void> submitOffset(SourceOffset offset) {
    Objects.requireNonNull(offset, "offset");
    CompletableFuture<Void> future = new CompletableFuture<>();
    enqueue(new WriteTask(WriteTask.Kind.OFFSET, null, offset, future, null));
    return future;
  }

  /** Deletes every group in one durable batch; completes with the number deleted. */
  public CompletableFuture<Integer> wipe() {
    CompletableFuture<Integer> future = new CompletableFuture<>();
    enqueue(new WriteTask(WriteTask.Kind.WIPE, null, null, future, null));
    return future;
  }

  /**
   * Deletes, in one durable batch, every group whose grouping labels {@code selector} accepts;
   * completes with the number deleted. The selector runs on the writer thread.
   */
  public CompletableFuture<Integer> deleteGroups(Predicate<GroupingKey> selector) {
    CompletableFuture<Integer> future = new CompletableFuture<>();
    enqueue(new WriteTask(WriteTask.Kind.WIPE, null, null, future, null, selector));
    return future;
  }

  /**
   * Deletes, in one durable batch, every group whose deadline has passed by the store's clock and
   * its {@linkplain StoreConfig#expiryHorizon() expiry horizon}; completes with the number deleted.
   * The store does this by itself about once a second; this is the trigger for those who cannot
   * wait (tests, an operator's clean-up).
   */
  public CompletableFuture<Integer> expireNow() {
    CompletableFuture<Integer> future = new CompletableFuture<>();
    enqueue(new WriteTask(WriteTask.Kind.EXPIRE, null, null, future, null));
    return future;
  }

  /** Pushes refused by each {@link StoreLimits} limit since the store opened. */
  public Map<Limit, Long> limitRejections() {
    return state.limitRejections();
  }

  /**
   * The time up to which deadlines are due, Unix nanoseconds: the clock's, unless the expiry
   * horizon is earlier.
   */
  long expiryCutoffNanos() {
    return Math.min(ExpirySweeper.nanos(config.clock()), config.expiryHorizon().getAsLong());
  }

  /** The earliest deadline of any group as of the last written batch; MAX_VALUE: none. */
  long nextExpiryNanos() {
    return nextExpiryNanos;
  }

  /** The state after the last written batch; never blocks the writer. */
  public ScrapeSnapshot snapshot() {
    return snapshot;
  }

  /** Every group in grouping-key byte order, decoded from the current snapshot. */
  public List<GroupView> groups() {
    return snapshot.groupViews();
  }

  /** The next offset to consume per topic-partition, as of the last written batch. */
  public Map<SourcePartition, Long> storedOffsets() {
    return Map.copyOf(offsets);
  }

  public StoreStats stats() {
    Snapshot s = snapshot;
    return new StoreStats(
        s.groupCount(), s.seriesCount(), queue.size(), lastBatchNanos, lastSyncNanos,
        failedWrites.get(), writeFailure);
  }

  /**
   * Applies everything queued so far, stops the writer and closes RocksDB, its memtables written
   * out so that the next start scans table files instead of replaying the log, and a compaction
   * RocksDB has pending done now rather than at the next start, see {@link
   * RocksDbAccess#compactGroupsIfPending()}.
   */
  @Override
  public void close() {
    sweeper.stop();
    synchronized (submitLock) {
      if (closed) {
        return;
      }
      closed = true;
      putUninterruptibly(new WriteTask(WriteTask.Kind.STOP, null, null, null, null));
    }
    boolean interrupted = false;
    while (writer.isAlive()) {
      try {
        writer.join();
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    try {
      db.flush();
      db.compactGroupsIfPending();
    } catch (StoreFailureException e) {
      // Only a faster next start is lost: the log holds every acknowledged write and is replayed.
    } finally {
      db.close();
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /**
   * Test hook: the writer takes this task, completes the returned future and waits for {@code
   * release} before it takes anything else.
   */
  CompletableFuture<Void> blockWriter(CountDownLatch release) {
    CompletableFuture<Void> blocked = new CompletableFuture<>();
    enqueue(new WriteTask(WriteTask.Kind.BLOCK, null, null, blocked, release));
    return blocked;
  }

  /**
   * Test hook: applying a request {@code fault} accepts fails as a bug in the apply would, so that
   * what callers do with a {@link StoreApplyException} can be tested; null turns it off.
   */
  void failApplyWhen(Predicate<PushRequest> fault) {
    applyFault = fault;
  }

  private void enqueue(WriteTask task) {
    synchronized (submitLock) {
      if (closed) {
        throw new StoreFailureException("submit on " + config.location() + ": the store is closed");
      }
      if (!queue.offer(task)) {
        throw new StoreOverloadedException(
            "the store's write queue is full (" + config.queueCapacity() + " requests)");
      }
    }
  }

  private void putUninterruptibly(WriteTask task) {
    boolean interrupted = false;
    while (true) {
      try {
        queue.put(task);
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  private static <T> T join(CompletableFuture<T> future) {
    try {
      return future.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException cause) {
        throw cause;
      }
      throw e;
    }
  }

  private void runWriter() {
    List<WriteTask> batch = new ArrayList<>(MAX_BATCH);
    PendingWrites pending = new PendingWrites();
    boolean running = true;
    while (running) {
      try {
        batch.add(queue.take());
      } catch (InterruptedException e) {
        continue;
      }
      queue.drainTo(batch, MAX_BATCH - 1);
      long start = System.nanoTime();
      for (WriteTask task : batch) {
        switch (task.kind()) {
          case PUSH -> pending.add(task, applySafely(task.request()));
          case WIPE -> pending.add(task, task.selector() == null ? state.wipe() : state.deleteIf(task.selector()));
          case EXPIRE -> pending.add(task, state.expire(expiryCutoffNanos()));
          case OFFSET -> pending.add(task, null);
          case BLOCK -> {
            flush(pending, start);
            task.future().complete(null);
            awaitUninterruptibly(task.release());
          }
          case STOP -> running = false;
        }
        if (task.offset() != null) {
          pending.offsets.merge(task.offset().partition(), task.offset().offset() + 1, (a, b) -> b);
        }
      }
      flush(pending, start);
      batch.clear();
    }
  }

  /**
   * A request the state could not apply because of a bug fails alone; apply changes memory only
   * through complete group replacements, so the state is still whole.
   */
  private Object applySafely(PreparedPush push) {
    try {
      Predicate<PushRequest> fault = applyFault;
      if (fault != null && fault.test(push.request())) {
        throw new IllegalStateException("apply fault injected by a test");
      }
      return state.apply(push);
    } catch (RuntimeException e) {
      return new StoreApplyException(
          "apply of " + push.request().key() + " on " + config.location() + ": " + e, e);
    }
  }

  private static void awaitUninterruptibly(CountDownLatch latch) {
    while (true) {
      try {
        latch.await();
        return;
      } catch (InterruptedException e) {
        // The hook only waits for its test.
      }
    }
  }

  /** Writes the pending changes, then publishes and acknowledges, or rolls back and fails. */
  private void flush(PendingWrites pending, long start) {
    if (pending.tasks.isEmpty()) {
      return;
    }
    RocksDbAccess.Batch write = this.write;
    write.clear();
    try {
      state.forEachChanged(
          (key, group) -> {
            if (group == null) {
              write.delete(RocksDbAccess.Cf.GROUPS, key.toBytes());
            } else {
              write.put(RocksDbAccess.Cf.GROUPS, key.toBytes(), group::encodeTo);
            }
          });
      for (Map.Entry<SourcePartition, Long> e : pending.offsets.entrySet()) {
        write.put(RocksDbAccess.Cf.OFFSETS, Recovery.offsetKey(e.getKey()), Recovery.offsetValue(e.getValue()));
      }
      long syncStart = System.nanoTime();
      db.write(write, config.sync() == SyncMode.ALWAYS);
      lastSyncNanos = System.nanoTime() - syncStart;
    } catch (RuntimeException e) {
      state.rollback();
      StoreFailureException failure =
          e instanceof StoreFailureException f
              ? f
              : new StoreFailureException("write on " + config.location() + ": " + e, e);
      failedWrites.incrementAndGet();
      writeFailure = failure.getMessage();
      pending.failAll(failure);
      return;
    }
    if (writeFailure != null) {
      writeFailure = null;
    }
    snapshot = snapshot.with(state.commit(), state);
    nextExpiryNanos = state.nextExpiryNanos();
    offsets.putAll(pending.offsets);
    lastBatchNanos = System.nanoTime() - start;
    pending.completeAll();
  }
}
