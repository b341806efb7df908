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
        if (random.nextInt(3) == 0) {
          working.remove(key);
          model.remove(key);
        } else {
          int value = random.nextInt();
          working.put(key, value);
          model.put(key, value);
        }
        assertEquals(model.get(key), working.get(key));
      }
      published.add(working.freeze());
      expected.add(new TreeMap<>(model));
    }
    for (int i = 0; i < published.size(); i++) {
      TreeMap<GroupingKey, Integer> actual = new TreeMap<>();
      List<GroupingKey> order = new ArrayList<>();
      published.get(i).forEach((k, v) -> {
        actual.put(k, v);
        order.add(k);
      });
      assertEquals(expected.get(i), actual, "table " + i);
      assertEquals(new ArrayList<>(expected.get(i).keySet()), order, "order of table " + i);
      assertEquals(expected.get(i).size(), published.get(i).size());
      for (GroupingKey k : expected.get(i).keySet()) {
        assertEquals(expected.get(i).get(k), published.get(i).get(k));
      }
    }
  }
}
