package io.pushbridge.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.pushbridge.model.Labels;
import io.pushbridge.model.Metric;
import io.pushbridge.model.MetricFamily;
import io.pushbridge.model.MetricType;
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
