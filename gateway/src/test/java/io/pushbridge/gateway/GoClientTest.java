package io.pushbridge.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Go batch job pushing with client_golang's {@code push} package (Debian's build of it) against
 * the gateway, compared with upstream 1.5.1's answers to the same job
 * ({@code go-client/upstream-1.5.1.txt}, made by {@code go-client/capture-upstream.sh}): delimited
 * protobuf and text pushes, {@code @base64} grouping keys, Add, a refused push's error and Delete.
 */
class GoClientTest {
  private static final String RESOURCES = "/go-client/";
  private static final String SCRAPE_MARK = "--- scrape\n";
  private static final Pattern PUSHED_FAMILY_LINE = Pattern.compile("^(# (HELP|TYPE) )?(job_|push_).*");
  private static final Pattern TIME_OF_DAY = Pattern.compile("^(push_(failure_)?time_seconds\\{.*\\}) [1-9].*$");

  @TempDir static Path dir;
  private static RunningGateway gw;
  private static Path batchJob;

  @BeforeAll
  static void buildJobAndStartGateway() throws Exception {
    Path go = ExternalTools.requireGoClient();
    Path source = dir.resolve("batchjob.go");
    Files.writeString(source, resource("batchjob.go"));
    batchJob = dir.resolve("batchjob");
    // GOPATH mode against Debian's sources: no module download, nothing leaves the machine.
    ExternalTools.Result build = ExternalTools.run(
        List.of(go.toString(), "build", "-o", batchJob.toString(), source.toString()),
        Map.of("GO111MODULE", "off", "GOPATH", ExternalTools.DEBIAN_GOPATH.toString(),
            "GOCACHE", dir.resolve("go-cache").toString(), "GOFLAGS", ""),
        300);
    assertEquals(0, build.exitCode(), "go build failed:\n" + build.output());
    gw = RunningGateway.start(dir.resolve("data"));
  }

  @AfterAll
  static void stop() {
    if (gw != null) {
      gw.close();
    }
  }

  @Test
  void aGoBatchJobSeesUpstreamsAnswersAndLeavesUpstreamsMetrics() throws Exception {
    ExternalTools.Result job = ExternalTools.run(List.of(batchJob.toString(), gw.base), 60);
    assertEquals(0, job.exitCode(), "the batch job failed:\n" + job.output());
    String upstream = resource("upstream-1.5.1.txt");
    int mark = upstream.indexOf(SCRAPE_MARK);
    assertTrue(mark > 0, "no scrape section in the fixture");

    assertEquals(upstream.substring(0, mark), job.output(), "the job's outcomes (errors included)");
    assertEquals(
        byFamily(upstream.substring(mark + SCRAPE_MARK.length())),
        byFamily(pushedFamilies(gw.scrape())),
        "the pushed families in /metrics");
  }

  /** The scrape's lines of pushed families, times of day masked, as capture-upstream.sh does. */
  private static String pushedFamilies(String scrape) {
    StringBuilder sb = new StringBuilder();
    for (String line : scrape.split("\n", -1)) {
      if (PUSHED_FAMILY_LINE.matcher(line).matches()) {
        sb.append(TIME_OF_DAY.matcher(line).replaceFirst("$1 <time>")).append('\n');
      }
    }
    return sb.toString();
  }

  /**
   * Each family's HELP and TYPE lines with its sample lines in sorted order: inside a family
   * Pushbridge writes group after group, where upstream sorts all series (README, "What differs
   * from upstream").
   */
  private static Map<String, List<String>> byFamily(String lines) {
    Map<String, List<String>> families = new LinkedHashMap<>();
    List<String> samples = null;
    String header = "";
    for (String line : lines.split("\n", -1)) {
      if (line.startsWith("# HELP ")) {
        header = line;
      } else if (line.startsWith("# TYPE ")) {
        samples = new ArrayList<>();
        families.put(header + "\n" + line, samples);
        header = "";
      } else if (samples != null && !line.isEmpty()) {
        samples.add(line);
      }
    }
    families.values().forEach(list -> list.sort(null));
    return families;
  }

  private static String resource(String name) throws IOException {
    try (InputStream in = GoClientTest.class.getResourceAsStream(RESOURCES + name)) {
      if (in == null) {
        throw new IOException("test resource " + RESOURCES + name + " is missing");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
