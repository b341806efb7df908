package io.pushbridge.gateway;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * What this build is, for {@code --version}, {@code /api/v1/status} and {@code
 * pushgateway_build_info}. Upstream's keys are kept (dashboards read {@code version}); the Go
 * fields carry their Java counterparts. Branch and revision are not recorded by the build.
 */
record BuildInfo(String version, String revision, String branch, String buildUser, String buildDate,
    String javaVersion, String os, String arch) {

  static BuildInfo current() {
    Properties p = new Properties();
    try (InputStream in = BuildInfo.class.getResourceAsStream("build.properties")) {
      if (in != null) {
        p.load(in);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new BuildInfo(
        p.getProperty("version", "unknown"),
        "unknown",
        "unknown",
        "",
        p.getProperty("buildDate", "unknown"),
        System.getProperty("java.version"),
        System.getProperty("os.name").toLowerCase(Locale.ROOT),
        goArch(System.getProperty("os.arch")));
  }

  /** Go's GOARCH names, which dashboards built for upstream expect. */
  private static String goArch(String javaArch) {
    return switch (javaArch) {
      case "x86_64", "amd64" -> "amd64";
      case "aarch64" -> "arm64";
      case "x86", "i386" -> "386";
      default -> javaArch;
    };
  }

  /** {@code build_information} of {@code /api/v1/status}. */
  Map<String, String> statusMap() {
    return Map.of("branch", branch, "buildDate", buildDate, "buildUser", buildUser,
        "goVersion", "java" + javaVersion, "revision", revision, "version", version);
  }

  /** {@code --version}, laid out like Prometheus' version printer. */
  String versionText() {
    return Flags.PROGRAM + ", version " + version + " (branch: " + branch + ", revision: " + revision + ")\n"
        + "  build user:       " + buildUser + "\n"
        + "  build date:       " + buildDate + "\n"
        + "  java version:     " + javaVersion + "\n"
        + "  platform:         " + os + "/" + arch + "\n";
  }
}
