package io.pushbridge.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The benchmark suite as the README runs it ({@code bench/}): the packaged jar started by {@code
 * bench/pushbridge-start.sh}, then every scenario of {@code bench/run.sh} against it, wrk and curl
 * included, in sizes that take seconds. It checks that each scenario reports its line without
 * errors, not how fast: figures come from the side-by-side runs.
 */
class BenchSuiteIT {
  private static final List<String> SCENARIOS = List.of(
      "push_small", "push_large", "push_post_same_group", "scrape_small", "scrape_1m", "delete", "restart");

  @TempDir Path dir;

  @Test
  void everyScenarioRunsAgainstThePackagedJarAndReportsWithoutErrors() throws Exception {
    ExternalTools.require("wrk", "wrk");
    String jar = System.getProperty("pushbridge.jar");
    assertTrue(jar != null && Files.isRegularFile(Path.of(jar)), "pushbridge.jar not built: " + jar);
    Path bench = Path.of("..", "bench").toAbsolutePath().normalize();
    Path data = dir.resolve("server");
    int port = ExternalTools.freePort();
    ExternalTools.Result started = ExternalTools.run(List.of(bench.resolve("pushbridge-start.sh").toString(),
            Integer.toString(port), data.toString(), "--push.disable-consistency-check"),
        Map.of("JAR", jar, "CDS", "0", "JAVA", Path.of(System.getProperty("java.home"), "bin", "java").toString()),
        120);
    assertEquals(0, started.exitCode(), started.output());
    long pid = Long.parseLong(Files.readString(data.resolve("pid")).trim());
    long restarted = -1;
    try {
      ExternalTools.Result run = ExternalTools.run(List.of(bench.resolve("run.sh").toString(),
          "--url", "http://127.0.0.1:" + port, "--pid", Long.toString(pid),
          "--scenario", String.join(",", SCENARIOS),
          "--duration", "1", "--warmup", "0", "--groups-small", "300", "--groups-1m", "100",
          "--scrapes-small", "1", "--scrapes-1m", "1", "--loader-cpus", "",
          "--restart-cmd", Files.readString(data.resolve("cmd")).trim(), "--persist-wait", "0",
          "--persistence-file", data.resolve("db").toString(), "--restart-log", dir.resolve("restart.log").toString()),
          600);
      Map<String, Map<String, String>> lines = new HashMap<>();
      for (String line : run.output().split("\n", -1)) {
        if (line.startsWith("new_pid=")) {
          restarted = Long.parseLong(line.substring("new_pid=".length()).trim());
        } else if (line.startsWith("scenario=")) {
          Map<String, String> fields = new HashMap<>();
          for (String kv : line.split(" ", -1)) {
            int eq = kv.indexOf('=');
            if (eq > 0) {
              fields.put(kv.substring(0, eq), kv.substring(eq + 1));
            }
          }
          lines.putIfAbsent(fields.get("scenario"), fields);
        }
      }
      assertEquals(0, run.exitCode(), run.output());
      System.out.println(run.output());
      for (String s : SCENARIOS.subList(0, SCENARIOS.size() - 1)) {
        assertTrue(lines.containsKey(s), s + " reported nothing:\n" + run.output());
        assertEquals("0", lines.get(s).get("errors"), s + ": " + lines.get(s));
      }
      Map<String, String> restart = lines.get("restart");
      assertTrue(restart != null, "restart reported nothing:\n" + run.output());
      assertEquals(restart.get("series"), restart.get("series_found"), restart.toString());
      assertTrue(Double.parseDouble(restart.get("restart_s")) > 0, restart.toString());
    } finally {
      stop(pid);
      stop(restarted);
    }
  }

  /** SIGTERM to a server this test started, then wait for it to close its store. */
  private static void stop(long pid) throws Exception {
    Optional<ProcessHandle> p = pid > 0 ? ProcessHandle.of(pid) : Optional.empty();
    if (p.isPresent()) {
      p.get().destroy();
      p.get().onExit().get(60, TimeUnit.SECONDS);
    }
  }
}
