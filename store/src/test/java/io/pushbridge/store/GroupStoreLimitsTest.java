package io.pushbridge.store;

import static io.pushbridge.store.Pushes.at;
import static io.pushbridge.store.Pushes.put;
import static io.pushbridge.store.Pushes.scrape;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.pushbridge.model.InvalidPushException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Limits in the writer: typed refusals that change nothing but still move a Kafka offset on. */
class GroupStoreLimitsTest {
  @TempDir Path dir;

  private static final SourcePartition P0 = new SourcePartition("pushes", 0);

  @Test
  void aRefusedPushChangesNoGroupButAdvancesItsOffsetDurably() throws Exception {
    StoreConfig config = StoreConfig.of(dir).withLimits(new StoreLimits(1, 0, 0, 0, 0));
    String before;
    try (GroupStore store = GroupStore.open(config)) {
      store.submit(put("job/a", "m 1\n", at(0)), new SourceOffset(P0, 0)).get();
      before = scrape(store.snapshot());
      ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
          () -> store.submit(put("job/b", "m 1\n", at(1)), new SourceOffset(P0, 1)).get());
      CapacityLimitException refused = assertInstanceOf(CapacityLimitException.class, e.getCause());
      assertInstanceOf(InvalidPushException.class, refused);
      assertEquals(Limit.MAX_GROUPS, refused.limit());
      assertEquals(before, scrape(store.snapshot()));
      assertEquals(1L, store.limitRejections().get(Limit.MAX_GROUPS));
      assertEquals(0L, store.limitRejections().get(Limit.MAX_SERIES));
    }
    try (GroupStore store = GroupStore.open(config)) {
      assertEquals(before, scrape(store.snapshot()));
      assertEquals(Map.of(P0, 2L), store.storedOffsets());
    }
  }

  @Test
  void shapeLimitsAreShapeLimitExceptions() {
    try (GroupStore store = GroupStore.open(StoreConfig.of(dir).withLimits(new StoreLimits(0, 0, 0, 0, 2)))) {
      ShapeLimitException e = org.junit.jupiter.api.Assertions.assertThrows(ShapeLimitException.class,
          () -> store.apply(put("job/a", "m{x=\"1\"} 1\n", at(0))));
      assertEquals(Limit.MAX_LABELS_PER_SERIES, e.limit());
      assertEquals(0, store.stats().groups());
    }
  }
}
