package io.pushbridge.store;

import static io.pushbridge.store.Pushes.at;
import static io.pushbridge.store.Pushes.delete;
import static io.pushbridge.store.Pushes.key;
import static io.pushbridge.store.Pushes.post;
import static io.pushbridge.store.Pushes.put;
import static io.pushbridge.store.Pushes.scrape;
import static io.pushbridge.store.Pushes.scrapePushed;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.pushbridge.model.InconsistentMetricsException;
import io.pushbridge.model.PushMethod;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** PUT, POST, DELETE and the synthetic metrics as upstream has them (spec §3, §6). */
class GroupStoreSemanticsTest {
  @TempDir Path dir;
  private GroupStore store;

  private GroupStore open() {
    store = GroupStore.open(StoreConfig.of(dir));
    return store;
  }

  @AfterEach
  void close() {
    if (store != null) {
      store.close();
    }
  }

  @Test
  void putCreatesGroupWithPushTimeAndZeroFailureTime() {
    open().apply(put("job/a", "# HELP m1 first\nm1 1\nm2 2\n", at(0)));
    assertEquals(
        """
        # HELP m1 first
        # TYPE m1 untyped
        m1{instance="",job="a"} 1
        # TYPE m2 untyped
        m2{instance="",job="a"} 2
        # HELP push_failure_time_seconds Last Unix time when changing this group in the Pushgateway failed.
        # TYPE push_failure_time_seconds gauge
        push_failure_time_seconds{instance="",job="a"} 0
        # HELP push_time_seconds Last Unix time when changing this group in the Pushgateway succeeded.
        # TYPE push_time_seconds gauge
        push_time_seconds{instance="",job="a"} 1.7e+09
        """,
        scrape(store.snapshot()));
  }

  @Test
  void putReplacesTheWholeGroup() {
    open().apply(put("job/a", "m1 1\nm2 2\n", at(0)));
    store.apply(put("job/a", "m2 3\nm3 4\n", at(1)));
    assertEquals(
        """
        # TYPE m2 untyped
        m2{instance="",job="a"} 3
        # TYPE m3 untyped
        m3{instance="",job="a"} 4
        """,
        scrapePushed(store.snapshot()));
  }

  @Test
  void postReplacesOnlySameNamedFamiliesAndKeepsOthersReceiveTime() {
    open().apply(put("job/a", "m1 1\nm2{x=\"1\"} 2\nm2{x=\"2\"} 2\n", at(0)));
    ApplyResult result = store.apply(post("job/a", "m2{x=\"3\"} 3\nm3 4\n", at(5)));
    assertEquals(new ApplyResult(key("job/a"), PushMethod.POST, at(5)), result);
    assertEquals(
        """
        # TYPE m1 untyped
        m1{instance="",job="a"} 1
        # TYPE m2 untyped
        m2{instance="",job="a",x="3"} 3
        # TYPE m3 untyped
        m3{instance="",job="a"} 4
        """,
        scrapePushed(store.snapshot()));
    GroupView group = store.groups().get(0);
    assertEquals(1.700000005e9, group.pushTimeSeconds());
    Map<String, Long> receive = new java.util.TreeMap<>();
    group.families().forEach(f -> receive.put(f.family().name(), f.receiveTimeNanos()));
    assertEquals(at(0), receive.get("m1"));
    assertEquals(at(5), receive.get("m2"));
    assertEquals(at(5), receive.get("m3"));
  }

  @Test
  void deleteRemovesOnlyTheExactGroupAndIgnoresAbsentOnes() {
    open().apply(put("job/x", "m 1\n", at(0)));
    store.apply(put("job/x/instance/i", "m 2\n", at(0)));
    store.apply(delete("job/x", at(1)));
    store.apply(delete("job/nothing", at(1)));
    assertEquals(
        """
        # TYPE m untyped
        m{instance="i",job="x"} 2
        """,
        scrapePushed(store.snapshot()));
    assertEquals(List.of(key("job/x/instance/i")), store.groups().stream().map(GroupView::key).toList());
  }

  @Test
  void emptyPutRemovesFamiliesButKeepsTheGroup() {
    open().apply(put("job/a", "m1 1\n", at(0)));
    store.apply(put("job/a", "# TYPE only_type gauge\n", at(2)));
    assertEquals("", scrapePushed(store.snapshot()));
    GroupView group = store.groups().get(0);
    assertEquals(1.700000002e9, group.pushTimeSeconds());
    assertEquals(
        List.of("push_failure_time_seconds", "push_time_seconds"),
        group.families().stream().map(f -> f.family().name()).toList());
  }

  @Test
  void emptyPostOnlyRefreshesPushTimeAndCreatesAbsentGroup() {
    open().apply(put("job/a", "m1 1\n", at(0)));
    store.apply(post("job/a", "", at(3)));
    store.apply(post("job/b", "", at(4)));
    assertEquals("# TYPE m1 untyped\nm1{instance=\"\",job=\"a\"} 1\n", scrapePushed(store.snapshot()));
    assertEquals(1.700000003e9, store.groups().get(0).pushTimeSeconds());
    assertEquals(1.700000004e9, store.groups().get(1).pushTimeSeconds());
  }

  @Test
  void rejectedPushKeepsFamiliesAndRecordsFailureTime() {
    open().apply(put("job/a", "m1 1\n", at(0)));
    store.apply(put("job/b", "m2 1\n", at(0)));
    InconsistentMetricsException e =
        assertThrows(
            InconsistentMetricsException.class,
            () -> store.apply(put("job/a", "# TYPE m2 counter\nm2 5\n", at(7))));
    assertEquals(
        "pushed metrics are invalid or inconsistent with existing metrics: collected metric \"m2\" {"
            + " label:<name:\"instance\" value:\"\" > label:<name:\"job\" value:\"a\" >"
            + " counter:<value:5 > } is not a UNTYPED",
        e.getMessage());
    GroupView a = store.groups().get(0);
    assertEquals(1.7e9, a.pushTimeSeconds());
    assertEquals(1.700000007e9, a.failureTimeSeconds());
    assertEquals(
        """
        # TYPE m1 untyped
        m1{instance="",job="a"} 1
        # TYPE m2 untyped
        m2{instance="",job="b"} 1
        """,
        scrapePushed(store.snapshot()));
  }

  @Test
  void rejectedPushToAbsentGroupCreatesItWithPushTimeZero() {
    open();
    assertThrows(
        InconsistentMetricsException.class, () -> store.apply(put("job/t", "m 1 1000\n", at(9))));
    assertEquals(
        """
        # HELP push_failure_time_seconds Last Unix time when changing this group in the Pushgateway failed.
        # TYPE push_failure_time_seconds gauge
        push_failure_time_seconds{instance="",job="t"} 1.700000009e+09
        # HELP push_time_seconds Last Unix time when changing this group in the Pushgateway succeeded.
        # TYPE push_time_seconds gauge
        push_time_seconds{instance="",job="t"} 0
        """,
        scrape(store.snapshot()));
  }

  @Test
  void rejectedPushDoesNotCreateGroupWhosePushTimeSeriesAnotherGroupHolds() {
    open().apply(put("job/a", "m 1\n", at(0)));
    String before = scrape(store.snapshot());
    for (String body : List.of("m 2\n", "", "n 1 1000\n")) {
      assertThrows(
          InconsistentMetricsException.class,
          () -> store.apply(put("job/a/instance/", body, at(1))));
    }
    assertEquals(before, scrape(store.snapshot()));
    assertEquals(1, store.groups().size());
    store.apply(put("job/b", "n 1\n", at(2)));
    assertEquals(2, store.groups().size());
  }

  @Test
  void rejectedPushWithATtlDoesNotCreateGroupWhoseDeadlineSeriesAnotherGroupHolds() {
    String deadlineLike = "# TYPE push_expiry_time_seconds gauge\npush_expiry_time_seconds{x=\"1\"} 5\n";
    open().apply(put("job/a", deadlineLike, at(0)));
    String before = scrape(store.snapshot());
    assertThrows(
        InconsistentMetricsException.class,
        () -> store.apply(put("job/a/x/1", "m 1\n", at(1)).withTtl(Duration.ofHours(1))));
    assertEquals(before, scrape(store.snapshot()));
    assertEquals(1, store.groups().size());
  }

  @Test
  void zeroSyntheticFamilyIsReceivedWhenItsGroupWasCreatedAlsoAfterReopening() {
    open().apply(put("job/a", "m 1\n", at(1)));
    store.apply(post("job/a", "n 1\n", at(2)));
    assertThrows(
        InconsistentMetricsException.class, () -> store.apply(put("job/t", "m 1 1000\n", at(3))));
    assertThrows(
        InconsistentMetricsException.class, () -> store.apply(put("job/t", "m 1 1000\n", at(4))));
    Map<String, Long> expected = Map.of(
        "job/a push_time_seconds", at(2), "job/a push_failure_time_seconds", at(1),
        "job/t push_time_seconds", at(3), "job/t push_failure_time_seconds", at(4));
    assertEquals(expected, syntheticReceiveTimes());
    store.close();
    open();
    assertEquals(expected, syntheticReceiveTimes());
  }

  private Map<String, Long> syntheticReceiveTimes() {
    Map<String, Long> times = new HashMap<>();
    for (GroupView g : store.groups()) {
      for (StoredFamily f : g.families()) {
        if (f.family().name().startsWith("push_")) {
          times.put("job/" + g.key().labels().get("job") + " " + f.family().name(), f.receiveTimeNanos());
        }
      }
    }
    return times;
  }

  @Test
  void laterSuccessKeepsTheFailureTime() {
    open();
    assertThrows(
        InconsistentMetricsException.class, () -> store.apply(put("job/t", "m 1 1000\n", at(1))));
    store.apply(put("job/t", "m 1\n", at(2)));
    GroupView g = store.groups().get(0);
    assertEquals(1.700000002e9, g.pushTimeSeconds());
    assertEquals(1.700000001e9, g.failureTimeSeconds());
  }

  @Test
  void rejectsDuplicateSeriesAcrossGroupsAfterSanitisation() {
    open().apply(put("job/a/instance/x", "m 1\n", at(0)));
    InconsistentMetricsException e =
        assertThrows(
            InconsistentMetricsException.class,
            () -> store.apply(put("job/a", "m{instance=\"x\"} 2\n", at(1))));
    assertEquals(
        "collected metric \"m\" { label:<name:\"instance\" value:\"x\" >"
            + " label:<name:\"job\" value:\"a\" > untyped:<value:2 > }"
            + " was collected before with the same name and label values",
        e.detail());
  }

  @Test
  void repushingTheSameSeriesToTheSameGroupIsNoDuplicate() {
    open().apply(put("job/a", "m{x=\"1\"} 1\nm{x=\"2\"} 1\n", at(0)));
    store.apply(put("job/a", "m{x=\"1\"} 2\nm{x=\"2\"} 2\n", at(1)));
    store.apply(post("job/a", "m{x=\"1\"} 3\n", at(2)));
    store.apply(put("job/a", "# TYPE m counter\nm{x=\"1\"} 4\n", at(3)));
    assertEquals("# TYPE m counter\nm{instance=\"\",job=\"a\",x=\"1\"} 4\n", scrapePushed(store.snapshot()));
  }

  @Test
  void rejectsSyntheticSeriesCollidingBetweenGroups() {
    open().apply(put("job/a", "m 1\n", at(0)));
    InconsistentMetricsException e =
        assertThrows(
            InconsistentMetricsException.class,
            () -> store.apply(put("job/a/instance@base64/=", "n 1\n", at(1))));
    assertEquals(true, e.detail().startsWith("collected metric \"push_"), e.detail());
  }

  @Test
  void rejectsCountFamilyNextToSummaryInAnotherGroup() {
    open().apply(put("job/a", "# TYPE x summary\nx_sum 1\nx_count 1\n", at(0)));
    InconsistentMetricsException e =
        assertThrows(
            InconsistentMetricsException.class, () -> store.apply(put("job/b", "x_count 1\n", at(1))));
    assertEquals(
        "collected metric named \"x_count\" collides with previously collected summary named \"x\"",
        e.detail());
  }

  @Test
  void rejectsHistogramNextToBucketFamilyInAnotherGroup() {
    open().apply(put("job/a", "x_bucket 1\n", at(0)));
    InconsistentMetricsException e =
        assertThrows(
            InconsistentMetricsException.class,
            () ->
                store.apply(
                    put(
                        "job/b",
                        "# TYPE x histogram\nx_bucket{le=\"1\"} 1\nx_sum 1\nx_count 1\n",
                        at(1))));
    assertEquals(
        "collected histogram named \"x\" collides with previously collected metric named \"x_bucket\"",
        e.detail());
  }

  @Test
  void rejectsSummaryNextToSumFamilyKeptByPostInTheSameGroup() {
    open().apply(put("job/a", "x_sum 1\n", at(0)));
    InconsistentMetricsException e =
        assertThrows(
            InconsistentMetricsException.class,
            () -> store.apply(post("job/a", "# TYPE x summary\nx_sum 1\nx_count 1\n", at(1))));
    assertEquals(
        "collected histogram or summary named \"x\" collides with previously collected metric named"
            + " \"x_sum\"",
        e.detail());
  }

  @Test
  void rejectsTypeDifferentFromTheGatewaysOwnFamily() {
    store =
        GroupStore.open(
            new StoreConfig(
                dir, SyncMode.ALWAYS, true, 10, Map.of("go_goroutines", io.pushbridge.model.MetricType.GAUGE)));
    InconsistentMetricsException e =
        assertThrows(
            InconsistentMetricsException.class, () -> store.apply(put("job/a", "go_goroutines 1\n", at(0))));
    assertEquals(
        "gathered metric family go_goroutines has type UNTYPED but should have GAUGE", e.detail());
    store.apply(put("job/a", "# TYPE go_goroutines gauge\ngo_goroutines 1\n", at(1)));
  }

  @Test
  void acceptsCrossGroupInconsistencyWhenCheckIsOff() {
    // Key bytes order: instance\xffx\xffjob\xffa\xff sorts before job\xffa\xff, so the
    // untyped family of {job="a",instance="x"} comes first and gives the type.
    store = GroupStore.open(new StoreConfig(dir, SyncMode.ALWAYS, false, 10, Map.of()));
    store.apply(put("job/a/instance/x", "m 1\n", at(0)));
    store.apply(put("job/a", "# TYPE m counter\nm{instance=\"x\"} 2\n", at(1)));
    store.apply(put("job/b", "m_count 1\n", at(1)));
    assertEquals(
        """
        # TYPE m untyped
        m{instance="x",job="a"} 1
        m{instance="x",job="a"} 2
        # TYPE m_count untyped
        m_count{instance="",job="b"} 1
        """,
        scrapePushed(store.snapshot()));
    assertThrows(
        InconsistentMetricsException.class, () -> store.apply(put("job/c", "m 1 1000\n", at(2))));
  }

  @Test
  void scrapeMergesGroupsInKeyOrderWithHelpOfTheFirstGroupThatHasOne() {
    open().apply(put("job/b", "# HELP m from b\nm 2\n", at(0)));
    store.apply(put("job/c", "# HELP m from c\nm 3\n", at(0)));
    store.apply(put("job/a", "m{x=\"1\"} 1\n", at(0)));
    assertEquals(
        """
        # HELP m from b
        # TYPE m untyped
        m{instance="",job="a",x="1"} 1
        m{instance="",job="b"} 2
        m{instance="",job="c"} 3
        """,
        scrapePushed(store.snapshot()));
    FamilyView m = store.snapshot().families().get(0);
    assertEquals(
        List.of(1.0, 2.0, 3.0),
        m.toFamily().metrics().stream()
            .map(x -> ((io.pushbridge.model.Metric.Scalar) x).value())
            .toList());
  }

  @Test
  void snapshotTakenBeforeAPushDoesNotChange() {
    open().apply(put("job/a", "m 1\n", at(0)));
    ScrapeSnapshot before = store.snapshot();
    String text = scrape(before);
    store.apply(put("job/a", "m 2\nn 1\n", at(1)));
    store.apply(delete("job/a", at(2)));
    assertEquals(text, scrape(before));
    assertEquals("", scrape(store.snapshot()));
  }

  @Test
  void wipeDeletesEveryGroup() throws Exception {
    open().apply(put("job/a", "m 1\n", at(0)));
    store.apply(put("job/b", "m 1\n", at(0)));
    assertEquals(2, store.wipe().get());
    assertEquals(List.of(), store.groups());
    assertEquals(List.of(), store.snapshot().families());
    assertEquals(
        new StoreStats(0, 0, 0, store.stats().lastBatchNanos(), store.stats().lastSyncNanos(), 0, null),
        store.stats());
  }

  @Test
  void summariesAndHistogramsRoundTripThroughTheGroupView() {
    open()
        .apply(
            put(
                "job/a",
                """
                # TYPE s summary
                s{quantile="0.5"} 1
                s_sum 2
                s_count 3
                # TYPE h histogram
                h_bucket{le="1"} 1
                h_sum 2
                h_count 3
                """,
                at(0)));
    assertEquals(
        """
        # TYPE h histogram
        h_bucket{instance="",job="a",le="1"} 1
        h_bucket{instance="",job="a",le="+Inf"} 3
        h_sum{instance="",job="a"} 2
        h_count{instance="",job="a"} 3
        # TYPE s summary
        s{instance="",job="a",quantile="0.5"} 1
        s_sum{instance="",job="a"} 2
        s_count{instance="",job="a"} 3
        """,
        scrapePushed(store.snapshot()));
    List<String> names =
        store.groups().get(0).families().stream().map(f -> f.family().name()).toList();
    assertEquals(List.of("h", "push_failure_time_seconds", "push_time_seconds", "s"), names);
    assertEquals(
        store.snapshot().families().get(0).toFamily(),
        store.groups().get(0).families().get(0).family());
  }
}
