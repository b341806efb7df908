package io.pushbridge.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Python's prometheus_client (the Debian package, run by the system Python) against the gateway. */
class PythonClientTest {
  @TempDir static Path dir;
  private static RunningGateway gw;
  private static Path python;
  private static Path script;

  private static final String SCRIPT = """
      import sys
      from prometheus_client import CollectorRegistry, Counter, Gauge
      from prometheus_client import push_to_gateway, pushadd_to_gateway, delete_from_gateway

      gateway, action, job = sys.argv[1], sys.argv[2], sys.argv[3]
      grouping_key = dict(zip(sys.argv[4::2], sys.argv[5::2]))
      registry = CollectorRegistry()
      if action == "push":
          Gauge("job_last_success_unixtime", "Last time the batch job succeeded.", registry=registry).set(1.5e9)
          Counter("job_records", "Records processed.", registry=registry).inc(7)
          push_to_gateway(gateway, job=job, registry=registry, grouping_key=grouping_key)
      elif action == "pushadd":
          Gauge("job_duration_seconds", "Duration of the batch job.", registry=registry).set(3.5)
          pushadd_to_gateway(gateway, job=job, registry=registry, grouping_key=grouping_key)
      elif action == "delete":
          delete_from_gateway(gateway, job=job, grouping_key=grouping_key)
      """;

  @BeforeAll
  static void start() throws Exception {
    python = ExternalTools.requirePythonClient();
    script = dir.resolve("client.py");
    Files.writeString(script, SCRIPT);
    gw = RunningGateway.start(dir.resolve("data"));
  }

  @AfterAll
  static void stop() {
    if (gw != null) {
      gw.close();
    }
  }

  private static void run(String action, String job, String... groupingKey) throws Exception {
    List<String> cmd = new java.util.ArrayList<>(List.of(python.toString(), script.toString(),
        "127.0.0.1:" + gw.port, action, job));
    cmd.addAll(List.of(groupingKey));
    ExternalTools.Result r = ExternalTools.run(cmd, 60);
    assertEquals(0, r.exitCode(), "python " + action + " failed:\n" + r.output());
  }

  @Test
  void pushPushAddAndDeleteWithoutGroupingKey() throws Exception {
    run("push", "py_plain");
    JsonNode g = gw.group("job", "py_plain");
    assertNotNull(g);
    assertEquals("1.5e+09", g.get("job_last_success_unixtime").get("metrics").get(0).get("value").asText());
    assertEquals("7", g.get("job_records_total").get("metrics").get(0).get("value").asText());
    run("pushadd", "py_plain");
    g = gw.group("job", "py_plain");
    assertNotNull(g.get("job_records_total"));
    assertEquals("3.5", g.get("job_duration_seconds").get("metrics").get(0).get("value").asText());
    run("delete", "py_plain");
    assertNull(gw.group("job", "py_plain"));
  }

  @Test
  void groupingKeysThatNeedBase64() throws Exception {
    run("push", "a/b", "path", "a/b", "empty", "", "instance", "host-1");
    String[] key = {"job", "a/b", "path", "a/b", "empty", "", "instance", "host-1"};
    JsonNode g = gw.group(key);
    assertNotNull(g, "group with @base64 job and values: " + gw.groups());
    assertEquals("host-1", g.get("job_records_total").get("metrics").get(0).get("labels").get("instance").asText());
    run("pushadd", "a/b", "path", "a/b", "empty", "", "instance", "host-1");
    assertNotNull(gw.group(key).get("job_duration_seconds"));
    run("delete", "a/b", "path", "a/b", "empty", "", "instance", "host-1");
    assertNull(gw.group(key));
  }
}
