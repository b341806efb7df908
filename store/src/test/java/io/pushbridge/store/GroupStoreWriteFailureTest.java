package io.pushbridge.store;

import static io.pushbridge.store.Pushes.at;
import static io.pushbridge.store.Pushes.put;
import static io.pushbridge.store.Pushes.scrape;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real RocksDB write failure, no mocks. Permissions do not stop a root process, so the store's
 * directory is moved away while it is open: writes still reach the open log file, until the full
 * memtable makes RocksDB create a new log in the directory it was opened in, which is gone. That
 * write fails, and RocksDB refuses writes from then on.
 */
class GroupStoreWriteFailureTest {
  @TempDir Path dir;

  @Test
  void failedWriteFailsTheRequestNamingOperationAndPathKeepsThePreviousStateAndShowsInStats() throws Exception {
    Path db = dir.resolve("db");
    Path moved = dir.resolve("moved");
    String acknowledged;
    try (GroupStore store = GroupStore.open(StoreConfig.of(db))) {
      store.apply(put("job/small", "m 1\n", at(0)));
      acknowledged = scrape(store.snapshot());
      Files.move(db, moved);
      StoreFailureException failure = null;
      for (int i = 1; i <= 64 && failure == null; i++) {
        try {
          store.apply(put("job/big", StoreFaults.memtableFillingBody(i), at(i)));
          acknowledged = scrape(store.snapshot());
        } catch (StoreFailureException e) {
          failure = e;
        }
      }
      assertNotNull(failure, "no write failed");
      assertTrue(failure.getMessage().startsWith("write of "), failure.getMessage());
      assertTrue(failure.getMessage().contains(" on " + db + ": "), failure.getMessage());
      assertTrue(failure.getMessage().contains(db.toString() + "/"), failure.getMessage());
      assertEquals(acknowledged, scrape(store.snapshot()));
      assertTrue(store.groups().stream().anyMatch(g -> g.key().equals(Pushes.key("job/small"))));
      assertEquals(1, store.stats().failedWrites());
      assertEquals(failure.getMessage(), store.stats().writeFailure());
      Files.move(moved, db);
    }
    try (GroupStore store = GroupStore.open(StoreConfig.of(db))) {
      assertEquals(acknowledged, scrape(store.snapshot()));
      store.apply(put("job/small", "m 2\n", at(100)));
      assertEquals(0, store.stats().failedWrites());
      assertEquals(null, store.stats().writeFailure());
    }
  }
}
