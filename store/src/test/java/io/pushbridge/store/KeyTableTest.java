package io.pushbridge.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.pushbridge.model.GroupingKey;
import io.pushbridge.model.Labels;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class KeyTableTest {

  @Test
  void publishedTablesNeverChangeAndEachMatchesItsModel() {
    Random random = new Random(7);
    KeyTable.Working<Integer> working = new KeyTable.Working<>();
    TreeMap<GroupingKey, Integer> model = new TreeMap<>();
    List<KeyTable<Integer>> published = new ArrayList<>();
    List<Map<GroupingKey, Integer>> expected = new ArrayList<>();
    for (int round = 0; round < 200; round++) {
      int edits = 1 + random.nextInt(round < 50 ? 200 : 30);
      for (int e = 0; e < edits; e++) {
        GroupingKey key = GroupingKey.of(Labels.of("job", "j" + random.nextInt(2000)));
        edit(working, model, key, random.nextInt(3) == 0 ? null : random.nextInt());
        assertEquals(model.get(key), working.get(key));
      }
      published.add(working.freeze());
      expected.add(new TreeMap<>(model));
    }
    for (int i = 0; i < published.size(); i++) {
      assertMatches(expected.get(i), published.get(i), "table " + i);
    }
  }

  /** Tens of thousands of keys fill many pages of chunks; removing most of them empties pages. */
  @Test
  void pagesSplitAndEmptyWithoutChangingPublishedTables() {
    Random random = new Random(11);
    KeyTable.Working<Integer> working = new KeyTable.Working<>();
    TreeMap<GroupingKey, Integer> model = new TreeMap<>();
    List<KeyTable<Integer>> published = new ArrayList<>();
    List<Map<GroupingKey, Integer>> expected = new ArrayList<>();
    for (int round = 0; round < 40; round++) {
      boolean removing = round >= 20;
      for (int e = 0; e < 6000; e++) {
        GroupingKey key = GroupingKey.of(Labels.of("job", "j" + random.nextInt(50_000)));
        boolean remove = removing ? random.nextInt(5) != 0 : random.nextInt(10) == 0;
        edit(working, model, key, remove ? null : e);
      }
      KeyTable<Integer> table = working.freeze();
      assertEquals(model.size(), table.size(), "size in round " + round);
      if (round % 5 == 4) {
        assertMatches(model, table, "round " + round);
        published.add(table);
        expected.add(new TreeMap<>(model));
      }
    }
    for (int i = 0; i < published.size(); i++) {
      assertMatches(expected.get(i), published.get(i), "kept table " + i);
    }
  }

  /** Puts {@code value} under {@code key} in the table and in its model alike; null removes it. */
  private static void edit(
      KeyTable.Working<Integer> working, Map<GroupingKey, Integer> model, GroupingKey key, Integer value) {
    if (value == null) {
      working.remove(key);
      model.remove(key);
    } else {
      working.put(key, value);
      model.put(key, value);
    }
  }

  private static void assertMatches(Map<GroupingKey, Integer> expected, KeyTable<Integer> table, String what) {
    TreeMap<GroupingKey, Integer> actual = new TreeMap<>();
    List<GroupingKey> order = new ArrayList<>();
    table.forEach((k, v) -> {
      actual.put(k, v);
      order.add(k);
    });
    assertEquals(expected, actual, what);
    assertEquals(new ArrayList<>(expected.keySet()), order, "order of " + what);
    assertEquals(expected.size(), table.size(), "size of " + what);
    for (GroupingKey k : expected.keySet()) {
      assertEquals(expected.get(k), table.get(k), what);
    }
  }
}
