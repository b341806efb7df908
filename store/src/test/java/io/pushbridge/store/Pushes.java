package io.pushbridge.store;

import io.pushbridge.model.ByteArrayBuilder;
import io.pushbridge.model.GroupingKey;
import io.pushbridge.model.PushMethod;
import io.pushbridge.model.PushRequest;
import io.pushbridge.model.TextParser;
import io.pushbridge.model.TextRenderer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Requests from text bodies, and the text exposition of a snapshot, for the store's tests. */
final class Pushes {
  private Pushes() {}

  /** Receive times in the tests: 1.7e9 s plus the given number of seconds. */
  static long at(int second) {
    return 1_700_000_000_000_000_000L + second * 1_000_000_000L;
  }

  static GroupingKey key(String path) {
    return GroupingKey.parsePath(path);
  }

  static PushRequest put(String path, String body, long nanos) {
    return request(path, PushMethod.PUT, body, nanos);
  }

  static PushRequest post(String path, String body, long nanos) {
    return request(path, PushMethod.POST, body, nanos);
  }

  static PushRequest delete(String path, long nanos) {
    return PushRequest.delete(key(path), nanos);
  }

  static PushRequest request(String path, PushMethod method, String body, long nanos) {
    return new PushRequest(
        key(path), method, TextParser.parse(body.getBytes(StandardCharsets.UTF_8)), nanos);
  }

  /** The whole store as a scrape renders it: HELP, TYPE, then every group's lines. */
  static String scrape(ScrapeSnapshot snapshot) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      for (FamilyView f : snapshot.families()) {
        ByteArrayBuilder header = new ByteArrayBuilder();
        TextRenderer.renderHeader(f.name(), f.help(), f.type(), header);
        header.writeTo(out);
        f.writeText(out);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  /** The scrape without the synthetic families, for tests about pushed content. */
  static String scrapePushed(ScrapeSnapshot snapshot) {
    StringBuilder sb = new StringBuilder();
    for (String line : scrape(snapshot).split("\n", -1)) {
      if (!line.isEmpty() && !line.contains("push_time_seconds") && !line.contains("push_failure_time_seconds")) {
        sb.append(line).append('\n');
      }
    }
    return sb.toString();
  }

  static StoreConfig memory() {
    return new StoreConfig(null, SyncMode.NONE, true, 1000, java.util.Map.of());
  }
}
