package io.pushbridge.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The packaged jar as users run it: {@code java -jar pushbridge.jar [flags]}, stopped with SIGTERM. */
class GatewayProcessIT {
  @TempDir Path dir;

  private static ExternalTools.Result run(String... flags) throws Exception {
    return ExternalTools.run(GatewayJar.command(flags), 120);
  }

  @Test
  void helpListsTheFlagsAndExitsZero() throws Exception {
    ExternalTools.Result r = run("--help");
    assertEquals(0, r.exitCode(), r.output());
    for (String flag : new String[] {"--web.listen-address", "--web.config.file", "--persistence.file",
        "--store.sync", "--push.max-body-bytes", "--[no-]web.enable-admin-api", "--log.format",
        "--kafka.bootstrap-servers", "--kafka.topic", "--kafka.consumer.<property>=<value>", "--[no-]kafka.ready-requires-broker"}) {
      assertTrue(r.output().contains(flag), flag);
    }
    ExternalTools.Result v = run("--version");
    assertEquals(0, v.exitCode(), v.output());
    assertTrue(v.output().startsWith("pushbridge, version "), v.output());
  }

  @Test
  void badCommandLinesFailTheStartNamingTheProblem() throws Exception {
    ExternalTools.Result unknown = run("--web.enable-everything");
    assertEquals(1, unknown.exitCode());
    assertEquals("pushbridge: error: unknown long flag '--web.enable-everything', try --help\n", unknown.output());
    ExternalTools.Result bad = run("--log.level=loud");
    assertEquals(1, bad.exitCode());
    assertEquals("pushbridge: error: invalid value \"loud\" for flag --log.level: unrecognized log level \"loud\", try --help\n",
        bad.output());
  }

  @Test
  void unusableFilesAndPortsFailTheStart() throws Exception {
    Path missing = dir.resolve("web.yml");
    ExternalTools.Result web = run("--web.listen-address=127.0.0.1:0", "--persistence.file=", "--web.config.file=" + missing);
    assertEquals(1, web.exitCode(), web.output());
    assertTrue(web.output().contains("invalid --web.config.file: web config " + missing + ": no such file"), web.output());

    Path notADirectory = Files.writeString(dir.resolve("plain-file"), "not a database");
    ExternalTools.Result store = run("--web.listen-address=127.0.0.1:0", "--persistence.file=" + notADirectory);
    assertEquals(1, store.exitCode(), store.output());
    assertTrue(store.output().contains("msg=\"cannot open the store in " + notADirectory + ": not a directory but a file;"),
        store.output());
    assertTrue(store.output().contains("an upstream Pushgateway's persistence file cannot be read"), store.output());

    try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      ExternalTools.Result port = run("--web.listen-address=127.0.0.1:" + taken.getLocalPort(), "--persistence.file=");
      assertEquals(1, port.exitCode(), port.output());
      assertTrue(port.output().contains("cannot start the HTTP server"), port.output());
    }
  }

  @Test
  void sigtermStopsGracefullyAndARestartFindsEveryGroup() throws Exception {
    Path data = dir.resolve("data");
    JsonNode before;
    try (ChildProcess p = ChildProcess.start(GatewayJar.command("--web.listen-address=127.0.0.1:0", "--persistence.file=" + data),
        dir.resolve("first.log"))) {
      RunningProcess gw = RunningProcess.await(p);
      assertEquals(200, gw.http.send("PUT", "/metrics/job/proc/instance/a", "m 1\n").statusCode());
      assertEquals(200, gw.http.send("PUT", "/metrics/job/proc/instance/b", "m 2\n").statusCode());
      before = gw.groups();
      int code = p.terminate();
      assertTrue(code == 0 || code == 143, "exit code " + code);
      assertTrue(p.output().contains("msg=stopped"), p.output());
    }
    try (ChildProcess p = ChildProcess.start(GatewayJar.command("--web.listen-address=127.0.0.1:0", "--persistence.file=" + data),
        dir.resolve("second.log"))) {
      RunningProcess gw = RunningProcess.await(p);
      assertEquals(before, gw.groups());
      p.terminate();
    }
  }

  @Test
  void theJarServesTheWebUiFromItsOwnResources() throws Exception {
    try (ChildProcess p = ChildProcess.start(GatewayJar.command("--web.listen-address=127.0.0.1:0", "--persistence.file="),
        dir.resolve("ui.log"))) {
      RunningProcess gw = RunningProcess.await(p);
      HttpResponse<String> page = gw.http.get("/");
      assertEquals(200, page.statusCode());
      Matcher script = Pattern.compile("src=\"(static/ui\\.js\\?v=[0-9a-f]+)\"").matcher(page.body());
      assertTrue(script.find(), page.body());
      HttpResponse<String> js = gw.http.get("/" + script.group(1));
      assertEquals(200, js.statusCode());
      assertEquals("text/javascript; charset=utf-8", Http.header(js, "Content-Type"));
      p.terminate();
    }
  }

  /** A child gateway's HTTP address, read from its "listening on" log line. */
  private record RunningProcess(Http http) {
    static RunningProcess await(ChildProcess p) throws Exception {
      return new RunningProcess(GatewayJar.awaitReady(p));
    }

    JsonNode groups() throws Exception {
      return RunningGateway.parse(http.get("/api/v1/metrics").body()).get("data");
    }
  }
}
