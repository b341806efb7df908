package io.pushbridge.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Any byte sequence either parses as OpenMetrics or fails with the parser's own exception. */
class OpenMetricsParserRobustnessTest extends ParserRobustnessTest {

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
    OpenMetricsParser.parse(body);
  }

  @Override
  String messagePrefix() {
    return "openmetrics format parsing error in line ";
  }

  @Test
  void theSeedBodyParses() {
    assertEquals(7, OpenMetricsParser.parse(SEED).size());
  }
}
