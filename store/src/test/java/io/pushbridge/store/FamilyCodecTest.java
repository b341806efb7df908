package io.pushbridge.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.pushbridge.model.Labels;
import io.pushbridge.model.Metric;
import io.pushbridge.model.MetricFamily;
import io.pushbridge.model.MetricType;
import io.pushbridge.model.NativeHistogram;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class FamilyCodecTest {

  @Test
  void roundTripsEveryTypeAndEdgeValue() {
    Labels labels = Labels.of("job", "j\u00e9\uD83D\uDE00", "empty", "", "q", "a\"b\\c\nd");
    List<MetricFamily> families =
        List.of(
            new MetricFamily(
                "s",
                "",
                MetricType.SUMMARY,
                List.of(
                    new Metric.Summary(
                        labels,
                        -1L,
                        Double.NaN,
                        List.of(new Metric.Quantile(0.5, -0.0)),
                        Metric.NO_TIMESTAMP))),
            new MetricFamily(
                "h",
                null,
                MetricType.HISTOGRAM,
                List.of(
                    new Metric.Histogram(
                        Labels.EMPTY,
                        Long.MIN_VALUE,
                        Double.NEGATIVE_INFINITY,
                        List.of(new Metric.Bucket(Double.POSITIVE_INFINITY, 3)),
                        Metric.NO_TIMESTAMP))),
            new MetricFamily(
                "c",
                "help\nwith newline",
                MetricType.COUNTER,
                List.of(new Metric.Scalar(labels, Double.MIN_VALUE), new Metric.Scalar(Labels.EMPTY, 1e300))));
    for (MetricFamily f : families) {
      StoredFamily decoded = FamilyCodec.decode(FamilyCodec.encode(f, 123456789L));
      assertEquals(f.toString(), decoded.family().toString());
      assertEquals(123456789L, decoded.receiveTimeNanos());
    }
  }

  @Test
  void keepsNativeHistogramBucketsAndWritesFamiliesWithoutThemAsBefore() {
    NativeHistogram natives = NativeHistogram.ofWireFields(new byte[] {0x28, 0x06, 0x38, 0x01});
    List<Metric.Bucket> buckets = List.of(new Metric.Bucket(1, 2));
    MetricFamily mixed = new MetricFamily("h", "help", MetricType.HISTOGRAM, List.of(
        new Metric.Histogram(Labels.of("a", "1"), 2, 0.5, buckets, Metric.NO_TIMESTAMP, natives),
        new Metric.Histogram(Labels.of("a", "2"), 2, 0.5, buckets, Metric.NO_TIMESTAMP)));
    assertEquals(mixed, FamilyCodec.decode(FamilyCodec.encode(mixed, 7)).family());

    // The flags follow the name ("h") and the type: help, plus native buckets only where there are
    // some. Without them the bytes are the ones a Pushbridge of store format 5 wrote and reads.
    assertEquals(1 | 2, FamilyCodec.encode(mixed, 7)[3]);
    MetricFamily classic = new MetricFamily("h", "help", MetricType.HISTOGRAM, List.of(mixed.metrics().get(1)));
    byte[] encoded = FamilyCodec.encode(classic, 7);
    assertEquals(1, encoded[3]);
    assertEquals(classic, FamilyCodec.decode(encoded).family());
  }

  @Test
  void refusesTruncatedAndTrailingBytes() {
    MetricFamily f =
        new MetricFamily("g", "h", MetricType.GAUGE, List.of(new Metric.Scalar(Labels.of("a", "b"), 1)));
    byte[] encoded = FamilyCodec.encode(f, 1);
    for (int n = 0; n < encoded.length; n++) {
      byte[] truncated = Arrays.copyOf(encoded, n);
      assertThrows(IllegalArgumentException.class, () -> FamilyCodec.decode(truncated));
    }
    byte[] longer = Arrays.copyOf(encoded, encoded.length + 1);
    assertThrows(IllegalArgumentException.class, () -> FamilyCodec.decode(longer));
  }
}
