package io.pushbridge.store;

import io.pushbridge.model.GroupingKey;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.function.Predicate;

/** A request queued for {@link GroupStore}'s writer thread. */
record WriteTask(
    Kind kind,
    PreparedPush request,
    SourceOffset offset,
    CompletableFuture<?> future,
    CountDownLatch release,
    Predicate<GroupingKey> selector) {
  WriteTask(Kind kind, PreparedPush request, SourceOffset offset, CompletableFuture<?> future,
      CountDownLatch release) {
    this(kind, request, offset, future, release, null);
  }

  enum Kind {
    PUSH,
    OFFSET,
    WIPE,
    EXPIRE,
    BLOCK,
    STOP
  }
}
