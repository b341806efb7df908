package io.pushbridge.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LabelsTest {
  private static final String[] NAMES = {"a", "code", "instance", "job", "path", "z"};

  private static Labels random(SplittableRandom random) {
    String[] pairs = new String[2 * random.nextInt(0, NAMES.length + 1)];
    for (int i = 0; i < pairs.length; i += 2) {
      pairs[i] = NAMES[random.nextInt(NAMES.length)];
      pairs[i + 1] = random.nextBoolean() ? "" : "v" + random.nextInt(3);
    }
    return Labels.of(pairs);
  }

  @Test
  void withAllEqualsPuttingEachLabelOverInTurn() {
    SplittableRandom random = new SplittableRandom(11);
    for (int i = 0; i < 20_000; i++) {
      Labels base = random(random);
      Labels over = random(random);
      Labels expected = base;
      for (int j = 0; j < over.size(); j++) {
        expected = expected.with(over.name(j), over.value(j));
      }
      assertEquals(expected, base.withAll(over), base + " with " + over);
    }
  }

  @Test
  void oneMergePlanServesEverySetWithTheSameNamesArray() {
    SplittableRandom random = new SplittableRandom(12);
    for (int i = 0; i < 20_000; i++) {
      Labels first = random(random);
      Labels over = random(random);
      LabelMerge plan = LabelMerge.plan(first, over);
      String[] values = new String[first.size()];
      for (int j = 0; j < values.length; j++) {
        values[j] = random.nextBoolean() ? first.value(j) : "w" + random.nextInt(3);
      }
      Labels second = Labels.wrap(first.nameArray(), values);
      assertTrue(plan.appliesTo(second));
      assertFalse(plan.appliesTo(Labels.wrap(first.nameArray().clone(), values)) && first.size() > 0);
      assertEquals(first.withAll(over), plan.apply(first), first + " with " + over);
      assertEquals(second.withAll(over), plan.apply(second), second + " with " + over);
      assertEquals(second.withAll(over).toString(), plan.apply(second).toString());
    }
  }
}
