package io.pushbridge.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pushbridge.model.ByteArrayBuilder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FrontCodedLinesTest {

  private static byte[] randomLines(Random random) {
    StringBuilder text = new StringBuilder();
    String previous = "";
    int lines = random.nextInt(300);
    for (int i = 0; i < lines; i++) {
      // Mostly a prefix of the line before plus something, as sorted series lines are.
      String line = previous.isEmpty() ? "" : previous.substring(0, random.nextInt(previous.length()));
      int extra = random.nextInt(random.nextBoolean() ? 5 : 200);
      for (int c = 0; c < extra; c++) {
        line += (char) ('a' + random.nextInt(3));
      }
      if (random.nextInt(10) == 0) {
        line += "\u00e9\uD83D\uDE00";
      }
      text.append(line).append('\n');
      previous = line;
    }
    return text.toString().getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void expandsToTheLinesEncoded() {
    Random random = new Random(7);
    for (int round = 0; round < 500; round++) {
      byte[] text = randomLines(random);
      byte[] coded = FrontCodedLines.encode(text);
      FrontCodedLines.validate(coded);
      ByteArrayBuilder out = new ByteArrayBuilder(1);
      out.append((byte) 'x');
      FrontCodedLines.expand(coded, out);
      byte[] expanded = out.toByteArray();
      assertArrayEquals(text, Arrays.copyOfRange(expanded, 1, expanded.length));
    }
  }

  @Test
  void aSingleLineCodesAsWithManyLines() {
    for (int length : new int[] {1, 2, 127, 128, 129, 16_383, 16_384, 100_000}) {
      byte[] line = ("x".repeat(length - 1) + "\n").getBytes(StandardCharsets.US_ASCII);
      byte[] padded = Arrays.copyOf(line, length + 9);
      assertArrayEquals(FrontCodedLines.encode(line), FrontCodedLines.encodeLine(padded, length));
    }
  }

  @Test
  void sharedPrefixesTakeNoSpace() {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < 100; i++) {
      text.append("http_requests_total{code=\"200\",job=\"bench\",path=\"/api/v1/endpoint/")
          .append(i)
          .append("\"} 1\n");
    }
    byte[] bytes = text.toString().getBytes(StandardCharsets.US_ASCII);
    assertTrue(FrontCodedLines.encode(bytes).length * 5 < bytes.length);
  }

  @Test
  void refusesBytesThatWouldExpandOutOfBounds() {
    byte[] coded = FrontCodedLines.encode("abc\nabd\n".getBytes(StandardCharsets.US_ASCII));
    assertArrayEquals(new byte[] {0, 4, 'a', 'b', 'c', '\n', 2, 2, 'd', '\n'}, coded);
    for (int n : new int[] {1, 2, 3, 4, 5, 7, 8, 9}) {
      byte[] truncated = Arrays.copyOf(coded, n);
      assertThrows(IllegalArgumentException.class, () -> FrontCodedLines.validate(truncated));
    }
    assertThrows(IllegalArgumentException.class, () -> FrontCodedLines.validate(new byte[] {5, 1, '\n'}));
    assertThrows(IllegalArgumentException.class, () -> FrontCodedLines.validate(new byte[] {0, 1, 'x'}));
  }
}
