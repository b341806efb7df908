package io.pushbridge.store;

import io.pushbridge.model.PushRequest;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The child process of {@link GroupStoreCrashTest}: threads push to their own groups with synced
 * writes, each waiting for one acknowledgement before the next request, and print every
 * acknowledgement as {@code ACK <thread> <seq>} only after it arrived. With {@code ballast}, one
 * more thread pushes ~2 MB groups of its own, so that RocksDB fills memtables and writes into
 * recycled log files. Runs until killed.
 */
public final class CrashPusher {
  private CrashPusher() {}

  static final int GROUPS_PER_THREAD = 3;

  static final String BALLAST = "job/ballast";

  /** Request {@code seq} (from 1) of {@code thread}: every fifth a DELETE, else a PUT of 3 series. */
  static PushRequest request(int thread, long seq) {
    String path = group(thread, seq);
    long nanos = Pushes.at((int) seq);
    if (seq % 5 == 0) {
      return Pushes.delete(path, nanos);
    }
    return Pushes.put(path, "v{s=\"a\"} " + seq + "\nv{s=\"b\"} " + seq + "\nv{s=\"c\"} " + seq + "\n", nanos);
  }

  static String group(int thread, long seq) {
    return "job/t" + thread + "/g/" + (seq % GROUPS_PER_THREAD);
  }

  static SourceOffset offset(int thread, long seq) {
    return new SourceOffset(new SourcePartition("crash", thread), seq);
  }

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    int threads = Integer.parseInt(args[1]);
    PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
    GroupStore store = GroupStore.open(StoreConfig.of(dir));
    List<Thread> workers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int thread = t;
      Thread worker =
          new Thread(
              () -> {
                for (long seq = 1; ; seq++) {
                  store.submit(request(thread, seq), offset(thread, seq)).join();
                  synchronized (out) {
                    out.println("ACK " + thread + " " + seq);
                    out.flush();
                  }
                }
              });
      worker.start();
      workers.add(worker);
    }
    if (args.length > 2 && args[2].equals("ballast")) {
      Thread ballast =
          new Thread(
              () -> {
                for (int i = 1; ; i++) {
                  store.submit(Pushes.put(BALLAST, StoreFaults.memtableFillingBody(i), Pushes.at(i))).join();
                }
              });
      ballast.start();
      workers.add(ballast);
    }
    for (Thread w : workers) {
      w.join();
    }
  }
}
