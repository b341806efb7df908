package io.pushbridge.gateway;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The real programs some tests drive. A missing one is a failure naming the Debian package (the
 * project's {@code .ci/install-test-deps.sh} installs them), never a skipped test.
 */
final class ExternalTools {
  private ExternalTools() {}

  static final Path SYSTEM_PYTHON = Path.of("/usr/bin/python3");

  static Path require(String command, String debianPackage) {
    for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(File.pathSeparator, -1)) {
      Path p = Path.of(dir.isEmpty() ? "." : dir, command);
      if (Files.isExecutable(p)) {
        return p;
      }
    }
    return fail(command + " not found on PATH: install the Debian package " + debianPackage
        + " (.ci/install-test-deps.sh does)");
  }

  /** The system Python with the Debian prometheus_client, not a pyenv one without it. */
  static Path requirePythonClient() throws IOException, InterruptedException {
    if (!Files.isExecutable(SYSTEM_PYTHON)) {
      fail(SYSTEM_PYTHON + " not found: install the Debian packages python3 and python3-prometheus-client");
    }
    Result r = run(List.of(SYSTEM_PYTHON.toString(), "-c", "import prometheus_client"), 60);
    if (r.exitCode() != 0) {
      fail("prometheus_client is not importable by " + SYSTEM_PYTHON
          + ": install the Debian package python3-prometheus-client (.ci/install-test-deps.sh does)\n" + r.output());
    }
    return SYSTEM_PYTHON;
  }

  /** Where Debian's golang-github-prometheus-client-golang-dev puts client_golang for GOPATH builds. */
  static final Path DEBIAN_GOPATH = Path.of("/usr/share/gocode");

  /** The Go toolchain, with Debian's client_golang to build against. */
  static Path requireGoClient() {
    Path go = require("go", "golang-go");
    if (!Files.isDirectory(DEBIAN_GOPATH.resolve("src/github.com/prometheus/client_golang/prometheus/push"))) {
      fail("client_golang is not under " + DEBIAN_GOPATH
          + ": install the Debian package golang-github-prometheus-client-golang-dev (.ci/install-test-deps.sh does)");
    }
    return go;
  }

  record Result(int exitCode, String output) {}

  /** Runs to completion (bounded), stdout and stderr together. */
  static Result run(List<String> command, int timeoutSeconds) throws IOException, InterruptedException {
    return run(command, Map.of(), timeoutSeconds);
  }

  /** As {@link #run(List, int)}, with {@code environment} added to this process's. */
  static Result run(List<String> command, Map<String, String> environment, int timeoutSeconds)
      throws IOException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().putAll(environment);
    Process p = builder.start();
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      fail(command + " did not finish within " + timeoutSeconds + " s:\n" + out);
    }
    return new Result(p.exitValue(), out);
  }

  /** A loopback port free right now, for a child process that needs one on its command line. */
  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
