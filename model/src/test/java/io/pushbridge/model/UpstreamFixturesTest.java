package io.pushbridge.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Replays the requests of {@code upstream-fixtures.json} (answers of the upstream Pushgateway 1.5.1
 * binary, captured by {@code src/test/fixtures/capture-upstream.sh}) through the model's push
 * pipeline: grouping key, body parser, validator, text renderer. A 400 must be an {@link
 * InvalidPushException} with upstream's message; an accepted push must expose upstream's lines.
 */
class UpstreamFixturesTest {

  private static final long MAX_BYTES = 16 << 20;
  private static final String PUSH_TIME = "push_time_seconds";
  private static final String PUSH_FAILURE_TIME = "push_failure_time_seconds";

  /**
   * Cases upstream refuses that we refuse too, with another message on purpose: protobuf type and
   * label checks run while parsing, before the grouping labels are added, so the metric in the
   * message lacks them; protobuf decoding errors say where the body broke.
   */
  private static final Set<String> REFUSED_WITH_OTHER_MESSAGE = Set.of(
      "format_protobuf_type_mismatch",
      "format_protobuf_duplicate_label_names",
      "format_protobuf_garbage",
      "format_protobuf_truncated_message");

  /** Cases upstream 1.5.1 refuses that we accept on purpose, as upstream 1.6 and later do. */
  private static final Set<String> ACCEPTED_ON_PURPOSE = Set.of(
      "gzip_upper_case_encoding_not_recognised");

  /**
   * Cases upstream accepts that we refuse on purpose: a body sent as {@code
   * application/openmetrics-text} is parsed as OpenMetrics (issue 7), where upstream reads it as
   * text 0.0.4; this one is not valid OpenMetrics (a counter's sample must end in {@code _total}).
   */
  private static final Set<String> REFUSED_ON_PURPOSE = Set.of(
      "format_text_openmetrics_header");

  @TestFactory
  Stream<DynamicTest> answersLikeUpstream() throws IOException {
    JsonNode cases = fixtures().get("cases");
    assertTrue(cases.size() >= 70, "fixture file holds too few cases");
    List<DynamicTest> tests = new ArrayList<>();
    for (JsonNode c : cases) {
      tests.add(DynamicTest.dynamicTest(c.get("name").asText(), () -> replay(c)));
    }
    return tests.stream();
  }

  private static JsonNode fixtures() throws IOException {
    try (InputStream in =
        UpstreamFixturesTest.class.getResourceAsStream("/upstream-fixtures.json")) {
      assertNotNull(in, "upstream-fixtures.json on the test class path");
      return new ObjectMapper().readTree(in);
    }
  }

  /**
   * What the model makes of a request: its group if the path parsed, and the families it stores or
   * why it refuses them.
   */
  private record Outcome(
      GroupingKey key, List<MetricFamily> stored, InvalidPushException refused) {}

  private static Outcome push(JsonNode c) {
    GroupingKey key = null;
    try {
      key = GroupingKey.parsePath(c.get("path").asText());
      if (c.get("method").asText().equals("DELETE")) {
        return new Outcome(key, List.of(), null);
      }
      List<MetricFamily> parsed =
          PushBodyParser.parse(
              text(c.get("content_type")),
              text(c.get("content_encoding")),
              Base64.getDecoder().decode(c.get("body_base64").asText()),
              MAX_BYTES);
      return new Outcome(key, PushValidator.sanitize(key, parsed), null);
    } catch (InvalidPushException e) {
      return new Outcome(key, List.of(), e);
    }
  }

  private static void replay(JsonNode c) {
    String name = c.get("name").asText();
    int status = c.get("status").asInt();
    List<String> upstreamLines = strings(c.get("lines"));
    Outcome ours = push(c);
    if (ACCEPTED_ON_PURPOSE.contains(name)) {
      assertNull(ours.refused(), name);
      return;
    }
    if (REFUSED_ON_PURPOSE.contains(name)) {
      assertTrue(ours.refused() instanceof MetricsParseException
          && ours.refused().getMessage().startsWith("openmetrics format parsing error"), name);
      return;
    }
    if (status == 400) {
      List<String> messages = new ArrayList<>();
      for (String body : strings(c.get("response_bodies"))) {
        messages.add(body.endsWith("\n") ? body.substring(0, body.length() - 1) : body);
      }
      if (ours.refused() == null) {
        fail(name + ": upstream answered 400 " + messages + " but the push was accepted");
      }
      assertTrue(
          messages.contains(ours.refused().getMessage())
              || REFUSED_WITH_OTHER_MESSAGE.contains(name),
          () -> name + ": upstream: " + messages + " ours: " + ours.refused().getMessage());
    } else {
      assertTrue(status == 200 || status == 202, name + ": unexpected upstream status " + status);
      if (ours.refused() != null) {
        fail(name + ": upstream answered " + status + ", ours: " + ours.refused().getMessage());
      }
      ByteArrayBuilder out = new ByteArrayBuilder();
      TextRenderer.render(ours.stored(), out);
      assertEquals(
          String.join("\n", pushedLines(upstreamLines)), out.toString().stripTrailing(), name);
    }
    if (ours.key() != null) {
      assertGroupLabels(ours.key(), upstreamLines);
    }
  }

  /**
   * Upstream's {@code push_time_seconds}/{@code push_failure_time_seconds} series carry exactly the
   * grouping labels (plus {@code instance=""}), so they show which group a push created, even for
   * empty or refused pushes.
   */
  private static void assertGroupLabels(GroupingKey key, List<String> upstreamLines) {
    Labels labels = key.labels();
    if (!labels.contains("instance")) {
      labels = labels.with("instance", "");
    }
    for (String name : List.of(PUSH_TIME, PUSH_FAILURE_TIME)) {
      ByteArrayBuilder out = new ByteArrayBuilder();
      TextRenderer.renderSeries(name, new Metric.Scalar(labels, 0), out);
      String series = out.toString().substring(0, out.toString().lastIndexOf(' '));
      for (String line : upstreamLines) {
        if (line.startsWith(name + "{") || line.startsWith(name + " ")) {
          assertEquals(series, line.substring(0, line.lastIndexOf(' ')), "group of " + name);
        }
      }
    }
  }

  /** Upstream's lines without the synthetic families, which the store adds, not the push. */
  private static List<String> pushedLines(List<String> lines) {
    List<String> result = new ArrayList<>();
    String family = null;
    for (String line : lines) {
      if (line.startsWith("# HELP ") || line.startsWith("# TYPE ")) {
        family = line.split(" ", 4)[2];
      }
      if (!PUSH_TIME.equals(family) && !PUSH_FAILURE_TIME.equals(family)) {
        result.add(line);
      }
    }
    return result;
  }

  private static List<String> strings(JsonNode array) {
    List<String> result = new ArrayList<>(array.size());
    array.forEach(node -> result.add(node.asText()));
    return result;
  }

  private static String text(JsonNode node) {
    return node == null || node.isNull() ? null : node.asText();
  }
}
