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
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import java.util.concurrent.CompletableFuture;

/**
 * Rough figures for the store alone (not a test; the budgets are measured end to end elsewhere):
 * a large store's heap and resident memory per series, full text streaming time and restart time;
 * then durable pushes of 10 series into that store with the check on and off, with a window of
 * requests in flight as concurrent HTTP workers would have, and their CPU cost.
 *
 * <p>Run: {@code java -cp <test classpath> io.pushbridge.store.StoreBenchmark [groups] [window]
 * [directory to keep the store in]}; then {@code ... StoreBenchmark reopen <that directory>} for
 * a start and resident memory in a fresh JVM, and {@code ... StoreBenchmark pushes <that
 * directory> <window> [series per push]} for pushes in a fresh JVM (10 series by default; more
 * go to the first 1,000 groups in ten families, shaped like {@code bench/}'s large bodies).
 */
public final class StoreBenchmark {
  private StoreBenchmark() {}

  public static void main(String[] args) throws Exception {
    if (args.length == 2 && args[0].equals("reopen")) {
      reopen(Path.of(args[1]));
      return;
    }
    if ((args.length == 3 || args.length == 4) && args[0].equals("pushes")) {
      int series = args.length == 4 ? Integer.parseInt(args[3]) : 10;
      pushesInFreshJvm(Path.of(args[1]), Integer.parseInt(args[2]), series);
      return;
    }
    int groups = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    int window = args.length > 1 ? Integer.parseInt(args[1]) : 256;
    Path big =
        args.length > 2 ? Path.of(args[2]) : Files.createTempDirectory("store-bench").resolve("big");
    try (GroupStore store = GroupStore.open(new StoreConfig(big, SyncMode.NONE, true, 100_000, Map.of()))) {
      long start = System.nanoTime();
      pushes(store, groups, 0, groups, window);
      System.out.printf(
          "filled %d groups, %d series in %.1f s%n",
          store.stats().groups(), store.stats().series(), (System.nanoTime() - start) / 1e9);
      heap("heap after fill", store.stats().series());
      for (int i = 0; i < 5; i++) {
        stream(store);
      }
    }
    settle();
    long start = System.nanoTime();
    long cpu = processCpuNanos();
    try (GroupStore store = GroupStore.open(StoreConfig.of(big))) {
      System.out.printf(
          "restart: open in %.2f s (%.2f s of CPU)%n",
          (System.nanoTime() - start) / 1e9, (processCpuNanos() - cpu) / 1e9);
      stream(store);
      System.out.printf(
          "restart until the first full scrape: %.2f s (%.2f s of CPU)%n",
          (System.nanoTime() - start) / 1e9, (processCpuNanos() - cpu) / 1e9);
      heap("heap after restart", store.stats().series());
      measurePushes(store, "check on", groups, window);
      heap("heap after the pushes", store.stats().series());
    }
    try (GroupStore store =
        GroupStore.open(new StoreConfig(big, SyncMode.ALWAYS, false, 100_000, Map.of()))) {
      measurePushes(store, "check off", groups, window);
    }
  }

  /**
   * A start in a fresh JVM, as the gateway starts: open a store filled by an earlier run, stream
   * it once, then heap and resident memory with nothing else in the process.
   */
  private static void reopen(Path dir) throws Exception {
    long start = System.nanoTime();
    long cpu = processCpuNanos();
    try (GroupStore store = GroupStore.open(StoreConfig.of(dir))) {
      stream(store);
      System.out.printf(
          "fresh JVM: open and first full scrape in %.2f s (%.2f s of CPU, JVM start excluded)%n",
          (System.nanoTime() - start) / 1e9, (processCpuNanos() - cpu) / 1e9);
      heap("heap and resident memory", store.stats().series());
    }
  }

  /**
   * The pushes alone in a fresh JVM, into a store filled by an earlier run: the JIT has seen only
   * pushes into existing groups, as in a gateway that has been running for a while.
   */
  private static void pushesInFreshJvm(Path dir, int window, int series) throws Exception {
    if (series != 10) {
      int groups = 1_000;
      try (GroupStore store = GroupStore.open(StoreConfig.of(dir))) {
        measureLargePushes(store, "fresh JVM, check on", groups, window, series);
      }
      try (GroupStore store =
          GroupStore.open(new StoreConfig(dir, SyncMode.ALWAYS, false, 100_000, Map.of()))) {
        measureLargePushes(store, "fresh JVM, check off", groups, window, series);
      }
      return;
    }
    try (GroupStore store = GroupStore.open(StoreConfig.of(dir))) {
      measurePushes(store, "fresh JVM, check on", (int) store.stats().groups(), window);
    }
    try (GroupStore store =
        GroupStore.open(new StoreConfig(dir, SyncMode.ALWAYS, false, 100_000, Map.of()))) {
      measurePushes(store, "fresh JVM, check off", (int) store.stats().groups(), window);
    }
  }

  /**
   * Durable pushes of {@code series} series each into {@code groups} groups round robin, after a
   * warm-up; CPU per push and per series, the building of the requests excluded.
   */
  private static void measureLargePushes(
      GroupStore store, String what, int groups, int window, int series) {
    int n = Math.max(3_000_000 / series, 100);
    largePushes(store, groups, 0, n, window, series);
    Measurement m = measure(n, i -> largeRequest(i % groups, i, series),
        () -> largePushes(store, groups, 1, n, window, series));
    CpuSplit used = m.used();
    long building = m.buildingNanos();
    double seconds = used.wallNanos / 1e9;
    double perPush = used.processNanos / 1e3 / n;
    double storePerPush = perPush - building / 1e3 / n;
    System.out.printf(
        "%s, store of %d series: %d pushes of %d series in %.2f s = %.0f series/s, window %d;"
            + " store CPU per push %.0f us (writer thread %.0f us, preparing %.0f us, GC %.0f us of"
            + " wall-clock time; building requests %.0f us excluded), so %.0f series/s per core"
            + " of store CPU%n",
        what, store.stats().series(), n, series, seconds, (double) n * series / seconds, window,
        storePerPush, used.writerNanos / 1e3 / n,
        (used.submittingNanos - building) / 1e3 / n, used.gcMillis * 1e3 / n, building / 1e3 / n,
        series * 1e6 / storePerPush);
  }

  /** CPU of building the requests alone, the benchmark's own work, and what the pushes then cost. */
  private record Measurement(long buildingNanos, CpuSplit used) {}

  /** Builds {@code n} requests and drops them (timing the building), then runs and splits {@code pushes}. */
  private static Measurement measure(int n, IntFunction<PushRequest> build, Runnable pushes) {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long building = threads.getCurrentThreadCpuTime();
    for (int i = 0; i < n; i++) {
      PushRequest unused = build.apply(i);
    }
    building = threads.getCurrentThreadCpuTime() - building;
    CpuSplit before = CpuSplit.now();
    pushes.run();
    return new Measurement(building, CpuSplit.now().minus(before));
  }

  private static void largePushes(
      GroupStore store, int groups, int round, int count, int window, int series) {
    submitWindowed(store, count, window, i -> largeRequest(i % groups, round * count + i, series));
  }

  /** Submits {@code count} requests with at most {@code window} in flight, and waits for all. */
  private static void submitWindowed(GroupStore store, int count, int window, IntFunction<PushRequest> request) {
    ArrayDeque<CompletableFuture<ApplyResult>> inFlight = new ArrayDeque<>();
    for (int i = 0; i < count; i++) {
      if (inFlight.size() == window) {
        inFlight.poll().join();
      }
      inFlight.add(store.submit(request.apply(i)));
    }
    inFlight.forEach(CompletableFuture::join);
  }

  private static final String[] METHODS = {"GET", "POST", "PUT", "DELETE", "PATCH"};
  private static final String[] CODES = {"200", "404", "500", "503"};

  /** Ten families, counters and gauges in turn, labelled like {@code bench/lua/pgw.lua}'s. */
  private static PushRequest largeRequest(int group, int seq, int series) {
    GroupingKey key = GroupingKey.of(Labels.of("job", "bench", "instance", "host-" + group));
    List<MetricFamily> families = new ArrayList<>(10);
    // One names array for the body's series, as the parsers hand them out.
    String[] names = {"code", "method", "path"};
    for (int f = 0; f < 10; f++) {
      boolean counter = f % 2 == 0;
      int n = series / 10 + (f < series % 10 ? 1 : 0);
      List<Metric> metrics = new ArrayList<>(n);
      for (int k = 0; k < n; k++) {
        Labels labels = Labels.ofSorted(
            names, new String[] {CODES[k / 5 % 4], METHODS[k % 5], "/api/v1/items/" + k});
        metrics.add(new Metric.Scalar(labels, counter ? 1000.0 * seq + 7 * k + f : seq + k / 7.0));
      }
      families.add(new MetricFamily(
          "bench_m" + f + (counter ? "_total" : ""), "Benchmark metric " + f + ".",
          counter ? MetricType.COUNTER : MetricType.GAUGE, metrics));
    }
    return new PushRequest(key, PushMethod.PUT, families, System.currentTimeMillis() * 1_000_000L);
  }

  /**
   * Durable pushes that replace a family of the stored groups, after a warm-up: wall-clock rate,
   * and CPU per push of the whole process, of the writer thread and of building the requests
   * (the benchmark's own work, not the store's).
   */
  private static void measurePushes(GroupStore store, String what, int groups, int window) {
    // Long enough for the JIT to have compiled the whole push path before the measurement.
    int n = 300_000;
    pushes(store, groups, 1, 300_000, window);
    Measurement m = measure(n, i -> request(i % groups, i), () -> pushes(store, groups, 2, n, window));
    CpuSplit used = m.used();
    long building = m.buildingNanos();
    double seconds = used.wallNanos / 1e9;
    double perPush = used.processNanos / 1e3 / n;
    double storePerPush = perPush - building / 1e3 / n;
    System.out.printf(
        "%s, store of %d series: %d pushes of 10 series in %.2f s = %.0f pushes/s, window %d;"
            + " CPU per push %.1f us (writer thread %.1f us, submitting thread %.1f us of which"
            + " building requests %.1f us, GC threads %.1f us, RocksDB's background threads"
            + " %.1f us; GC %.1f us of wall-clock time), so %.0f pushes/s per core of store CPU%n",
        what, store.stats().series(), n, seconds, n / seconds, window, perPush,
        used.writerNanos / 1e3 / n, used.submittingNanos / 1e3 / n, building / 1e3 / n,
        used.gcThreadNanos / 1e3 / n, used.rocksDbNanos / 1e3 / n, used.gcMillis * 1e3 / n,
        1e6 / storePerPush);
  }

  /**
   * Wall-clock time, process, writer-thread and this thread's CPU, GC time, and the CPU of the
   * JVM's GC threads and of RocksDB's background threads (flushes, compactions), at one moment or
   * between two.
   */
  private record CpuSplit(
      long wallNanos, long processNanos, long writerNanos, long submittingNanos, long gcMillis,
      long gcThreadNanos, long rocksDbNanos) {
    static CpuSplit now() {
      return new CpuSplit(System.nanoTime(), processCpuNanos(), writerCpuNanos(),
          ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime(), StoreBenchmark.gcMillis(),
          nativeThreadCpuNanos("GC Thread"), nativeThreadCpuNanos("rocksdb:"));
    }

    CpuSplit minus(CpuSplit earlier) {
      return new CpuSplit(wallNanos - earlier.wallNanos, processNanos - earlier.processNanos,
          writerNanos - earlier.writerNanos, submittingNanos - earlier.submittingNanos,
          gcMillis - earlier.gcMillis, gcThreadNanos - earlier.gcThreadNanos,
          rocksDbNanos - earlier.rocksDbNanos);
    }
  }

  /**
   * CPU time so far of this process's threads whose name starts with {@code prefix}, from
   * /proc (Linux, in ticks of USER_HZ = 100; 0 elsewhere): the JVM's GC threads and RocksDB's
   * are invisible to ThreadMXBean.
   */
  private static long nativeThreadCpuNanos(String prefix) {
    Path tasks = Path.of("/proc/self/task");
    if (!Files.isDirectory(tasks)) {
      return 0;
    }
    long ticks = 0;
    try (var threads = Files.list(tasks)) {
      for (Path t : (Iterable<Path>) threads::iterator) {
        try {
          if (!Files.readString(t.resolve("comm")).startsWith(prefix)) {
            continue;
          }
          String stat = Files.readString(t.resolve("stat"));
          String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ", -1);
          ticks += Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        } catch (IOException e) {
          // The thread ended between the listing and the read.
        }
      }
    } catch (IOException e) {
      return 0;
    }
    return ticks * 10_000_000L;
  }

  /** Pushes to groups round robin, the values offset by {@code round} so that each push changes them. */
  private static void pushes(GroupStore store, int groups, int round, int count, int window) {
    submitWindowed(store, count, window, i -> request(i % groups, round * count + i));
  }

  private static PushRequest request(int group, int seq) {
    GroupingKey key = GroupingKey.of(Labels.of("job", "bench", "instance", "host-" + group));
    List<Metric> metrics = new ArrayList<>(10);
    // New instances per request, as parsing a body makes them, with one names array for the
    // body's series, as the parsers hand them out.
    String[] names = {"code", "path"};
    for (int s = 0; s < 10; s++) {
      Labels labels = Labels.ofSorted(names, new String[] {"200", "/api/v1/endpoint/" + s});
      metrics.add(new Metric.Scalar(labels, seq + s));
    }
    MetricFamily family =
        new MetricFamily(
            new String("http_requests_total"), new String("Requests."), MetricType.COUNTER, metrics);
    return new PushRequest(key, PushMethod.PUT, List.of(family), System.currentTimeMillis() * 1_000_000L);
  }

  private static void stream(GroupStore store) throws IOException {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long start = System.nanoTime();
    long cpu = threads.getCurrentThreadCpuTime();
    Counting out = new Counting();
    for (FamilyView f : store.snapshot().families()) {
      f.writeText(out);
    }
    System.out.printf(
        "streamed %.1f MB of sample lines in %.3f s (%.3f s of CPU)%n",
        out.bytes / 1e6,
        (System.nanoTime() - start) / 1e9,
        (threads.getCurrentThreadCpuTime() - cpu) / 1e9);
  }

  @SuppressWarnings("JavaLangClash")
  private static void heap(String what, long series) throws InterruptedException, IOException {
    settle();
    Runtime rt = Runtime.getRuntime();
    long used = rt.totalMemory() - rt.freeMemory();
    long rss = residentBytes();
    System.out.printf(
        "%s: %.0f MB, %.0f B per series; process resident %.0f MB (%.0f B per series)%n",
        what, used / 1e6, (double) used / series, rss / 1e6, (double) rss / series);
  }

  /** Collects the garbage so far, so that it is neither counted nor collected in what follows. */
  @SuppressWarnings("JavaLangClash")
  private static void settle() throws InterruptedException {
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(200);
    }
  }

  /** VmRSS of this process (Linux), or 0 where /proc is absent. */
  private static long residentBytes() throws IOException {
    Path status = Path.of("/proc/self/status");
    if (!Files.exists(status)) {
      return 0;
    }
    for (String line : Files.readAllLines(status)) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
      }
    }
    return 0;
  }

  /** Time the collectors report having spent so far. */
  private static long gcMillis() {
    long total = 0;
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      total += Math.max(0, gc.getCollectionTime());
    }
    return total;
  }

  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  /** CPU time of the store's writer thread so far, 0 when not found. */
  private static long writerCpuNanos() {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    for (ThreadInfo t : threads.getThreadInfo(threads.getAllThreadIds())) {
      if (t != null && t.getThreadName().equals("pushbridge-store-writer")) {
        return threads.getThreadCpuTime(t.getThreadId());
      }
    }
    return 0;
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
