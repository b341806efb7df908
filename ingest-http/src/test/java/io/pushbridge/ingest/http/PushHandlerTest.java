package io.pushbridge.ingest.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pushbridge.model.GroupingKey;
import io.pushbridge.model.InvalidPushException;
import io.pushbridge.model.Labels;
import io.pushbridge.model.PayloadTooLargeException;
import io.pushbridge.store.GroupStore;
import io.pushbridge.store.GroupView;
import io.pushbridge.store.StoreConfig;
import io.pushbridge.store.SyncMode;
import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.server.HttpServerExchange;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.xerial.snappy.SnappyFramedOutputStream;

/**
 * The handler on a real Undertow server (on its IO threads, raw paths, the body read from the
 * socket) in front of a real in-memory store. Errors are answered here the simplest way; the
 * gateway owns the real mapping.
 */
class PushHandlerTest {
  private Undertow server;
  private GroupStore store;
  private final HttpClient client = HttpClient.newHttpClient();
  private final AtomicInteger parsedOnWorkers = new AtomicInteger();
  private final ExecutorService workers = Executors.newFixedThreadPool(2);

  private String start(boolean consistencyCheck) {
    store = GroupStore.open(new StoreConfig(null, SyncMode.ALWAYS, consistencyCheck, 100, Map.of()));
    Executor counting = task -> {
      parsedOnWorkers.incrementAndGet();
      workers.execute(task);
    };
    PushHandler push = new PushHandler(store, consistencyCheck, 1 << 20, Clock.systemUTC(), counting,
        PushHandlerTest::answerError);
    server = Undertow.builder()
        .setServerOption(UndertowOptions.DECODE_URL, false)
        .addHttpListener(0, "127.0.0.1")
        .setHandler(ex -> {
          try {
            push.handle(ex, ex.getRequestPath().substring("/metrics/".length()));
          } catch (InvalidPushException e) {
            answerError(ex, e);
          }
        })
        .build();
    server.start();
    int port = ((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort();
    return "http://127.0.0.1:" + port;
  }

  private static void answerError(HttpServerExchange ex, Exception e) {
    ex.setStatusCode(e instanceof PayloadTooLargeException ? 413 : e instanceof InvalidPushException ? 400 : 503);
    ex.getResponseSender().send(e.getMessage());
  }

  @AfterEach
  void stop() {
    server.stop();
    store.close();
    workers.shutdown();
  }

  private HttpResponse<String> send(String base, String method, String path, String body) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(URI.create(base + path))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
        .build();
    return client.send(request, HttpResponse.BodyHandlers.ofString());
  }

  private GroupView group(String path) {
    GroupingKey key = GroupingKey.parsePath(path);
    return store.groups().stream().filter(g -> g.key().equals(key)).findFirst().orElse(null);
  }

  @Test
  void checkedPushesAnswer200AndDeletes202() throws Exception {
    String base = start(true);
    HttpResponse<String> put = send(base, "PUT", "/metrics/job/a/path@base64/L3Zhci90bXA", "m 1\n");
    assertEquals(200, put.statusCode());
    assertEquals("0", put.headers().firstValue("Content-Length").orElseThrow());
    GroupView g = group("job/a/path@base64/L3Zhci90bXA");
    assertEquals(Labels.of("job", "a", "path", "/var/tmp"), g.key().labels());
    assertTrue(g.pushTimeSeconds() > 1.7e9);
    assertEquals(200, send(base, "POST", "/metrics/job/a/path@base64/L3Zhci90bXA", "n 2\n").statusCode());
    assertEquals(202, send(base, "DELETE", "/metrics/job/a/path@base64/L3Zhci90bXA", null).statusCode());
    assertEquals(List.of(), store.groups());
  }

  @Test
  void uncheckedPushesAnswer202() throws Exception {
    String base = start(false);
    assertEquals(202, send(base, "PUT", "/metrics/job/u", "m 1\n").statusCode());
    assertEquals(1, store.groups().size());
  }

  private static byte[] snappy(byte[] plain) throws IOException {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    try (SnappyFramedOutputStream out = new SnappyFramedOutputStream(buf)) {
      out.write(plain);
    }
    return buf.toByteArray();
  }

  @Test
  void snappyBodiesAreDecodedWhateverTheHeaderCase() throws Exception {
    String base = start(true);
    HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/metrics/job/s"))
        .PUT(HttpRequest.BodyPublishers.ofByteArray(
            snappy("snapped 8\n".getBytes(StandardCharsets.UTF_8))))
        .header("Content-Encoding", "Snappy")
        .build();
    assertEquals(200, client.send(request, HttpResponse.BodyHandlers.ofString()).statusCode());
    assertTrue(group("job/s").families().stream().anyMatch(f -> f.family().name().equals("snapped")));
  }

  @Test
  void smallBodiesAreParsedInPlaceAndLargeOnesOnTheWorkers() throws Exception {
    String base = start(true);
    assertEquals(200, send(base, "PUT", "/metrics/job/small", "m 1\n").statusCode());
    assertEquals(0, parsedOnWorkers.get());
    StringBuilder large = new StringBuilder();
    for (int i = 0; large.length() <= PushHandler.INLINE_PARSE_BYTES; i++) {
      large.append("large_").append(i).append(" 1\n");
    }
    assertEquals(200, send(base, "PUT", "/metrics/job/large", large.toString()).statusCode());
    assertEquals(1, parsedOnWorkers.get());
    assertTrue(group("job/large").families().size() > 1000);
  }

  @Test
  void failuresAfterTheBodyAreAnsweredThroughTheResponder() throws Exception {
    String base = start(true);
    HttpResponse<String> r = send(base, "PUT", "/metrics/job/bad", "m{ 1\n");
    assertEquals(400, r.statusCode());
    assertTrue(r.body().startsWith("text format parsing error in line 1"), r.body());
    HttpResponse<String> tooLarge = send(base, "PUT", "/metrics/job/big", "m 1\n".repeat(300_000));
    assertEquals(413, tooLarge.statusCode());
    assertNull(group("job/bad"));
    assertNull(group("job/big"));
  }

  @Test
  void keyErrorsComeBeforeTheBodyIsRead() throws Exception {
    String base = start(true);
    HttpResponse<String> r = send(base, "PUT", "/metrics/job/a/b", "this is not read");
    assertEquals(400, r.statusCode());
    assertEquals("odd number of components in label string \"/b\"", r.body());
  }

  /** Reads raw HTTP/1.1 answers with empty bodies until {@code count} status lines have come. */
  private static List<String> statusLines(Socket socket, int count) throws IOException {
    socket.setSoTimeout(10_000);
    InputStream in = socket.getInputStream();
    StringBuilder text = new StringBuilder();
    List<String> lines = new ArrayList<>();
    while (lines.size() < count) {
      int b = in.read();
      if (b < 0) {
        break;
      }
      text.append((char) b);
      if (text.length() >= 4 && text.lastIndexOf("\r\n\r\n") == text.length() - 4) {
        lines.add(text.substring(0, text.indexOf("\r\n")));
        text.setLength(0);
      }
    }
    return lines;
  }

  private static String rawRequest(String method, String path, String body) {
    return method + " " + path + " HTTP/1.1\r\nHost: x\r\nContent-Length: " + body.length() + "\r\n\r\n" + body;
  }

  @Test
  void requestsSentWhilePushesWaitForTheStoreAreAnsweredInOrder() throws Exception {
    int port = URI.create(start(true)).getPort();
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
      OutputStream out = socket.getOutputStream();
      out.write(rawRequest("PUT", "/metrics/job/p/i/1", "m 1\n").getBytes(StandardCharsets.UTF_8));
      out.flush();
      for (int i = 2; i <= 20; i++) {
        out.write(rawRequest("PUT", "/metrics/job/p/i/" + i, "m " + i + "\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
      }
      out.write(rawRequest("DELETE", "/metrics/job/p/i/1", "").getBytes(StandardCharsets.UTF_8));
      out.flush();
      List<String> answers = statusLines(socket, 21);
      assertEquals(21, answers.size(), answers.toString());
      assertTrue(answers.subList(0, 20).stream().allMatch(a -> a.equals("HTTP/1.1 200 OK")), answers.toString());
      assertEquals("HTTP/1.1 202 Accepted", answers.get(20));
    }
    assertNull(group("job/p/i/1"));
    assertEquals(19, store.groups().size());
  }

  @Test
  void aClientThatClosesItsSideAfterThePushStillGetsItsAnswer() throws Exception {
    int port = URI.create(start(true)).getPort();
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
      socket.getOutputStream().write(rawRequest("PUT", "/metrics/job/h", "m 1\n").getBytes(StandardCharsets.UTF_8));
      socket.shutdownOutput();
      assertEquals(List.of("HTTP/1.1 200 OK"), statusLines(socket, 1));
      assertEquals(-1, socket.getInputStream().read());
    }
    assertEquals(1, store.groups().size());
  }
}
