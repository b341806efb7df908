package io.pushbridge.benchmarks;

import io.pushbridge.model.MetricFamily;
import io.pushbridge.model.TextParser;
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

/** Parsing a 1,000-series text push body; the {@code megabytes} line is MB/s of input. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class TextParseBenchmark {
  private byte[] body;

  @Setup
  public void setup() {
    body = ExporterBody.text(ExporterBody.families());
  }

  @Benchmark
  public List<MetricFamily> parse(Throughput throughput) {
    throughput.add(body.length);
    return TextParser.parse(body);
  }
}
