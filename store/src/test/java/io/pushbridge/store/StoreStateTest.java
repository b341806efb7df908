package io.pushbridge.store;

import static io.pushbridge.store.Pushes.at;
import static io.pushbridge.store.Pushes.put;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The writer's state on its own: the rollback that a refused RocksDB write relies on. */
class StoreStateTest {
  private static final Set<String> ALL =
      Set.of("m", "n", GroupState.PUSH_TIME, GroupState.FAILURE_TIME);

  @Test
  void rollbackRestoresGroupsIndexAndChecks() {
    StoreState state = new StoreState(true, Map.of());
    state.apply(PreparedPush.of(put("job/a", "m{x=\"1\"} 1\n", at(0))));
    state.apply(PreparedPush.of(put("job/b", "n 1\n", at(0))));
    state.commit();
    String text = Pushes.scrape(Snapshot.EMPTY.with(ALL, state));

    state.apply(PreparedPush.of(put("job/a", "# TYPE m counter\nm{x=\"2\"} 2\n", at(1))));
    state.apply(PreparedPush.of(Pushes.delete("job/b", at(1))));
    state.apply(PreparedPush.of(put("job/c", "# TYPE n counter\nn 3\n", at(1))));
    state.wipe();
    state.apply(PreparedPush.of(put("job/d", "m{x=\"1\"} 1\n", at(2))));
    state.rollback();

    assertEquals(2, state.groupCount());
    assertEquals(6, state.seriesCount());
    assertEquals(text, Pushes.scrape(Snapshot.EMPTY.with(ALL, state)));
    assertNull(state.family("o"));
    // The index is back too: b's untyped n and a's series still conflict with new pushes.
    assertNotNull(state.apply(PreparedPush.of(put("job/c", "# TYPE n counter\nn 1\n", at(3)))).rejection());
    assertNotNull(state.apply(PreparedPush.of(put("job/a/x/1", "m 1\n", at(3)))).rejection());
    assertNull(state.apply(PreparedPush.of(put("job/a", "# TYPE m counter\nm{x=\"1\"} 1\n", at(3)))).rejection());
  }

  @Test
  void repushesKeepOneKeyNameHelpAndHashesInstanceInMemory() {
    StoreState state = new StoreState(true, Map.of());
    String body = "# HELP m Some help.\n# TYPE m gauge\nm 1\n";
    state.apply(PreparedPush.of(put("job/a", body, at(0))));
    state.apply(PreparedPush.of(put("job/b", body, at(0))));
    GroupState first = state.groupTable().get(Pushes.key("job/a"));
    Slice firstSlice = first.family("m");
    state.apply(PreparedPush.of(put("job/a", body, at(1))));
    GroupState again = state.groupTable().get(Pushes.key("job/a"));
    Slice other = state.groupTable().get(Pushes.key("job/b")).family("m");

    assertEquals(at(1), again.pushTimeNanos);
    assertSame(first.key, again.key);
    assertSame(firstSlice.name, again.family("m").name);
    assertSame(firstSlice.help, again.family("m").help);
    assertSame(firstSlice.help, other.help);
    assertSame(firstSlice.sortedHashes, again.family("m").sortedHashes);
    state.apply(PreparedPush.of(put("job/a", body.replace("m 1", "m{x=\"y\"} 1"), at(2))));
    assertFalse(Arrays.equals(
        firstSlice.sortedHashes, state.groupTable().get(Pushes.key("job/a")).family("m").sortedHashes));
  }

  @Test
  void rollbackRestoresDeadlinesAndExpiryOnlyTakesDueGroups() {
    StoreState state = new StoreState(true, Map.of(), Duration.ofMinutes(1), StoreLimits.NONE);
    state.apply(PreparedPush.of(put("job/a", "m 1\n", at(0))));
    state.apply(PreparedPush.of(put("job/b", "m 1\n", at(30))));
    state.commit();
    assertEquals(at(60), state.nextExpiryNanos());

    state.apply(PreparedPush.of(put("job/a", "m 2\n", at(100))));
    state.expire(at(1000));
    assertEquals(0, state.groupCount());
    state.rollback();

    assertEquals(2, state.groupCount());
    assertEquals(at(60), state.nextExpiryNanos());
    assertEquals(0, state.expire(at(59)));
    assertEquals(1, state.expire(at(60)));
    assertEquals(at(90), state.nextExpiryNanos());
    state.wipe();
    assertEquals(Long.MAX_VALUE, state.nextExpiryNanos());
  }
}
