package io.pushbridge.store;

import static io.pushbridge.store.Pushes.at;
import static io.pushbridge.store.Pushes.put;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
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

  @Test
  void aRequestWhoseApplyFailsFailsAloneAndItsBatchWithItsOffsetIsWritten() throws Exception {
    SourcePartition partition = new SourcePartition("pushes", 0);
    try (GroupStore store = GroupStore.open(Pushes.memory())) {
      store.failApplyWhen(r -> r.key().equals(Pushes.key("job/bad")));
      CountDownLatch release = new CountDownLatch(1);
      store.blockWriter(release).get();
      CompletableFuture<ApplyResult> before =
          store.submit(put("job/a", "m 1\n", at(1)), new SourceOffset(partition, 10));
      CompletableFuture<ApplyResult> bad =
          store.submit(put("job/bad", "m 2\n", at(2)), new SourceOffset(partition, 11));
      CompletableFuture<ApplyResult> after =
          store.submit(put("job/b", "m 3\n", at(3)), new SourceOffset(partition, 12));
      release.countDown();
      before.get();
      after.get();
      ExecutionException e = assertThrows(ExecutionException.class, bad::get);
      StoreApplyException failure = assertInstanceOf(StoreApplyException.class, e.getCause());
      assertEquals(
          "apply of {job=\"bad\"} on in-memory store: java.lang.IllegalStateException: apply fault injected by a test",
          failure.getMessage());
      assertEquals(List.of("a", "b"), store.groups().stream().map(g -> g.key().job()).toList());
      assertEquals(Map.of(partition, 13L), store.storedOffsets());
    }
  }
}
