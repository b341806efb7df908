package io.pushbridge.model;

import static io.pushbridge.model.TextParserTest.only;
import static io.pushbridge.model.TextParserTest.parse;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class TextTokenCacheTest {

  @Test
  void cachesEscapedValuesByTheirUnescapedBytes() {
    MetricFamily family = only("a{x=\"a\\\"b\"} 1\na{x=\"c\\\"d\"} 2\na{x=\"a\\\"b\"} 3\n");
    assertEquals(List.of("a\"b", "c\"d", "a\"b"),
        family.metrics().stream().map(m -> m.labels().get("x")).toList());
  }

  @Test
  void valuesRepeatedAtTheirPlaceOrElsewhereKeepTheirOwnText() {
    MetricFamily family = only("""
        a{x="1",y="2"} 1
        a{x="2",y="1"} 2
        a{x="2",y="2"} 3
        a{x="22",y="\\\\2"} 4
        a{x="2",y="\\\\2"} 5
        """);
    assertEquals(List.of("{x=1,y=2}", "{x=2,y=1}", "{x=2,y=2}", "{x=22,y=\\2}", "{x=2,y=\\2}"),
        family.metrics().stream()
            .map(m -> "{x=" + m.labels().get("x") + ",y=" + m.labels().get("y") + "}")
            .toList());
  }

  @Test
  void resolvesLongNamesThatBypassTheCache() {
    String name = "s" + "_x".repeat(100);
    MetricFamily family = only("# TYPE " + name + " summary\n" + name + "_count 4\n" + name
        + "_sum 2\n" + name + "{quantile=\"0.5\",v=\"" + "y".repeat(300) + "\"} 1\n");
    assertEquals(name, family.name());
    Metric.Summary summary = (Metric.Summary) family.metrics().get(0);
    assertEquals(4, summary.count());
    assertEquals(2.0, summary.sum());
    assertEquals("y".repeat(300), family.metrics().get(1).labels().get("v"));
  }

  @Test
  void keepsParsingCorrectlyBeyondTheCacheCapacity() {
    int distinct = 70_000;
    StringBuilder body = new StringBuilder();
    for (int i = 0; i < distinct; i++) {
      body.append("a{v=\"").append(i).append("\"} ").append(i).append('\n');
    }
    body.append("# TYPE s summary\ns_count 3\ns_sum 5\n");
    List<MetricFamily> families = parse(body.toString());
    assertEquals(distinct, families.get(0).metrics().size());
    assertEquals("69999", families.get(0).metrics().get(distinct - 1).labels().get("v"));
    Metric.Summary summary = (Metric.Summary) families.get(1).metrics().get(0);
    assertEquals(3, summary.count());
    assertEquals(5.0, summary.sum());
  }
}
