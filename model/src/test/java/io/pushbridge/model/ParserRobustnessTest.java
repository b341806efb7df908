package io.pushbridge.model;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Any byte sequence either parses or fails with the parser's own exception and message, nothing
 * else: truncations, bit flips and random mutations of a seed body that parses, and random bytes.
 */
abstract class ParserRobustnessTest {
  /** A body that parses and uses every construct of the format. */
  abstract byte[] seed();

  /** Bytes that mean something to the parser, favoured by the mutations. */
  abstract byte[] interesting();

  abstract void parse(byte[] body);

  /** How every message of the parser's exception starts. */
  abstract String messagePrefix();

  private void assertParsesOrFailsCleanly(byte[] body) {
    try {
      parse(body);
    } catch (MetricsParseException e) {
      assertTrue(e.getMessage().startsWith(messagePrefix()), e::getMessage);
    } catch (RuntimeException e) {
      fail("body " + Arrays.toString(body) + " threw " + e, e);
    }
  }

  @Test
  void everyTruncationParsesOrFailsCleanly() {
    for (int length = 0; length <= seed().length; length++) {
      assertParsesOrFailsCleanly(Arrays.copyOf(seed(), length));
    }
  }

  @Test
  void everySingleBitFlipParsesOrFailsCleanly() {
    for (int i = 0; i < seed().length; i++) {
      for (int bit = 0; bit < 8; bit++) {
        byte[] body = seed().clone();
        body[i] ^= (byte) (1 << bit);
        assertParsesOrFailsCleanly(body);
      }
    }
  }

  @Test
  void randomMutationsParseOrFailCleanly() {
    Random random = new Random(1234);
    for (int round = 0; round < 20_000; round++) {
      byte[] body = seed().clone();
      int mutations = 1 + random.nextInt(8);
      for (int m = 0; m < mutations; m++) {
        body = mutate(body, random);
      }
      assertParsesOrFailsCleanly(body);
    }
  }

  @Test
  void randomBytesParseOrFailCleanly() {
    Random random = new Random(99);
    for (int round = 0; round < 20_000; round++) {
      byte[] body = new byte[random.nextInt(200)];
      for (int i = 0; i < body.length; i++) {
        body[i] = random.nextInt(3) == 0
            ? (byte) random.nextInt(256)
            : pick(random);
      }
      assertParsesOrFailsCleanly(body);
    }
  }

  private byte pick(Random random) {
    byte[] interesting = interesting();
    return interesting[random.nextInt(interesting.length)];
  }

  private byte[] mutate(byte[] body, Random random) {
    if (body.length == 0) {
      return new byte[] {pick(random)};
    }
    int at = random.nextInt(body.length);
    switch (random.nextInt(5)) {
      case 0 -> {
        body[at] = (byte) random.nextInt(256);
        return body;
      }
      case 1 -> {
        body[at] = pick(random);
        return body;
      }
      case 2 -> {
        byte[] shorter = new byte[body.length - 1];
        System.arraycopy(body, 0, shorter, 0, at);
        System.arraycopy(body, at + 1, shorter, at, body.length - at - 1);
        return shorter;
      }
      case 3 -> {
        byte[] longer = new byte[body.length + 1];
        System.arraycopy(body, 0, longer, 0, at);
        longer[at] = pick(random);
        System.arraycopy(body, at, longer, at + 1, body.length - at);
        return longer;
      }
      default -> {
        int from = random.nextInt(body.length);
        int length = Math.min(body.length - from, 1 + random.nextInt(40));
        byte[] longer = new byte[body.length + length];
        System.arraycopy(body, 0, longer, 0, at);
        System.arraycopy(body, from, longer, at, length);
        System.arraycopy(body, at, longer, at + length, body.length - at);
        return longer;
      }
    }
  }
}
