package io.pushbridge.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
      assertEquals(expected, base.withAll(over, random(random)), base + " with " + over);
      assertEquals(expected.toString(), base.withAll(over, expected).toString());
    }
  }
}
