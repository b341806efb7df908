package io.pushbridge.store;

import static io.pushbridge.store.Pushes.at;
import static io.pushbridge.store.Pushes.key;
import static io.pushbridge.store.Pushes.post;
import static io.pushbridge.store.Pushes.put;
import static io.pushbridge.store.Pushes.scrape;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pushbridge.model.GroupingKey;
import io.pushbridge.model.InconsistentMetricsException;
import io.pushbridge.model.Labels;
import io.pushbridge.model.Metric;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Group TTL: deadlines from pushes, expiry of whole groups through the write path, restarts. */
class GroupStoreExpiryTest {
  @TempDir Path dir;

  private final SettableClock clock = new SettableClock(at(0));

  private StoreConfig config(Duration defaultTtl) {
    return StoreConfig.of(dir).withDefaultTtl(defaultTtl).withClock(clock);
  }

  private static List<GroupingKey> keys(GroupStore store) {
    return store.groups().stream().map(GroupView::key).toList();
  }

  @Test
  void expiresTheWholeGroupAtItsDeadlineAndStaysGoneAfterRestart() throws Exception {
    try (GroupStore store = GroupStore.open(config(Duration.ofMinutes(5)))) {
      store.apply(put("job/a", "m 1\n# TYPE h histogram\nh_bucket{le=\"1\"} 1\nh_bucket{le=\"+Inf\"} 2\nh_sum 3\nh_count 2\n", at(0)));
      store.apply(put("job/b", "m 2\n", at(0)).withTtl(Duration.ZERO));
      clock.set(at(299));
      assertEquals(0, store.expireNow().get());
      assertEquals(List.of(key("job/a"), key("job/b")), keys(store));
      clock.set(at(300));
      assertEquals(1, store.expireNow().get());
      assertEquals(List.of(key("job/b")), keys(store));
      assertFalse(scrape(store.snapshot()).contains("job=\"a\""), scrape(store.snapshot()));
      assertEquals(3, store.stats().series());
    }
    clock.set(at(0));
    try (GroupStore store = GroupStore.open(config(Duration.ofMinutes(5)))) {
      assertEquals(List.of(key("job/b")), keys(store));
    }
  }

  @Test
  void aPushExtendsTheDeadline() throws Exception {
    try (GroupStore store = GroupStore.open(config(Duration.ofMinutes(5)))) {
      store.apply(put("job/a", "m 1\n", at(0)));
      store.apply(post("job/a", "n 1\n", at(200)));
      clock.set(at(499));
      assertEquals(0, store.expireNow().get());
      clock.set(at(500));
      assertEquals(1, store.expireNow().get());
      assertEquals(List.of(), keys(store));
    }
  }

  @Test
  void aFailedPushDoesNotExtendTheDeadline() throws Exception {
    try (GroupStore store = GroupStore.open(config(Duration.ofMinutes(5)))) {
      store.apply(put("job/a", "# TYPE m counter\nm 1\n", at(0)));
      store.apply(put("job/b", "# TYPE x counter\nx 1\n", at(0)).withTtl(Duration.ZERO));
      assertThrows(InconsistentMetricsException.class,
          () -> store.apply(put("job/a", "# TYPE x gauge\nx 1\n", at(200))));
      clock.set(at(300));
      assertEquals(1, store.expireNow().get());
      assertEquals(List.of(key("job/b")), keys(store));
    }
  }

  @Test
  void aPushsOwnTtlOverridesTheDefaultAndZeroMeansNever() throws Exception {
    try (GroupStore store = GroupStore.open(config(Duration.ofMinutes(5)))) {
      store.apply(put("job/long", "m 1\n", at(0)).withTtl(Duration.ofHours(1)));
      store.apply(put("job/never", "m 2\n", at(0)).withTtl(Duration.ZERO));
      store.apply(put("job/default", "m 3\n", at(0)));
      String text = scrape(store.snapshot());
      assertTrue(text.contains("""
          # HELP push_expiry_time_seconds Unix time at which Pushbridge deletes this group unless \
          it is pushed again (TTL).
          # TYPE push_expiry_time_seconds gauge
          push_expiry_time_seconds{instance="",job="default"} 1.7000003e+09
          push_expiry_time_seconds{instance="",job="long"} 1.7000036e+09
          """), text);
      assertFalse(text.contains("push_expiry_time_seconds{instance=\"\",job=\"never\"}"), text);
      clock.set(at(300));
      assertEquals(1, store.expireNow().get());
      clock.set(at(3600));
      assertEquals(1, store.expireNow().get());
      clock.set(at(1_000_000));
      assertEquals(0, store.expireNow().get());
      assertEquals(List.of(key("job/never")), keys(store));
    }
  }

  @Test
  void aPushWithoutTtlClearsTheDeadlineWhenThereIsNoDefault() throws Exception {
    try (GroupStore store = GroupStore.open(config(Duration.ZERO))) {
      store.apply(put("job/a", "m 1\n", at(0)).withTtl(Duration.ofMinutes(1)));
      assertTrue(scrape(store.snapshot()).contains("push_expiry_time_seconds{instance=\"\",job=\"a\"} 1.70000006e+09\n"));
      store.apply(post("job/a", "n 1\n", at(10)));
      assertFalse(scrape(store.snapshot()).contains("push_expiry_time_seconds"));
      clock.set(at(1_000_000));
      assertEquals(0, store.expireNow().get());
    }
  }

  @Test
  void theDeadlineGaugeIsReceivedWhenThePushThatSetItWasAlsoAfterRestart() throws Exception {
    try (GroupStore store = GroupStore.open(config(Duration.ZERO))) {
      store.apply(put("job/a", "m 1\n", at(5)).withTtl(Duration.ofMinutes(1)));
      assertEquals(at(5), expiryFamily(store).receiveTimeNanos());
      assertEquals(
          new Metric.Scalar(Labels.of("instance", "", "job", "a"), 1.700000065e9),
          expiryFamily(store).family().metrics().get(0));
    }
    try (GroupStore store = GroupStore.open(config(Duration.ZERO))) {
      assertEquals(at(5), expiryFamily(store).receiveTimeNanos());
    }
  }

  private static StoredFamily expiryFamily(GroupStore store) {
    return store.groups().get(0).families().stream()
        .filter(f -> f.family().name().equals(GroupState.EXPIRY_TIME))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void theDeadlineSurvivesARestartAndIsSweptWithoutATrigger() throws Exception {
    String before;
    try (GroupStore store = GroupStore.open(config(Duration.ZERO))) {
      store.apply(put("job/a", "m 1\n", at(0)).withTtl(Duration.ofMinutes(1)));
      store.apply(put("job/b", "m 1\n", at(0)));
      before = scrape(store.snapshot());
    }
    try (GroupStore store = GroupStore.open(config(Duration.ZERO))) {
      assertEquals(before, scrape(store.snapshot()));
      clock.set(at(60));
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (keys(store).size() != 1 && System.nanoTime() < deadline) {
        LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
      }
      assertEquals(List.of(key("job/b")), keys(store));
    }
    try (GroupStore store = GroupStore.open(config(Duration.ZERO))) {
      assertEquals(List.of(key("job/b")), keys(store));
    }
  }

  @Test
  void aHorizonBeforeTheDeadlineHoldsExpiryBackUntilItPassesIt() throws Exception {
    AtomicLong horizon = new AtomicLong(Long.MIN_VALUE);
    try (GroupStore store = GroupStore.open(config(Duration.ofMinutes(5)).withExpiryHorizon(horizon::get))) {
      store.apply(put("job/a", "m 1\n", at(0)));
      clock.set(at(1_000_000));
      assertEquals(0, store.expireNow().get());
      horizon.set(at(299));
      assertEquals(0, store.expireNow().get());
      assertEquals(List.of(key("job/a")), keys(store));
      horizon.set(at(300));
      assertEquals(1, store.expireNow().get());
      assertEquals(List.of(), keys(store));
    }
  }

  @Test
  void aHorizonPastTheClockLeavesTheClockInCharge() throws Exception {
    try (GroupStore store = GroupStore.open(config(Duration.ofMinutes(5)).withExpiryHorizon(() -> Long.MAX_VALUE))) {
      store.apply(put("job/a", "m 1\n", at(0)));
      clock.set(at(299));
      assertEquals(0, store.expireNow().get());
      clock.set(at(300));
      assertEquals(1, store.expireNow().get());
    }
  }

  @Test
  void theSweeperDeletesOnlyWhatTheHorizonHasPassed() throws Exception {
    AtomicLong horizon = new AtomicLong(Long.MIN_VALUE);
    try (GroupStore store = GroupStore.open(config(Duration.ZERO).withExpiryHorizon(horizon::get))) {
      store.apply(put("job/a", "m 1\n", at(0)).withTtl(Duration.ofMinutes(1)));
      store.apply(put("job/b", "m 1\n", at(0)).withTtl(Duration.ofMinutes(2)));
      clock.set(at(1_000_000));
      horizon.set(at(60));
      awaitKeys(store, List.of(key("job/b")));
      horizon.set(at(120));
      awaitKeys(store, List.of());
    }
  }

  private static void awaitKeys(GroupStore store, List<GroupingKey> expected) {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!keys(store).equals(expected) && System.nanoTime() < deadline) {
      LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
    }
    assertEquals(expected, keys(store));
  }

  @Test
  void aPushedFamilyNamedLikeTheGaugeIsKeptWithoutATtl() throws Exception {
    try (GroupStore store = GroupStore.open(config(Duration.ZERO))) {
      store.apply(put("job/a", "push_expiry_time_seconds 42\n", at(0)));
      assertTrue(scrape(store.snapshot()).contains("push_expiry_time_seconds{instance=\"\",job=\"a\"} 42\n"));
      store.apply(put("job/a", "push_expiry_time_seconds 42\n", at(0)).withTtl(Duration.ofSeconds(1)));
      assertTrue(scrape(store.snapshot()).contains("push_expiry_time_seconds{instance=\"\",job=\"a\"} 1.700000001e+09\n"));
    }
  }
}
