package io.pushbridge.exposer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.UnknownFieldSet;
import io.pushbridge.model.Labels;
import io.pushbridge.model.Metric;
import io.pushbridge.model.MetricFamily;
import io.pushbridge.model.MetricType;
import java.io.ByteArrayOutputStream;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Decodes the output with protobuf's schema-less parser and checks the field numbers of metrics.proto. */
class ProtobufRendererTest {

  @Test
  void writesDelimitedMetricFamilyMessages() throws Exception {
    MetricFamily gauge = new MetricFamily("g", "help", MetricType.GAUGE,
        List.of(new Metric.Scalar(Labels.of("job", "j", "instance", ""), 0.5)));
    MetricFamily untyped = new MetricFamily("u", null, MetricType.UNTYPED, List.of(new Metric.Scalar(Labels.EMPTY, 3)));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ProtobufRenderer.writeDelimited(gauge, out);
    ProtobufRenderer.writeDelimited(untyped, out);

    CodedInputStream in = CodedInputStream.newInstance(out.toByteArray());
    UnknownFieldSet first = UnknownFieldSet.parseFrom(in.readByteArray());
    UnknownFieldSet second = UnknownFieldSet.parseFrom(in.readByteArray());
    assertEquals(true, in.isAtEnd());

    assertEquals("g", first.getField(1).getLengthDelimitedList().get(0).toStringUtf8());
    assertEquals("help", first.getField(2).getLengthDelimitedList().get(0).toStringUtf8());
    assertEquals(List.of(1L), first.getField(3).getVarintList());
    UnknownFieldSet metric = UnknownFieldSet.parseFrom(first.getField(4).getLengthDelimitedList().get(0));
    List<ByteString> labels = metric.getField(1).getLengthDelimitedList();
    assertEquals("instance", UnknownFieldSet.parseFrom(labels.get(0)).getField(1).getLengthDelimitedList().get(0).toStringUtf8());
    assertEquals("j", UnknownFieldSet.parseFrom(labels.get(1)).getField(2).getLengthDelimitedList().get(0).toStringUtf8());
    UnknownFieldSet value = UnknownFieldSet.parseFrom(metric.getField(2).getLengthDelimitedList().get(0));
    assertEquals(0.5, Double.longBitsToDouble(value.getField(1).getFixed64List().get(0)));

    assertFalse(second.hasField(2));
    assertEquals(List.of(3L), second.getField(3).getVarintList());
    UnknownFieldSet untypedMetric = UnknownFieldSet.parseFrom(second.getField(4).getLengthDelimitedList().get(0));
    assertEquals(true, untypedMetric.hasField(5));
  }

  @Test
  void writesSummariesAndHistogramsInTheirFields() throws Exception {
    MetricFamily summary = new MetricFamily("s", null, MetricType.SUMMARY, List.of(new Metric.Summary(
        Labels.EMPTY, 7, 10, List.of(new Metric.Quantile(0.5, 1)), Metric.NO_TIMESTAMP)));
    MetricFamily histogram = new MetricFamily("h", null, MetricType.HISTOGRAM, List.of(new Metric.Histogram(
        Labels.EMPTY, 6, 4.2e9, List.of(new Metric.Bucket(1e6, 1), new Metric.Bucket(1e9, 5)), Metric.NO_TIMESTAMP)));

    UnknownFieldSet s = UnknownFieldSet.parseFrom(UnknownFieldSet.parseFrom(ProtobufRenderer.familyMessage(summary))
        .getField(4).getLengthDelimitedList().get(0)).getField(4).getLengthDelimitedList().stream()
        .map(ProtobufRendererTest::parse).findFirst().orElseThrow();
    assertEquals(List.of(7L), s.getField(1).getVarintList());
    assertEquals(10.0, Double.longBitsToDouble(s.getField(2).getFixed64List().get(0)));
    UnknownFieldSet q = parse(s.getField(3).getLengthDelimitedList().get(0));
    assertEquals(0.5, Double.longBitsToDouble(q.getField(1).getFixed64List().get(0)));

    UnknownFieldSet h = parse(parse(ProtobufRenderer.familyMessage(histogram)).getField(4).getLengthDelimitedList().get(0))
        .getField(7).getLengthDelimitedList().stream().map(ProtobufRendererTest::parse).findFirst().orElseThrow();
    assertEquals(List.of(6L), h.getField(1).getVarintList());
    List<ByteString> buckets = h.getField(3).getLengthDelimitedList();
    assertEquals(2, buckets.size());
    assertEquals(List.of(5L), parse(buckets.get(1)).getField(1).getVarintList());
    assertEquals(1e9, Double.longBitsToDouble(parse(buckets.get(1)).getField(2).getFixed64List().get(0)));
  }

  private static UnknownFieldSet parse(ByteString bytes) {
    try {
      return UnknownFieldSet.parseFrom(bytes);
    } catch (com.google.protobuf.InvalidProtocolBufferException e) {
      throw new AssertionError(e);
    }
  }

  private static UnknownFieldSet parse(byte[] bytes) {
    return parse(ByteString.copyFrom(bytes));
  }
}
