package io.pushbridge.store;

import io.pushbridge.model.ByteArrayBuilder;
import io.pushbridge.model.GroupingKey;
import io.pushbridge.model.MetricFamily;
import io.pushbridge.model.ProtobufParser;
import io.pushbridge.model.ProtobufRenderer;
import io.pushbridge.model.PushMethod;
import io.pushbridge.model.PushRequest;
import io.pushbridge.model.TextParser;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Function;

/**
 * The per-series work of a large push on the thread that receives it, without HTTP or the
 * writer: parsing the body of {@code bench/}'s push_large scenario (1,000 series in 10 families,
 * as {@code bench/lua/pgw.lua} makes it) and preparing it for the store (sanitising, the duplicate
 * check, sorting, rendering, front-coding, hashing). Prints the thread's CPU time per series of
 * each step, so that it reads the same on a loaded machine.
 *
 * <p>Arguments: rounds of measurement (default 10), pushes per round (default 2,000), the body's
 * format: {@code text} (default) or {@code protobuf} (the same families as client_golang pushes
 * them, varint-delimited {@code MetricFamily} messages).
 */
public final class PrepareBenchmark {
  private PrepareBenchmark() {}

  private static final String[] METHODS = {"GET", "POST", "PUT", "DELETE", "PATCH"};
  private static final String[] CODES = {"200", "404", "500", "503"};

  /** pgw.lua's {@code make_body(series, variant, "bench_large")}. */
  static byte[] body(int series, int variant) {
    StringBuilder sb = new StringBuilder(series * 80);
    int families = series <= 10 ? Math.min(2, series) : 10;
    for (int f = 0; f < families; f++) {
      int n = series / families + (f < series % families ? 1 : 0);
      boolean counter = f % 2 == 0;
      String name = "bench_large_m" + f + (counter ? "_total" : "");
      sb.append("# HELP ").append(name).append(" Benchmark metric ").append(f).append(".\n");
      sb.append("# TYPE ").append(name).append(counter ? " counter\n" : " gauge\n");
      for (int k = 0; k < n; k++) {
        String v = counter
            ? Integer.toString(1000 * variant + 7 * k + f)
            : String.format("%.3f", variant + k / 7.0 + f / 3.0);
        sb.append(name).append("{method=\"").append(METHODS[k % 5]).append("\",code=\"")
            .append(CODES[(k / 5) % 4]).append("\",path=\"/api/v1/items/").append(k)
            .append("\"} ").append(v).append('\n');
      }
    }
    return sb.toString().getBytes(StandardCharsets.UTF_8);
  }

  public static void main(String[] args) {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
    int pushes = args.length > 1 ? Integer.parseInt(args[1]) : 2000;
    boolean protobuf = args.length > 2 && args[2].equals("protobuf");
    Function<byte[], List<MetricFamily>> parser = protobuf ? ProtobufParser::parse : TextParser::parse;
    int series = 1000;
    byte[][] bodies = new byte[16][];
    for (int v = 0; v < bodies.length; v++) {
      bodies[v] = body(series, v);
      if (protobuf) {
        ByteArrayBuilder out = new ByteArrayBuilder();
        ProtobufRenderer.render(TextParser.parse(bodies[v]), out);
        bodies[v] = out.toByteArray();
      }
    }
    GroupingKey[] keys = new GroupingKey[1000];
    for (int i = 0; i < keys.length; i++) {
      keys[i] = GroupingKey.parsePath("job/bench_large/instance/" + i);
    }
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    long sink = 0;
    for (int r = 0; r < rounds; r++) {
      long parseNanos = 0;
      long prepareNanos = 0;
      for (int i = 0; i < pushes; i++) {
        long t0 = mx.getCurrentThreadCpuTime();
        List<MetricFamily> families = parser.apply(bodies[(i + r) % bodies.length]);
        long t1 = mx.getCurrentThreadCpuTime();
        PreparedPush p = PreparedPush.of(
            new PushRequest(keys[i % keys.length], PushMethod.PUT, families, System.nanoTime()));
        long t2 = mx.getCurrentThreadCpuTime();
        parseNanos += t1 - t0;
        prepareNanos += t2 - t1;
        sink += p.families().size();
      }
      double n = (double) pushes * series;
      System.out.printf("round %d: parse %.0f ns/series, prepare %.0f ns/series, together %.0f%n",
          r, parseNanos / n, prepareNanos / n, (parseNanos + prepareNanos) / n);
    }
    if (sink == 42) {
      System.out.println();
    }
  }
}
