package io.pushbridge.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.pushbridge.model.GroupingKey;
import io.pushbridge.model.PushMethod;
import io.pushbridge.model.PushRequest;
import io.pushbridge.model.TextParser;
import io.pushbridge.store.GroupStore;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code DELETE /api/v1/admin/groups?match[]=...} (beyond upstream). */
class DeleteGroupsTest {
  private static final List<String> GROUPS = List.of(
      "job/batch", "job/batch/instance/i1", "job/etl-daily", "job/etl-hourly/instance/h", "job/other/instance/x");

  @TempDir Path dir;

  private static String query(String... selectors) {
    StringBuilder sb = new StringBuilder("/api/v1/admin/groups");
    for (int i = 0; i < selectors.length; i++) {
      sb.append(i == 0 ? '?' : '&').append("match%5B%5D=").append(URLEncoder.encode(selectors[i], StandardCharsets.UTF_8));
    }
    return sb.toString();
  }

  private static HttpResponse<String> delete(RunningGateway gw, String... selectors) throws Exception {
    return gw.http.send("DELETE", query(selectors), null);
  }

  private static Set<String> remaining(RunningGateway gw) throws Exception {
    Set<String> paths = new TreeSet<>();
    for (JsonNode g : gw.groups()) {
      StringBuilder path = new StringBuilder("job/").append(g.get("labels").get("job").asText());
      if (g.get("labels").has("instance")) {
        path.append("/instance/").append(g.get("labels").get("instance").asText());
      }
      paths.add(path.toString());
    }
    return paths;
  }

  /** Recreates the five groups, deletes by {@code selectors}, and returns what is left. */
  private static Set<String> afterDeleting(RunningGateway gw, int expectDeleted, String... selectors) throws Exception {
    for (String g : GROUPS) {
      assertEquals(200, gw.http.send("PUT", "/metrics/" + g, "m 1\n").statusCode());
    }
    HttpResponse<String> r = delete(gw, selectors);
    assertEquals(200, r.statusCode(), r.body());
    assertEquals("{\"status\":\"success\",\"data\":{\"deleted\":" + expectDeleted + "}}", r.body());
    assertEquals("application/json", Http.header(r, "Content-Type"));
    return remaining(gw);
  }

  @Test
  void deletesTheGroupsMatchingEachOperator() throws Exception {
    try (RunningGateway gw = RunningGateway.start(dir, "--web.enable-admin-api")) {
      assertEquals(Set.of("job/etl-daily", "job/etl-hourly/instance/h", "job/other/instance/x"),
          afterDeleting(gw, 2, "{job=\"batch\"}"));
      assertEquals(Set.of("job/batch", "job/etl-daily", "job/etl-hourly/instance/h", "job/other/instance/x"),
          afterDeleting(gw, 1, "{job=\"batch\",instance!=\"\"}"));
      assertEquals(Set.of("job/batch", "job/batch/instance/i1", "job/other/instance/x"),
          afterDeleting(gw, 2, "{job=~\"etl-.*\"}"));
      assertEquals(Set.of("job/batch", "job/batch/instance/i1", "job/etl-daily", "job/other/instance/x"),
          afterDeleting(gw, 1, "{job=~\"etl-.*\",instance!=\"\"}"));
      assertEquals(Set.of("job/batch", "job/batch/instance/i1", "job/etl-daily", "job/etl-hourly/instance/h"),
          afterDeleting(gw, 1, "{job!~\"etl-.*|batch\",instance=~\".+\"}"));
      assertEquals(Set.copyOf(GROUPS), afterDeleting(gw, 0, "{job=~\"etl\"}"));
    }
  }

  @Test
  void severalMatchParametersAreOred() throws Exception {
    try (RunningGateway gw = RunningGateway.start(dir, "--web.enable-admin-api")) {
      assertEquals(Set.of("job/etl-daily", "job/etl-hourly/instance/h"),
          afterDeleting(gw, 3, "{job=\"batch\"}", "{instance=\"x\"}", "{job=\"batch\",instance=\"i1\"}"));
    }
  }

  @Test
  void theRouteIsAbsentWithoutTheAdminApi() throws Exception {
    try (RunningGateway gw = RunningGateway.start(dir)) {
      gw.http.send("PUT", "/metrics/job/batch", "m 1\n");
      HttpResponse<String> r = delete(gw, "{job=\"batch\"}");
      assertEquals(404, r.statusCode());
      assertEquals("404 page not found\n", r.body());
      assertEquals(1, gw.groups().size());
    }
  }

  @Test
  void aBadOrMissingSelectorIs400InTheApiErrorShape() throws Exception {
    try (RunningGateway gw = RunningGateway.start(dir, "--web.enable-admin-api")) {
      gw.http.send("PUT", "/metrics/job/batch", "m 1\n");
      HttpResponse<String> bad = delete(gw, "{job=\"batch\"}", "{job~\"x\"}");
      assertEquals(400, bad.statusCode());
      assertEquals("{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"invalid parameter \\\"match[]\\\": "
          + "1:5: parse error: unexpected character \\\"~\\\" in label matching, expected one of "
          + "\\\"=\\\", \\\"!=\\\", \\\"=~\\\" or \\\"!~\\\"\"}", bad.body());
      assertEquals("application/json", Http.header(bad, "Content-Type"));
      assertEquals("*", Http.header(bad, "Access-Control-Allow-Origin"));
      HttpResponse<String> everything = delete(gw, "{}");
      assertEquals(400, everything.statusCode());
      assertEquals("{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"invalid parameter \\\"match[]\\\": "
          + "1:1: parse error: vector selector must contain at least one non-empty matcher\"}", everything.body());
      HttpResponse<String> missing = gw.http.send("DELETE", "/api/v1/admin/groups", null);
      assertEquals(400, missing.statusCode());
      assertEquals("{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"no match[] parameter provided\"}",
          missing.body());
      assertEquals(1, gw.groups().size());
    }
  }

  @Test
  void deletesTenThousandGroupsInOneCallDurably() throws Exception {
    try (RunningGateway gw = RunningGateway.start(dir, "--web.enable-admin-api")) {
      GroupStore store = gw.gateway.store();
      List<CompletableFuture<?>> pending = new ArrayList<>();
      for (int i = 0; i < 10_300; i++) {
        String path = i < 10_000 ? "job/drop/instance/" + i : "job/keep/instance/" + i;
        pending.add(store.submit(new PushRequest(GroupingKey.parsePath(path), PushMethod.PUT,
            TextParser.parse("m 1\n".getBytes(StandardCharsets.UTF_8)), 1_800_000_000_000_000_000L)));
        if (pending.size() == 1000) {
          CompletableFuture.allOf(pending.toArray(new CompletableFuture<?>[0])).get();
          pending.clear();
        }
      }
      CompletableFuture.allOf(pending.toArray(new CompletableFuture<?>[0])).get();
      assertEquals(10_300, store.stats().groups());
      HttpResponse<String> r = delete(gw, "{job=\"drop\"}");
      assertEquals("{\"status\":\"success\",\"data\":{\"deleted\":10000}}", r.body());
      assertEquals(300, gw.groups().size());
      for (JsonNode g : gw.groups()) {
        assertEquals("keep", g.get("labels").get("job").asText());
      }
    }
    try (RunningGateway gw = RunningGateway.start(dir, "--web.enable-admin-api")) {
      assertEquals(300, gw.gateway.store().stats().groups());
      assertEquals(900, gw.gateway.store().stats().series());
    }
  }
}
