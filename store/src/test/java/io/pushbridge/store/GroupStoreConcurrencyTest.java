package io.pushbridge.store;

import static io.pushbridge.store.Pushes.scrape;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.pushbridge.model.PushRequest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Threads pushing, posting and deleting overlapping groups. The queue is FIFO, so the outcome must
 * equal applying the requests one by one in queue order; that order is recorded by taking a
 * sequence number and submitting under one lock, while waiting for acknowledgements happens
 * outside it so that batches form.
 */
class GroupStoreConcurrencyTest {
  @TempDir Path dir;

  private static final int THREADS = 4;
  private static final int OPS_PER_THREAD = 300;
  private static final int GROUPS = 6;

  @Test
  void concurrentWritersEndInTheStateOfTheirQueueOrderAndSurviveRestart() throws Exception {
    List<PushRequest> queueOrder = new ArrayList<>();
    Object submitLock = new Object();
    String text;
    StoreStats stats;
    try (GroupStore store = GroupStore.open(StoreConfig.of(dir))) {
      ExecutorService pool = Executors.newFixedThreadPool(THREADS);
      List<Future<?>> workers = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        int thread = t;
        workers.add(
            pool.submit(
                () -> {
                  Random random = new Random(thread);
                  for (int i = 0; i < OPS_PER_THREAD; i++) {
                    CompletableFuture<ApplyResult> ack;
                    synchronized (submitLock) {
                      PushRequest request = randomRequest(random, thread, queueOrder.size());
                      queueOrder.add(request);
                      ack = store.submit(request);
                    }
                    ack.join();
                  }
                  return null;
                }));
      }
      for (Future<?> w : workers) {
        w.get();
      }
      pool.shutdown();
      text = scrape(store.snapshot());
      stats = store.stats();
    }
    try (GroupStore sequential = GroupStore.open(Pushes.memory())) {
      for (PushRequest r : queueOrder) {
        sequential.apply(r);
      }
      assertEquals(scrape(sequential.snapshot()), text);
    }
    try (GroupStore reopened = GroupStore.open(StoreConfig.of(dir))) {
      assertEquals(text, scrape(reopened.snapshot()));
      assertEquals(stats.groups(), reopened.stats().groups());
      assertEquals(stats.series(), reopened.stats().series());
      for (int g = 0; g < GROUPS; g++) {
        reopened.apply(Pushes.put("job/g" + g, "v{t=\"0\"} 1\n", Pushes.at(10_000)));
      }
    }
  }

  private static PushRequest randomRequest(Random random, int thread, int seq) {
    String path = "job/g" + random.nextInt(GROUPS);
    long nanos = Pushes.at(seq);
    return switch (random.nextInt(4)) {
      case 0 -> Pushes.delete(path, nanos);
      case 1 -> Pushes.post(path, "w{t=\"" + thread + "\"} " + seq + "\n", nanos);
      default ->
          Pushes.put(path, "v{t=\"" + thread + "\"} " + seq + "\nv{t=\"x\"} " + seq + "\n", nanos);
    };
  }
}
