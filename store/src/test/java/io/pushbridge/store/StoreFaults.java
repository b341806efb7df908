package io.pushbridge.store;

import io.pushbridge.model.PushRequest;
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
}
