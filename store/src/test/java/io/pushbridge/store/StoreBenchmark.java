package io.pushbridge.store;

import io.pushbridge.model.GroupingKey;
import io.pushbridge.model.Labels;
import io.pushbridge.model.Metric;
import io.pushbridge.model.MetricFamily;
import io.pushbridge.model.MetricType;
import io.pushbridge.model.PushMethod;
import io.pushbridge.model.PushRequest;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Rough figures for the store alone (not a test; the budgets are measured end to end elsewhere):
 * pushes of 10 series per second with the check on and off, durable, with a window of requests in
 * flight as concurrent HTTP workers would have; then a large store's full text streaming time,
 * restart time and heap per series.
 *
 * <p>Run: {@code java -cp <test classpath> io.pushbridge.store.StoreBenchmark [groups] [window]}
 */
public final class StoreBenchmark {
  private StoreBenchmark() {}

  public static void main(String[] args) throws Exception {
    int groups = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    int window = args.length > 1 ? Integer.parseInt(args[1]) : 256;
    Path dir = Files.createTempDirectory("store-bench");
    for (boolean check : new boolean[] {true, false}) {
      Path d = dir.resolve("push-" + check);
      try (GroupStore store =
          GroupStore.open(new StoreConfig(d, SyncMode.ALWAYS, check, 100_000, Map.of()))) {
        pushes(store, 10_000, 30_000, window);
        long start = System.nanoTime();
        int n = pushes(store, 10_000, 200_000, window);
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf(
            "check=%s: %d pushes of 10 series in %.2f s = %.0f pushes/s (%.0f series/s), window %d%n",
            check, n, seconds, n / seconds, 10 * n / seconds, window);
      }
    }
    Path big = dir.resolve("big");
    try (GroupStore store = GroupStore.open(new StoreConfig(big, SyncMode.NONE, true, 100_000, Map.of()))) {
      long start = System.nanoTime();
      pushes(store, groups, groups, window);
      System.out.printf(
          "filled %d groups, %d series in %.1f s%n",
          store.stats().groups(), store.stats().series(), (System.nanoTime() - start) / 1e9);
      heap("heap after fill", store.stats().series());
      for (int i = 0; i < 5; i++) {
        stream(store);
      }
    }
    long start = System.nanoTime();
    try (GroupStore store = GroupStore.open(StoreConfig.of(big))) {
      stream(store);
      System.out.printf(
          "restart until the first full scrape: %.2f s%n", (System.nanoTime() - start) / 1e9);
      heap("heap after restart", store.stats().series());
    }
  }

  private static int pushes(GroupStore store, int groups, int count, int window) {
    ArrayDeque<CompletableFuture<ApplyResult>> inFlight = new ArrayDeque<>();
    for (int i = 0; i < count; i++) {
      if (inFlight.size() == window) {
        inFlight.poll().join();
      }
      inFlight.add(store.submit(request(i % groups, i)));
    }
    inFlight.forEach(CompletableFuture::join);
    return count;
  }

  private static PushRequest request(int group, int seq) {
    GroupingKey key = GroupingKey.of(Labels.of("job", "bench", "instance", "host-" + group));
    List<Metric> metrics = new ArrayList<>(10);
    for (int s = 0; s < 10; s++) {
      metrics.add(new Metric.Scalar(Labels.of("path", "/api/v1/endpoint/" + s, "code", "200"), seq + s));
    }
    MetricFamily family =
        new MetricFamily("http_requests_total", "Requests.", MetricType.COUNTER, metrics);
    return new PushRequest(key, PushMethod.PUT, List.of(family), System.currentTimeMillis() * 1_000_000L);
  }

  private static void stream(GroupStore store) throws IOException {
    long start = System.nanoTime();
    Counting out = new Counting();
    for (FamilyView f : store.snapshot().families()) {
      f.writeText(out);
    }
    System.out.printf(
        "streamed %.1f MB of sample lines in %.3f s%n", out.bytes / 1e6, (System.nanoTime() - start) / 1e9);
  }

  @SuppressWarnings("JavaLangClash")
  private static void heap(String what, long series) throws InterruptedException {
    Runtime rt = Runtime.getRuntime();
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(200);
    }
    long used = rt.totalMemory() - rt.freeMemory();
    System.out.printf("%s: %.0f MB, %.0f B per series%n", what, used / 1e6, (double) used / series);
  }

  private static final class Counting extends OutputStream {
    long bytes;

    @Override
    public void write(int b) {
      bytes++;
    }

    @Override
    public void write(byte[] b, int off, int len) {
      bytes += len;
    }
  }
}
