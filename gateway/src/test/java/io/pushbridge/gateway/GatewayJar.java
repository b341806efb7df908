package io.pushbridge.gateway;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pushbridge.store.RocksDbNativeLibrary;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The packaged jar as users run it, {@code java -jar pushbridge.jar [flags]}, for child processes. */
final class GatewayJar {
  private static final Pattern LISTENING = Pattern.compile("listening on 127\\.0\\.0\\.1:(\\d+)");

  private GatewayJar() {}

  /**
   * The command line, with RocksDB's library extracted once per build: a child that extracted its
   * own into java.io.tmpdir would leave it there when killed with SIGKILL.
   */
  static List<String> command(String... flags) throws IOException {
    String jar = System.getProperty("pushbridge.jar");
    assertTrue(jar != null && Files.isRegularFile(Path.of(jar)), "pushbridge.jar not built: " + jar);
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        RocksDbNativeLibrary.javaLibraryPathOption(), "-jar", jar));
    cmd.addAll(List.of(flags));
    return cmd;
  }

  /** The HTTP address of a child gateway once it has logged its port and readiness. */
  static Http awaitReady(ChildProcess p) throws Exception {
    String log = Eventually.await("the gateway ready", Duration.ofSeconds(60), () -> {
      if (!p.isAlive()) {
        throw new AssertionError("gateway exited:\n" + p.output());
      }
      return p.output();
    }, out -> LISTENING.matcher(out).find() && out.contains("msg=\"ready:"));
    Matcher m = LISTENING.matcher(log);
    assertTrue(m.find());
    return new Http("http://127.0.0.1:" + m.group(1));
  }
}
