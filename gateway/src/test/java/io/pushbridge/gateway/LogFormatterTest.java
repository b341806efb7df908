package io.pushbridge.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;

class LogFormatterTest {

  private static LogRecord record(Level level, String msg, Throwable thrown) {
    LogRecord r = new LogRecord(level, msg);
    r.setLoggerName("io.pushbridge.gateway.Gateway");
    r.setInstant(Instant.parse("2026-11-23T07:28:12.437912Z"));
    r.setThrown(thrown);
    return r;
  }

  @Test
  void logfmtLinesLookLikeUpstreams() {
    LogFormatter f = new LogFormatter(LogFormat.LOGFMT);
    assertEquals("ts=2026-11-23T07:28:12.437Z caller=Gateway level=info msg=\"listening on 127.0.0.1:9091 (http)\"\n",
        f.format(record(Level.INFO, "listening on 127.0.0.1:9091 (http)", null)));
    assertEquals("ts=2026-11-23T07:28:12.437Z caller=Gateway level=warn msg=stopped\n",
        f.format(record(Level.WARNING, "stopped", null)));
    assertEquals("ts=2026-11-23T07:28:12.437Z caller=Gateway level=debug msg=\"a \\\"quoted\\\" =x\\nnext\"\n",
        f.format(record(Level.FINE, "a \"quoted\" =x\nnext", null)));
    String error = f.format(record(Level.SEVERE, "store failed", new IllegalStateException("disk gone")));
    assertTrue(error.startsWith("ts=2026-11-23T07:28:12.437Z caller=Gateway level=error msg=\"store failed\" "
        + "err=\"java.lang.IllegalStateException: disk gone\\n\\tat "), error);
    assertTrue(error.endsWith("\"\n") && error.indexOf('\n') == error.length() - 1, "one line: " + error);
  }

  @Test
  void jsonLinesAreObjectsWithTheSameKeys() throws Exception {
    LogFormatter f = new LogFormatter(LogFormat.JSON);
    String line = f.format(record(Level.SEVERE, "store \"failed\"", new IllegalStateException("disk gone")));
    assertTrue(line.endsWith("}\n") && line.indexOf('\n') == line.length() - 1, line);
    JsonNode json = RunningGateway.parse(line);
    assertEquals("Gateway", json.get("caller").asText());
    assertEquals("error", json.get("level").asText());
    assertEquals("store \"failed\"", json.get("msg").asText());
    assertEquals("2026-11-23T07:28:12.437Z", json.get("ts").asText());
    assertTrue(json.get("err").asText().startsWith("java.lang.IllegalStateException: disk gone\n\tat "));
  }
}
