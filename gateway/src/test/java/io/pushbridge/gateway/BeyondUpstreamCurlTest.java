package io.pushbridge.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The curl examples of the README's "Beyond upstream" section, verbatim, run by {@code sh} with the
 * real curl against a gateway on a random port.
 */
class BeyondUpstreamCurlTest {
  @TempDir Path dir;
  private static String readme;

  static final String TTL_PUSH = "echo 'backup_last_success_timestamp_seconds 1.7635e+09' | curl -s -X PUT"
      + " -H 'Pushbridge-TTL: 1h' --data-binary @- http://localhost:9091/metrics/job/nightly";
  static final String TTL_GAUGE = "curl -s http://localhost:9091/metrics | grep '^push_expiry_time_seconds'";
  static final String TTL_BAD = "echo 'm 1' | curl -s -X PUT -H 'Pushbridge-TTL: soon' --data-binary @- http://localhost:9091/metrics/job/x";
  static final String PUSH_A = "echo 'm 1' | curl -s -X PUT --data-binary @- http://localhost:9091/metrics/job/a";
  static final String PUSH_B = "echo 'm 1' | curl -s -X PUT --data-binary @- http://localhost:9091/metrics/job/b";
  static final String PUSH_C = "echo 'm 1' | curl -si -X PUT --data-binary @- http://localhost:9091/metrics/job/c";
  static final String DELETE = "curl -s -X DELETE -G --data-urlencode 'match[]={job=~\"etl-.*\",instance!=\"\"}'"
      + " http://localhost:9091/api/v1/admin/groups";
  static final String DELETE_BAD = "curl -s -X DELETE -G --data-urlencode 'match[]={job~\"x\"}'"
      + " http://localhost:9091/api/v1/admin/groups";

  @BeforeAll
  static void readme() throws Exception {
    ExternalTools.require("curl", "curl");
    readme = Files.readString(Path.of("..", "README.md").toAbsolutePath().normalize(), StandardCharsets.UTF_8);
  }

  private static String sh(RunningGateway gw, String command) throws Exception {
    assertTrue(readme.contains(command), "README.md does not contain the command:\n" + command);
    ExternalTools.Result r = ExternalTools.run(List.of("sh", "-c", command.replace("http://localhost:9091", gw.base)), 60);
    assertEquals(0, r.exitCode(), command + "\n" + r.output());
    return r.output();
  }

  /** The README's comment line for an output, without its {@code # }. */
  private static void documented(String output) {
    assertTrue(readme.contains("# " + output + "\n"), "README.md does not show the output:\n" + output);
  }

  @Test
  void groupTtl() throws Exception {
    try (RunningGateway gw = RunningGateway.start(dir)) {
      assertEquals("", sh(gw, TTL_PUSH));
      String gauge = sh(gw, TTL_GAUGE);
      assertTrue(gauge.matches("push_expiry_time_seconds\\{instance=\"\",job=\"nightly\"} [0-9.e+]+\n"), gauge);
      String bad = sh(gw, TTL_BAD);
      documented("400 " + bad.strip());
      assertNull(gw.group("job", "x"));
    }
  }

  @Test
  void admissionLimits() throws Exception {
    assertTrue(readme.contains("scripts/run.sh --persistence.file= --limits.max-groups=2 &"));
    try (RunningGateway gw = RunningGateway.start(dir, "--limits.max-groups=2")) {
      sh(gw, PUSH_A);
      sh(gw, PUSH_B);
      String refused = sh(gw, PUSH_C);
      assertTrue(refused.startsWith("HTTP/1.1 507 Insufficient Storage\r\n"), refused);
      documented("HTTP/1.1 507 Insufficient Storage");
      String body = refused.substring(refused.indexOf("\r\n\r\n") + 4).strip();
      documented(body);
      assertNull(gw.group("job", "c"));
    }
  }

  @Test
  void deleteByMatcher() throws Exception {
    try (RunningGateway gw = RunningGateway.start(dir, "--web.enable-admin-api")) {
      gw.http.send("PUT", "/metrics/job/etl-daily/instance/a", "m 1\n");
      gw.http.send("PUT", "/metrics/job/etl-daily", "m 1\n");
      assertEquals("{\"status\":\"success\",\"data\":{\"deleted\":1}}", sh(gw, DELETE));
      assertNull(gw.group("job", "etl-daily", "instance", "a"));
      assertNotNull(gw.group("job", "etl-daily"));
      documented("400 " + sh(gw, DELETE_BAD));
    }
  }
}
