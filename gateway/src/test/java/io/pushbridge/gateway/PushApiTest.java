package io.pushbridge.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xerial.snappy.SnappyFramedOutputStream;

/** The push API over real HTTP against a real store (spec §2–§6), as curl would drive it. */
class PushApiTest {
  @TempDir static Path dir;
  private static RunningGateway gw;
  private static Http http;

  @BeforeAll
  static void start() throws Exception {
    gw = RunningGateway.start(dir.resolve("data"), "--push.max-body-bytes=4KiB");
    http = gw.http;
  }

  @AfterAll
  static void stop() {
    gw.close();
  }

  private static List<String> familyNames(JsonNode group) {
    List<String> names = new ArrayList<>();
    group.fieldNames().forEachRemaining(n -> {
      if (!n.equals("labels") && !n.equals("last_push_successful")) {
        names.add(n);
      }
    });
    return names;
  }

  private static String value(JsonNode group, String family) {
    return group.get(family).get("metrics").get(0).get("value").asText();
  }

  private static void assertGoError(HttpResponse<String> r, int status, String message) {
    assertEquals(status, r.statusCode(), r.body());
    assertEquals(message + "\n", r.body());
    assertEquals("text/plain; charset=utf-8", Http.header(r, "Content-Type"));
    assertEquals("nosniff", Http.header(r, "X-Content-Type-Options"));
  }

  @Test
  void putReplacesTheWholeGroupAndAnswers200WithAnEmptyBody() throws Exception {
    HttpResponse<String> r = http.send("PUT", "/metrics/job/put", "m1 1\nm2 2\n");
    assertEquals(200, r.statusCode());
    assertEquals("", r.body());
    assertNull(Http.header(r, "Content-Type"));
    assertEquals(List.of("m1", "m2", "push_failure_time_seconds", "push_time_seconds"), familyNames(gw.group("job", "put")));
    http.send("PUT", "/metrics/job/put", "m3 3\n");
    assertEquals(List.of("m3", "push_failure_time_seconds", "push_time_seconds"), familyNames(gw.group("job", "put")));
  }

  @Test
  void postReplacesOnlyTheFamiliesItNames() throws Exception {
    assertEquals(200, http.send("PUT", "/metrics/job/post", "m1 1\nm2 2\n").statusCode());
    assertEquals(200, http.send("POST", "/metrics/job/post", "m2 20\nm3 3\n").statusCode());
    JsonNode g = gw.group("job", "post");
    assertEquals("1", value(g, "m1"));
    assertEquals("20", value(g, "m2"));
    assertEquals("3", value(g, "m3"));
  }

  @Test
  void deleteAnswers202AndRemovesOnlyTheExactGroup() throws Exception {
    http.send("PUT", "/metrics/job/del", "m 1\n");
    http.send("PUT", "/metrics/job/del/instance/i", "m 1\n");
    HttpResponse<String> r = http.send("DELETE", "/metrics/job/del", null);
    assertEquals(202, r.statusCode());
    assertEquals("", r.body());
    assertNull(gw.group("job", "del"));
    assertNotNull(gw.group("job", "del", "instance", "i"));
    assertEquals(202, http.send("DELETE", "/metrics/job/never-pushed", null).statusCode());
  }

  @Test
  void emptyPutKeepsTheGroupWithItsPushTime() throws Exception {
    assertEquals(200, http.send("PUT", "/metrics/job/empty", "").statusCode());
    JsonNode g = gw.group("job", "empty");
    assertEquals(List.of("push_failure_time_seconds", "push_time_seconds"), familyNames(g));
    assertTrue(Double.parseDouble(value(g, "push_time_seconds")) > 1.7e9);
    assertEquals("0", value(g, "push_failure_time_seconds"));
    assertTrue(g.get("last_push_successful").asBoolean());
  }

  @Test
  void groupingKeysComeFromTheRawPath() throws Exception {
    assertEquals(200, http.send("PUT", "/metrics/job@base64/YmFzZTY0", "m 1\n").statusCode());
    assertNotNull(gw.group("job", "base64"));
    assertEquals(200, http.send("PUT", "/metrics/job@base64/YQ==", "m 1\n").statusCode());
    assertNotNull(gw.group("job", "a"));
    http.send("PUT", "/metrics/job/cleaner/path@base64/L3Zhci90bXA", "m 1\n");
    assertNotNull(gw.group("job", "cleaner", "path", "/var/tmp"));
    http.send("PUT", "/metrics/job/ex/first@base64/=/second/foo", "m 1\n");
    assertNotNull(gw.group("job", "ex", "first", "", "second", "foo"));
    http.send("PUT", "/metrics/job/sp/x/a%20b", "m 1\n");
    assertNotNull(gw.group("job", "sp", "x", "a b"));
    http.send("PUT", "/metrics/job/plus/x/a+b", "m 1\n");
    assertNotNull(gw.group("job", "plus", "x", "a+b"));
    http.send("PUT", "/metrics/job/utf/x/%C3%BC", "m 1\n");
    assertNotNull(gw.group("job", "utf", "x", "\u00fc"));
    http.send("PUT", "/metrics/job/trail/lbl/", "m 1\n");
    assertNotNull(gw.group("job", "trail", "lbl", ""));
    http.send("PUT", "/metrics/job/rep/x/1/x/2/job/ignored", "m 1\n");
    assertNotNull(gw.group("job", "rep", "x", "2"));
  }

  @Test
  void badGroupingKeysAre400WithUpstreamsMessages() throws Exception {
    assertGoError(http.send("PUT", "/metrics/job/a%2Fb", "m 1\n"), 400, "odd number of components in label string \"/b\"");
    assertGoError(http.send("PUT", "/metrics/job/a/b", "m 1\n"), 400, "odd number of components in label string \"/b\"");
    assertGoError(http.send("PUT", "/metrics/job@base64/=", "m 1\n"), 400, "job name is required");
    assertGoError(http.send("PUT", "/metrics/job@base64/!!", "m 1\n"), 400,
        "invalid base64 encoding in job name \"\": illegal base64 data at input byte 0");
    assertGoError(http.send("PUT", "/metrics/job/a/__x/1", "m 1\n"), 400, "improper label name \"__x\"");
    assertGoError(http.send("PUT", "/metrics/job/a/a-b/1", "m 1\n"), 400, "improper label name \"a-b\"");
    assertGoError(http.send("DELETE", "/metrics/job/a/x@base64/!", null), 400,
        "invalid base64 encoding for label x=\"!\": illegal base64 data at input byte 0");
  }

  @Test
  void badBodiesAre400AndLeaveNoTrace() throws Exception {
    assertGoError(http.send("PUT", "/metrics/job/badbody", "x{"), 400,
        "text format parsing error in line 1: unexpected end of input stream");
    assertNull(gw.group("job", "badbody"));
  }

  @Test
  void timestampsAreRejectedAndRecordedAsAFailure() throws Exception {
    assertGoError(http.send("PUT", "/metrics/job/ts", "m 1 1000\n"), 400,
        "pushed metrics are invalid or inconsistent with existing metrics: pushed metrics must not have timestamps");
    JsonNode g = gw.group("job", "ts");
    assertNotNull(g, "a failed push creates the group with its failure time");
    assertEquals("0", value(g, "push_time_seconds"));
    assertTrue(Double.parseDouble(value(g, "push_failure_time_seconds")) > 1.7e9);
    assertEquals(false, g.get("last_push_successful").asBoolean());
  }

  @Test
  void gzipBodiesAreDecompressed() throws Exception {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(buf)) {
      gz.write("zipped 7\n".getBytes(StandardCharsets.UTF_8));
    }
    assertEquals(200, http.sendBytes("PUT", "/metrics/job/gz", buf.toByteArray(), "Content-Encoding", "gzip").statusCode());
    assertEquals("7", value(gw.group("job", "gz"), "zipped"));
    assertGoError(http.send("PUT", "/metrics/job/gz", "plain_text 1\n", "Content-Encoding", "gzip"), 400, "gzip: invalid header");
    assertGoError(http.send("PUT", "/metrics/job/gz", "plain 1\n", "Content-Encoding", "gzip"), 400, "unexpected EOF");
  }

  @Test
  void snappyFramedBodiesAreDecompressed() throws Exception {
    assertEquals(200, http.sendBytes("PUT", "/metrics/job/snappy", snappy("snapped 8\n"), "Content-Encoding", "snappy").statusCode());
    assertEquals("8", value(gw.group("job", "snappy"), "snapped"));
    assertGoError(http.send("PUT", "/metrics/job/snappy", "plain 1\n", "Content-Encoding", "snappy"), 400, "snappy: corrupt input");
  }

  @Test
  void bodiesOverTheLimitAre413() throws Exception {
    String big = "m 1\n".repeat(1100);
    HttpResponse<String> declared = http.send("PUT", "/metrics/job/big", big);
    assertGoError(declared, 413, "push body exceeds the limit of 4096 bytes (--push.max-body-bytes)");
    HttpResponse<String> expanded = http.sendBytes("PUT", "/metrics/job/big", snappy(big), "Content-Encoding", "snappy");
    assertGoError(expanded, 413, "push body exceeds the limit of 4096 bytes (--push.max-body-bytes)");
    assertNull(gw.group("job", "big"));
    StringBuilder fits = new StringBuilder();
    for (int i = 0; fits.length() < 4000; i++) {
      fits.append("m").append(i).append(" 1\n");
    }
    assertEquals(200, http.send("PUT", "/metrics/job/big", fits.toString()).statusCode());
  }

  @Test
  void chunkedBodiesOverTheLimitAre413() throws Exception {
    java.net.http.HttpRequest request = java.net.http.HttpRequest.newBuilder(java.net.URI.create(gw.base + "/metrics/job/chunked"))
        .PUT(java.net.http.HttpRequest.BodyPublishers.ofInputStream(
            () -> new java.io.ByteArrayInputStream("m 1\n".repeat(1100).getBytes(StandardCharsets.UTF_8))))
        .build();
    HttpResponse<String> r = java.net.http.HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    assertGoError(r, 413, "push body exceeds the limit of 4096 bytes (--push.max-body-bytes)");
  }

  @Test
  void expectContinueIsAnsweredBeforeTheBodyIsSent() throws Exception {
    java.net.URI base = java.net.URI.create(gw.base);
    byte[] body = "continued 1\n".getBytes(StandardCharsets.UTF_8);
    try (java.net.Socket socket = new java.net.Socket(base.getHost(), base.getPort())) {
      socket.setSoTimeout(10_000);
      java.io.OutputStream out = socket.getOutputStream();
      java.io.BufferedReader in = new java.io.BufferedReader(
          new java.io.InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
      out.write(("PUT /metrics/job/continue HTTP/1.1\r\nHost: " + base.getAuthority() + "\r\nContent-Length: "
          + body.length + "\r\nExpect: 100-continue\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      assertEquals("HTTP/1.1 100 Continue", in.readLine());
      assertEquals("", in.readLine());
      out.write(body);
      out.flush();
      assertEquals("HTTP/1.1 200 OK", in.readLine());
    }
    assertEquals("1", value(gw.group("job", "continue"), "continued"));
  }

  @Test
  void pushPathsAnswerOtherMethodsAndUncleanPathsLikeUpstream() throws Exception {
    HttpResponse<String> get = http.get("/metrics/job/a");
    assertEquals(405, get.statusCode());
    assertEquals("DELETE, OPTIONS, POST, PUT", Http.header(get, "Allow"));
    assertEquals(200, http.send("OPTIONS", "/metrics/job/a", null).statusCode());
    HttpResponse<String> dbl = http.send("PUT", "/metrics//job/a", "m 1\n");
    assertEquals(301, dbl.statusCode());
    assertEquals("/metrics/job/a", Http.header(dbl, "Location"));
    assertEquals(307, http.send("PUT", "/metrics/job/", "m 1\n").statusCode());
    assertEquals(404, http.send("PUT", "/metrics/job", "m 1\n").statusCode());
  }

  static byte[] snappy(String text) throws Exception {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    try (SnappyFramedOutputStream out = new SnappyFramedOutputStream(buf)) {
      out.write(text.getBytes(StandardCharsets.UTF_8));
    }
    return buf.toByteArray();
  }
}
