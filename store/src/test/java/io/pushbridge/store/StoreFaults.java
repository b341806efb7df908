package io.pushbridge.store;

import io.pushbridge.model.PushRequest;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.function.Predicate;

/** Faults a store's callers must survive, for tests in other modules. */
public final class StoreFaults {
  private StoreFaults() {}

  /**
   * Applying a request {@code fault} accepts fails as a bug in the store's apply would: the request
   * fails alone with a {@link StoreApplyException} and the rest of its batch, its source offset
   * included, is written.
   */
  public static void failApplyWhen(GroupStore store, Predicate<PushRequest> fault) {
    store.failApplyWhen(fault);
  }

  /**
   * The writer writes what it has taken, completes the returned future and takes nothing more
   * until {@code release} opens: requests queue up behind it, as behind a slow disk.
   */
  public static CompletableFuture<Void> blockWriter(GroupStore store, CountDownLatch release) {
    return store.blockWriter(release);
  }

  /**
   * About 2 MB of sample lines that share no prefixes to speak of (random first label values): a
   * few fill RocksDB's 32 MiB memtable, so that RocksDB must create its next write-ahead log. With
   * the store's directory moved away while it is open, that write fails, a real RocksDB failure
   * after which it refuses every write until it is opened again.
   */
  public static String memtableFillingBody(int value) {
    Random random = new Random(value);
    StringBuilder body = new StringBuilder("# TYPE big gauge\n");
    for (int i = 0; i < 20_000; i++) {
      body.append("big{a=\"");
      for (int c = 0; c < 80; c++) {
        body.append((char) ('a' + random.nextInt(26)));
      }
      body.append("\"} ").append(value).append('\n');
    }
    return body.toString();
  }
}
