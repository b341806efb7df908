package io.pushbridge.store;

import static io.pushbridge.store.Pushes.at;
import static io.pushbridge.store.Pushes.put;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/** The bounded queue in front of the single writer. */
class GroupStoreQueueTest {

  @Test
  void fullQueueRejectsAtOnceAndQueuedRequestsStillApply() throws Exception {
    int capacity = 4;
    try (GroupStore store =
        GroupStore.open(new StoreConfig(null, SyncMode.ALWAYS, true, capacity, Map.of()))) {
      CountDownLatch release = new CountDownLatch(1);
      store.blockWriter(release).get();
      List<CompletableFuture<ApplyResult>> queued = new ArrayList<>();
      for (int i = 0; i < capacity; i++) {
        queued.add(store.submit(put("job/j" + i, "m 1\n", at(i))));
      }
      assertEquals(capacity, store.stats().queueDepth());
      StoreOverloadedException e =
          assertThrows(
              StoreOverloadedException.class, () -> store.submit(put("job/late", "m 1\n", at(9))));
      assertEquals("the store's write queue is full (4 requests)", e.getMessage());
      assertThrows(StoreOverloadedException.class, store::wipe);
      release.countDown();
      for (CompletableFuture<ApplyResult> f : queued) {
        f.get();
      }
      assertEquals(capacity, store.groups().size());
      store.apply(put("job/late", "m 1\n", at(10)));
    }
  }

  @Test
  void requestsQueuedBehindEachOtherCommitInOneBatchInOrder() throws Exception {
    try (GroupStore store = GroupStore.open(Pushes.memory())) {
      CountDownLatch release = new CountDownLatch(1);
      store.blockWriter(release).get();
      CompletableFuture<ApplyResult> first = store.submit(put("job/a", "m 1\n", at(1)));
      CompletableFuture<ApplyResult> deleted = store.submit(Pushes.delete("job/a", at(2)));
      CompletableFuture<ApplyResult> last = store.submit(put("job/a", "m 3\n", at(3)));
      CompletableFuture<ApplyResult> conflicting =
          store.submit(put("job/b", "# TYPE m counter\nm 4\n", at(4)));
      release.countDown();
      first.get();
      deleted.get();
      last.get();
      assertThrows(java.util.concurrent.ExecutionException.class, conflicting::get);
      assertEquals(
          "# TYPE m untyped\nm{instance=\"\",job=\"a\"} 3\n",
          Pushes.scrapePushed(store.snapshot()));
      assertEquals(1.700000004e9, store.groups().get(1).failureTimeSeconds());
    }
  }
}
