package io.pushbridge.model;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Any byte sequence either parses or fails with upstream's kind of message, nothing else. */
class TextParserRobustnessTest {

  private static final byte[] SEED = """
      # HELP http_requests_total The total number of HTTP requests.
      # TYPE http_requests_total counter
      http_requests_total{method="post",code="200"} 1027 1395066363000
      http_requests_total{method="post",code="400"}    3 1395066363000
      msdos_file_access_time_seconds{path="C:\\\\DIR\\\\FILE.TXT",error="Cannot find file:\\n\\"FILE.TXT\\""} 1.458255915e9
      metric_without_timestamp_and_labels 12.47
      something_weird{problem="division by zero"} +Inf -3982045
      # HELP http_request_duration_seconds A histogram of the request duration.
      # TYPE http_request_duration_seconds histogram
      http_request_duration_seconds_bucket{le="0.05"} 24054
      http_request_duration_seconds_bucket{le="+Inf"} 144320
      http_request_duration_seconds_sum 53423
      http_request_duration_seconds_count 144320
      # TYPE rpc_duration_seconds summary
      rpc_duration_seconds{quantile="0.01",x="é"} 3102
      rpc_duration_seconds{quantile="0.5"} 4773
      rpc_duration_seconds_sum 1.7560473e+07
      rpc_duration_seconds_count 2693
      """.getBytes(StandardCharsets.UTF_8);

  private static final byte[] INTERESTING = "\n\r\t #{}=,\"\\_:.eE+-0123456789pxnNiI"
      .getBytes(StandardCharsets.US_ASCII);

  private static void assertParsesOrFailsCleanly(byte[] body) {
    try {
      TextParser.parse(body);
    } catch (MetricsParseException e) {
      assertTrue(e.getMessage().startsWith("text format parsing error in line "), e::getMessage);
    } catch (RuntimeException e) {
      fail("body " + Arrays.toString(body) + " threw " + e, e);
    }
  }

  @Test
  void theSeedBodyParses() {
    TextParser.parse(SEED);
  }

  @Test
  void everyTruncationParsesOrFailsCleanly() {
    for (int length = 0; length <= SEED.length; length++) {
      assertParsesOrFailsCleanly(Arrays.copyOf(SEED, length));
    }
  }

  @Test
  void everySingleBitFlipParsesOrFailsCleanly() {
    for (int i = 0; i < SEED.length; i++) {
      for (int bit = 0; bit < 8; bit++) {
        byte[] body = SEED.clone();
        body[i] ^= (byte) (1 << bit);
        assertParsesOrFailsCleanly(body);
      }
    }
  }

  @Test
  void randomMutationsParseOrFailCleanly() {
    Random random = new Random(1234);
    for (int round = 0; round < 20_000; round++) {
      byte[] body = SEED.clone();
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
            : INTERESTING[random.nextInt(INTERESTING.length)];
      }
      assertParsesOrFailsCleanly(body);
    }
  }

  private static byte[] mutate(byte[] body, Random random) {
    if (body.length == 0) {
      return new byte[] {INTERESTING[random.nextInt(INTERESTING.length)]};
    }
    int at = random.nextInt(body.length);
    switch (random.nextInt(5)) {
      case 0 -> {
        body[at] = (byte) random.nextInt(256);
        return body;
      }
      case 1 -> {
        body[at] = INTERESTING[random.nextInt(INTERESTING.length)];
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
        longer[at] = INTERESTING[random.nextInt(INTERESTING.length)];
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
