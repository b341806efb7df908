package io.pushbridge.store;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The requests {@link GroupStore}'s writer applied to memory but has not written yet, with their
 * outcomes and the source offsets to write with them.
 */
final class PendingWrites {
  final List<WriteTask> tasks = new ArrayList<>();
  final List<Object> outcomes = new ArrayList<>();
  final Map<SourcePartition, Long> offsets = new HashMap<>();

  void add(WriteTask task, Object outcome) {
    tasks.add(task);
    outcomes.add(outcome);
  }

  /** After the write: each request gets its own outcome, a failure of its own included. */
  @SuppressWarnings("unchecked")
  void completeAll() {
    for (int i = 0; i < tasks.size(); i++) {
      Object outcome = outcomes.get(i);
      if (outcome instanceof StoreException failure) {
        tasks.get(i).future().completeExceptionally(failure);
      } else if (outcome instanceof StoreState.Outcome o) {
        CompletableFuture<ApplyResult> f = (CompletableFuture<ApplyResult>) tasks.get(i).future();
        if (o.rejection() != null) {
          f.completeExceptionally(o.rejection());
        } else {
          f.complete(o.result());
        }
      } else {
        ((CompletableFuture<Object>) tasks.get(i).future()).complete(outcome);
      }
    }
    clear();
  }

  /** The write failed: every request of the batch fails with it. */
  void failAll(StoreFailureException failure) {
    for (WriteTask t : tasks) {
      t.future().completeExceptionally(failure);
    }
    clear();
  }

  private void clear() {
    tasks.clear();
    outcomes.clear();
    offsets.clear();
  }
}
