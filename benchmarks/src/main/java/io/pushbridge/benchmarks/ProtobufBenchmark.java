package io.pushbridge.benchmarks;

import io.pushbridge.model.ByteArrayBuilder;
import io.pushbridge.model.MetricFamily;
import io.pushbridge.model.ProtobufParser;
import io.pushbridge.model.ProtobufRenderer;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The same 1,000 series as delimited protobuf, client_golang's default push format: parsing the
 * push body and rendering the stored series; {@code megabytes} is MB/s of protobuf bytes.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ProtobufBenchmark {
  private byte[] body;
  private List<MetricFamily> stored;
  private final ByteArrayBuilder out = new ByteArrayBuilder(1 << 18);

  @Setup
  public void setup() {
    ByteArrayBuilder pushed = new ByteArrayBuilder(1 << 16);
    ProtobufRenderer.render(ExporterBody.families(), pushed);
    body = pushed.toByteArray();
    stored = ExporterBody.stored(ExporterBody.families());
  }

  @Benchmark
  public List<MetricFamily> parse(Throughput throughput) {
    throughput.add(body.length);
    return ProtobufParser.parse(body);
  }

  @Benchmark
  public ByteArrayBuilder render(Throughput throughput) {
    out.reset();
    ProtobufRenderer.render(stored, out);
    throughput.add(out.size());
    return out;
  }
}
