package io.pushbridge.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Any byte sequence either parses as OpenMetrics or fails with the parser's own exception. */
class OpenMetricsParserRobustnessTest {

  private static final byte[] SEED = """
      # TYPE http_requests counter
      # HELP http_requests The total number of HTTP requests.
      http_requests_total{method="post",code="200"} 1027 # {trace_id="abc"} 1 1395066363.5
      http_requests_created{method="post",code="200"} 1395066363
      http_requests_total{method="post",code="400"} 3
      # TYPE msdos_file_access_time_seconds gauge
      # UNIT msdos_file_access_time_seconds seconds
      msdos_file_access_time_seconds{path="C:\\\\DIR\\\\FILE.TXT",error="Cannot find file:\\n\\"FILE.TXT\\""} 1.458255915e9
      # TYPE http_request_duration_seconds histogram
      http_request_duration_seconds_bucket{le="0.05"} 24054 # {} 0.01
      http_request_duration_seconds_bucket{le="+Inf"} 144320
      http_request_duration_seconds_sum 53423
      http_request_duration_seconds_count 144320
      # TYPE rpc_duration_seconds summary
      rpc_duration_seconds{quantile="0.01",x="é"} 3102
      rpc_duration_seconds{quantile="0.5",x="é"} 4773
      rpc_duration_seconds_sum{x="é"} 1.7560473e+07
      rpc_duration_seconds_count{x="é"} 2693
      # TYPE build info
      build_info{version="1.0"} 1
      # TYPE state stateset
      state{state="a"} 1
      state{state="b"} 0
      something_weird{problem="division by zero"} +Inf
      # EOF
      """.getBytes(StandardCharsets.UTF_8);

  private static final byte[] INTERESTING = "\n\r\t #{}=,\"\\_:.eE+-0123456789pxnNiIEOF"
      .getBytes(StandardCharsets.US_ASCII);

  private static void assertParsesOrFailsCleanly(byte[] body) {
    try {
      OpenMetricsParser.parse(body);
    } catch (MetricsParseException e) {
      assertTrue(e.getMessage().startsWith("openmetrics format parsing error in line "), e::getMessage);
    } catch (RuntimeException e) {
      fail("body " + Arrays.toString(body) + " threw " + e, e);
    }
  }

  @Test
  void theSeedBodyParses() {
    assertEquals(7, OpenMetricsParser.parse(SEED).size());
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
    Random random = new Random(4321);
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
    Random random = new Random(77);
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
