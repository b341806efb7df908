package io.pushbridge.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.pushbridge.model.ByteArrayBuilder;
import io.pushbridge.model.Labels;
import io.pushbridge.model.Metric;
import io.pushbridge.model.MetricFamily;
import io.pushbridge.model.MetricType;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A slice keeps families exactly, whether as text lines alone or with their binary form. */
class SliceTest {
  private static final Labels ODD =
      Labels.of("job", "j\u00e9\uD83D\uDE00", "empty", "", "q", "a\"b\\c\nd", "le", "0.5");

  private static List<MetricFamily> families() {
    List<Metric> scalars = new ArrayList<>();
    double[] values = {
      1, -1.5, Double.MIN_VALUE, 1e300, 123456789.123, Double.POSITIVE_INFINITY,
      Double.NEGATIVE_INFINITY, Double.NaN, -0.0, Double.longBitsToDouble(0x7ff0000000000002L)
    };
    for (int i = 0; i < values.length; i++) {
      scalars.add(new Metric.Scalar(ODD.with("i", Integer.toString(i)), values[i]));
    }
    scalars.add(new Metric.Scalar(Labels.EMPTY, 7));
    List<MetricFamily> families = new ArrayList<>();
    for (MetricType type : List.of(MetricType.COUNTER, MetricType.GAUGE, MetricType.UNTYPED)) {
      families.add(new MetricFamily("m_count", "help \\ with\nnewline", type, scalars));
      families.add(new MetricFamily("plain", null, type, List.of(new Metric.Scalar(ODD, 2.5))));
      families.add(new MetricFamily("plain", "", type, List.of(new Metric.Scalar(ODD, -0.0))));
    }
    families.add(
        new MetricFamily(
            "s",
            "",
            MetricType.SUMMARY,
            List.of(
                new Metric.Summary(
                    ODD,
                    (1L << 60) + 1,
                    Double.NaN,
                    List.of(new Metric.Quantile(0.5, -0.0), new Metric.Quantile(0.99, 3)),
                    Metric.NO_TIMESTAMP))));
    families.add(
        new MetricFamily(
            "h",
            null,
            MetricType.HISTOGRAM,
            List.of(
                new Metric.Histogram(
                    Labels.of("a", "b"),
                    -1L,
                    2.5,
                    List.of(new Metric.Bucket(1, 3), new Metric.Bucket(2, 4)),
                    Metric.NO_TIMESTAMP))));
    return families;
  }

  @Test
  void decodeGivesBackEveryFamilyExactly() {
    for (MetricFamily f : families()) {
      Slice.Prepared prepared = Slice.Prepared.of(f, 42);
      StoredFamily decoded = prepared.toSlice().decode();
      assertEquals(prepared.family(), decoded.family(), f.name() + " " + f.type());
      assertEquals(bits(prepared.family()), bits(decoded.family()), f.name() + " " + f.type());
      assertEquals(42, decoded.receiveTimeNanos());
    }
  }

  @Test
  void storedFormReadsBackTheSameSlice() {
    for (MetricFamily f : families()) {
      Slice slice = Slice.Prepared.of(f, 42).toSlice();
      ByteArrayBuilder out = new ByteArrayBuilder();
      slice.writeTo(out);
      FamilyCodec.Reader in = new FamilyCodec.Reader(out.toByteArray());
      Slice read = Slice.readFrom(in, new StringPool());
      in.expectEnd();
      assertEquals(slice.name, read.name);
      assertEquals(slice.type, read.type);
      assertEquals(slice.help, read.help);
      assertEquals(slice.receiveTimeNanos, read.receiveTimeNanos);
      assertEquals(slice.seriesCount, read.seriesCount);
      assertArrayEquals(slice.lines, read.lines);
      assertArrayEquals(slice.sortedHashes, read.sortedHashes);
      assertEquals(slice.decode(), read.decode());
      assertEquals(bits(slice.decode().family()), bits(read.decode().family()));
    }
  }

  @Test
  void scalarLinesOfAnotherShapeAreRefused() {
    for (String lines :
        List.of("n 1\n", "m{a=\"1\"}\n", "m{a=\"1\" 2\n", "m{a=\"1\"} x\n", "m 1", "m{a=\"\\")) {
      byte[] bytes = lines.getBytes(java.nio.charset.StandardCharsets.UTF_8);
      assertThrows(
          IllegalArgumentException.class,
          () -> ScalarLineParser.parse("m", bytes, bytes.length, 1),
          lines);
    }
  }

  /** The raw bits of every scalar value: records compare NaN payloads as equal. */
  private static List<Long> bits(MetricFamily family) {
    List<Long> bits = new ArrayList<>();
    for (Metric m : family.metrics()) {
      if (m instanceof Metric.Scalar s) {
        bits.add(Double.doubleToRawLongBits(s.value()));
      }
    }
    return bits;
  }
}
