package io.pushbridge.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LongMultisetTest {

  @Test
  void agreesWithAMapUnderRandomAddsAndRemovesWithCollidingSlots() {
    LongMultiset set = new LongMultiset();
    Map<Long, Integer> model = new HashMap<>();
    Random random = new Random(42);
    for (int i = 0; i < 200_000; i++) {
      // Few distinct low bits: many elements share home slots and probe chains wrap around.
      long key = (random.nextInt(500) + 1L) << (random.nextBoolean() ? 0 : 32);
      if (random.nextInt(3) > 0 || !model.containsKey(key)) {
        set.add(key);
        model.merge(key, 1, Integer::sum);
      } else {
        set.remove(key);
        model.merge(key, -1, (a, b) -> a + b == 0 ? null : a + b);
      }
      if (i % 1000 == 0) {
        for (long k = 1; k <= 500; k++) {
          assertEquals(model.getOrDefault(k, 0), set.count(k));
          assertEquals(model.getOrDefault(k << 32, 0), set.count(k << 32));
        }
        assertEquals(model.size(), set.size());
      }
    }
  }

  @Test
  void refusesZeroAndRemovalOfAbsentElements() {
    LongMultiset set = new LongMultiset();
    assertThrows(IllegalArgumentException.class, () -> set.add(0));
    set.add(7);
    assertThrows(IllegalStateException.class, () -> set.remove(8));
  }
}
