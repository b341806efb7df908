package io.pushbridge.gateway;

import java.io.PrintStream;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.logging.StreamHandler;

/**
 * Routes java.util.logging (which also carries System.Logger and, through jboss-logging,
 * Undertow's and XNIO's messages) to one stream in the chosen format and level.
 */
final class GatewayLogging {
  private GatewayLogging() {}

  /** Libraries that announce their versions (Kafka: every client setting) at INFO; kept quiet unless debugging. */
  private static final String[] CHATTY = {"io.undertow", "org.xnio", "org.jboss.threads", "org.apache.kafka"};

  /** java.util.logging holds loggers weakly; a level set on a collected logger would be lost. */
  private static final java.util.List<Logger> PINNED = new java.util.concurrent.CopyOnWriteArrayList<>();

  static void configure(LogLevel level, LogFormat format, PrintStream out) {
    Logger root = Logger.getLogger("");
    for (Handler h : root.getHandlers()) {
      root.removeHandler(h);
    }
    root.setLevel(level.julLevel());
    Handler handler = new StreamHandler(out, new LogFormatter(format)) {
      @Override
      public synchronized void publish(java.util.logging.LogRecord record) {
        super.publish(record);
        flush();
      }
    };
    handler.setLevel(Level.ALL);
    root.addHandler(handler);
    for (String name : CHATTY) {
      Logger logger = Logger.getLogger(name);
      logger.setLevel(level == LogLevel.DEBUG ? level.julLevel() : Level.WARNING);
      PINNED.add(logger);
    }
  }
}
