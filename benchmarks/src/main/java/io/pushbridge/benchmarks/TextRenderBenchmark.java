package io.pushbridge.benchmarks;

import io.pushbridge.model.ByteArrayBuilder;
import io.pushbridge.model.Metric;
import io.pushbridge.model.MetricFamily;
import io.pushbridge.model.TextRenderer;
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
 * Rendering 1,000 stored series (grouping labels included) as text; the {@code megabytes} line is
 * MB/s of output. {@code seriesLines} is the push path (each series pre-rendered, no sorting),
 * {@code scrape} the whole exposition with sorting.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class TextRenderBenchmark {
  private List<MetricFamily> families;
  private final ByteArrayBuilder out = new ByteArrayBuilder(1 << 18);

  @Setup
  public void setup() {
    families = ExporterBody.stored(ExporterBody.families());
  }

  @Benchmark
  public ByteArrayBuilder seriesLines(Throughput throughput) {
    out.reset();
    for (MetricFamily family : families) {
      for (Metric metric : family.metrics()) {
        TextRenderer.renderSeries(family.name(), metric, out);
      }
    }
    throughput.add(out.size());
    return out;
  }

  @Benchmark
  public ByteArrayBuilder scrape(Throughput throughput) {
    out.reset();
    TextRenderer.render(families, out);
    throughput.add(out.size());
    return out;
  }
}
