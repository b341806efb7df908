package io.pushbridge.gateway;

import java.io.PrintStream;
import java.lang.System.Logger.Level;

/**
 * {@code java -jar pushbridge.jar [flags]}: parses the flags (a bad command line exits 1 with
 * kingpin's message layout), starts the gateway, and runs until SIGTERM, SIGINT or {@code
 * /-/quit}, each of which shuts it down gracefully.
 */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    System.setProperty("java.util.logging.manager", GatewayLogManager.class.getName());
    System.exit(run(args, System.out, System.err));
  }

  /** Runs to completion and returns the exit code. */
  static int run(String[] args, PrintStream out, PrintStream err) {
    FlagParser.Result parsed;
    GatewayConfig config;
    try {
      parsed = Flags.PARSER.parse(args);
      if (parsed.help()) {
        out.print(Flags.PARSER.usage(Flags.PROGRAM, Flags.DESCRIPTION));
        return 0;
      }
      if (parsed.version()) {
        out.print(BuildInfo.current().versionText());
        return 0;
      }
      config = Flags.toConfig(parsed);
    } catch (FlagException e) {
      err.println(Flags.PROGRAM + ": error: " + e.getMessage() + ", try --help");
      return 1;
    }
    GatewayLogging.configure(config.logLevel(), config.logFormat(), err);
    System.Logger log = System.getLogger(Main.class.getName());
    BuildInfo build = BuildInfo.current();
    log.log(Level.INFO, "starting Pushbridge " + build.version() + " (java " + build.javaVersion() + ")");
    Gateway gateway;
    try {
      gateway = Gateway.start(config, build);
    } catch (Gateway.StartupException e) {
      log.log(Level.ERROR, e.getMessage());
      return 1;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(gateway::close, "pushbridge-signal"));
    try {
      gateway.awaitStopped();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      gateway.close();
    }
    return 0;
  }
}
