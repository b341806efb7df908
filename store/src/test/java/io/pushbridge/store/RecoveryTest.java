package io.pushbridge.store;

import static io.pushbridge.store.Pushes.at;
import static io.pushbridge.store.Pushes.put;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.pushbridge.model.InconsistentMetricsException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The start-up scan: decoding on the scanning thread (one core) or on others gives one state. */
class RecoveryTest {
  @TempDir Path dir;

  @Test
  void oneCoreAndParallelLoadingRebuildTheSameState() throws Exception {
    // More groups than one decoding batch, with deadlines, failures and summaries among them.
    int groups = 3000;
    StoreConfig config =
        StoreConfig.of(dir).withClock(new SettableClock(at(0))).withDefaultTtl(Duration.ofHours(1));
    try (GroupStore store = GroupStore.open(config)) {
      CompletableFuture<?> last = null;
      for (int g = 0; g < groups; g++) {
        String body =
            g % 3 == 0
                ? "# TYPE s summary\ns{quantile=\"0.5\"} " + g + "\ns_sum 1\ns_count 2\n"
                : "m{x=\"" + g + "\"} " + g + "\n# HELP n help " + (g % 7) + "\nn " + g + "\n";
        last = store.submit(put("job/j" + g + "/instance/i", body, at(g % 50)).withTtl(
            g % 2 == 0 ? Duration.ZERO : Duration.ofMinutes(g % 90 + 1)));
      }
      last.get();
      // A rejected push (m is untyped elsewhere) records a failure time: both times set.
      assertThrows(
          InconsistentMetricsException.class,
          () -> store.apply(put("job/j1/instance/i", "# TYPE m gauge\nm{x=\"1\"} 1\n", at(60))));
    }
    try (RocksDbAccess db = RocksDbAccess.open(dir, SyncMode.ALWAYS)) {
      StoreState oneCore = new StoreState(true, Map.of());
      Recovery.loadGroups(db, oneCore, 1);
      StoreState parallel = new StoreState(true, Map.of());
      Recovery.loadGroups(db, parallel, 2);

      assertEquals(groups, oneCore.groupCount());
      assertEquals(parallel.groupCount(), oneCore.groupCount());
      assertEquals(parallel.seriesCount(), oneCore.seriesCount());
      assertEquals(parallel.nextExpiryNanos(), oneCore.nextExpiryNanos());
      assertEquals(
          Pushes.scrape(Snapshot.EMPTY.with(parallel.commit(), parallel)),
          Pushes.scrape(Snapshot.EMPTY.with(oneCore.commit(), oneCore)));
      assertEquals(
          Snapshot.EMPTY.with(Set.of("m"), parallel).groupViews(),
          Snapshot.EMPTY.with(Set.of("m"), oneCore).groupViews());
      // The index works on both: a series another group holds is refused, a re-push accepted.
      for (StoreState state : new StoreState[] {oneCore, parallel}) {
        assertNotNull(
            state.apply(PreparedPush.of(put("job/j1", "m{x=\"1\",instance=\"i\"} 1\n", at(70))))
                .rejection());
        assertNull(
            state.apply(PreparedPush.of(put("job/j2/instance/i", "m{x=\"2\"} 3\n", at(70))))
                .rejection());
      }
    }
  }
}
