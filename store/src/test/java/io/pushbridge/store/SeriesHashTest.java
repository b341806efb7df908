package io.pushbridge.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.pushbridge.model.Labels;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SeriesHashTest {
  private static final String[] NAMES = {"code", "instance", "job", "method", "path"};
  private static final String[] VALUES = {"", "200", "GET", "/api/v1/items/1"};

  @Test
  void hashingAFamilyInTurnEqualsHashingEachSeriesAlone() {
    SplittableRandom random = new SplittableRandom(5);
    for (int family = 0; family < 2_000; family++) {
      SeriesHash.OfFamily inTurn = new SeriesHash.OfFamily("m" + family % 3);
      Labels labels = Labels.EMPTY;
      for (int series = 0; series < 20; series++) {
        // Mostly the series before with one label changed, as sorted series are; the same
        // instances where unchanged, equal copies elsewhere.
        String name = NAMES[random.nextInt(NAMES.length)];
        String value = VALUES[random.nextInt(VALUES.length)];
        labels = random.nextInt(4) == 0
            ? Labels.of(name, new String(value))
            : labels.with(name, random.nextBoolean() ? value : new String(value));
        assertEquals(SeriesHash.of("m" + family % 3, labels), inTurn.of(labels), labels.toString());
      }
    }
  }
}
