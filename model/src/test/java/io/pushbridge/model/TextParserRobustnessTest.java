package io.pushbridge.model;


import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Any byte sequence either parses or fails with upstream's kind of message, nothing else. */
class TextParserRobustnessTest extends ParserRobustnessTest {

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

  @Override
  byte[] seed() {
    return SEED.clone();
  }

  @Override
  byte[] interesting() {
    return INTERESTING;
  }

  @Override
  void parse(byte[] body) {
    TextParser.parse(body);
  }

  @Override
  String messagePrefix() {
    return "text format parsing error in line ";
  }

  @Test
  void theSeedBodyParses() {
    TextParser.parse(SEED);
  }
}
