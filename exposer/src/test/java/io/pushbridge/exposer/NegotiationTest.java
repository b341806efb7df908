package io.pushbridge.exposer;

import static io.pushbridge.exposer.Negotiation.Format.OPENMETRICS;
import static io.pushbridge.exposer.Negotiation.Format.OPENMETRICS_0_0_1;
import static io.pushbridge.exposer.Negotiation.Format.PROTOBUF;
import static io.pushbridge.exposer.Negotiation.Format.TEXT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class NegotiationTest {
  private static final String PROTO = "application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily";

  @Test
  void choosesLikeExpfmtNegotiate() {
    assertEquals(TEXT, Negotiation.format(null));
    assertEquals(TEXT, Negotiation.format(""));
    assertEquals(PROTOBUF, Negotiation.format(PROTO + ";encoding=delimited"));
    assertEquals(PROTOBUF, Negotiation.format("application/vnd.google.protobuf; encoding=delimited; proto=io.prometheus.client.MetricFamily"));
    assertEquals(TEXT, Negotiation.format("application/vnd.google.protobuf;encoding=delimited"));
    assertEquals(TEXT, Negotiation.format(PROTO + ";encoding=text"));
    assertEquals(TEXT, Negotiation.format("application/openmetrics-text; version=1.0.0,text/plain;version=0.0.4;q=0.5,*/*;q=0.1"));
    assertEquals(TEXT, Negotiation.format("text/plain;version=0.0.5"));
    assertEquals(PROTOBUF, Negotiation.format("text/plain;version=0.0.4;q=0.3," + PROTO + ";encoding=delimited;q=0.7"));
    assertEquals(TEXT, Negotiation.format("text/plain;version=0.0.4;q=0.7," + PROTO + ";encoding=delimited;q=0.3"));
    assertEquals(PROTOBUF, Negotiation.format(PROTO + ";encoding=delimited;q=0.7,text/plain;version=0.0.4;q=0.3"));
  }

  @Test
  void prometheusDefaultsGetText() {
    assertEquals(TEXT, Negotiation.format(
        "application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,"
            + "text/plain;version=0.0.4;q=0.5,*/*;q=0.1"));
    assertEquals(PROTOBUF, Negotiation.format(PROTO + ";encoding=delimited,application/openmetrics-text;version=1.0.0;q=0.8,"
        + "text/plain;version=0.0.4;q=0.5,*/*;q=0.1"));
  }

  @Test
  void openMetricsOnlyWhenEnabled() {
    String om = "application/openmetrics-text;version=1.0.0";
    assertEquals(TEXT, Negotiation.format(om, false));
    assertEquals(OPENMETRICS, Negotiation.format(om, true));
    assertEquals(OPENMETRICS, Negotiation.format("application/openmetrics-text", true));
    assertEquals(OPENMETRICS_0_0_1, Negotiation.format("application/openmetrics-text; version=0.0.1", true));
    assertEquals(TEXT, Negotiation.format("application/openmetrics-text;version=2.0.0", true));
    assertEquals(TEXT, Negotiation.format(null, true));
    assertEquals(TEXT, Negotiation.format("*/*", true));
  }

  @Test
  void openMetricsFollowsQValues() {
    assertEquals(OPENMETRICS, Negotiation.format(
        "application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,"
            + "text/plain;version=0.0.4;q=0.5,*/*;q=0.1", true));
    assertEquals(OPENMETRICS, Negotiation.format(
        "application/openmetrics-text;version=1.0.0;escaping=allow-utf-8;q=0.5,"
            + "application/openmetrics-text;version=0.0.1;q=0.4,text/plain;version=1.0.0;escaping=allow-utf-8;q=0.3,"
            + "text/plain;version=0.0.4;q=0.2,*/*;q=0.1", true));
    assertEquals(TEXT, Negotiation.format(
        "application/openmetrics-text;version=1.0.0;q=0.4,text/plain;version=0.0.4;q=0.5", true));
    assertEquals(OPENMETRICS, Negotiation.format(
        "text/plain;version=0.0.4;q=0.5,application/openmetrics-text;version=1.0.0;q=0.6", true));
    assertEquals(PROTOBUF, Negotiation.format(PROTO + ";encoding=delimited,application/openmetrics-text;version=1.0.0;q=0.8,"
        + "text/plain;version=0.0.4;q=0.5,*/*;q=0.1", true));
  }

  @Test
  void aZeroQualityIsNotAcceptableWithOpenMetricsEnabled() {
    assertEquals(TEXT, Negotiation.format("application/openmetrics-text;version=1.0.0;q=0", true));
    assertEquals(TEXT, Negotiation.format(PROTO + ";encoding=delimited;q=0", true));
    assertEquals(PROTOBUF, Negotiation.format(PROTO + ";encoding=delimited;q=0", false));
  }

  @Test
  void gzipOnlyWhenOfferedAsSuch() {
    assertTrue(Negotiation.gzipAccepted("gzip"));
    assertTrue(Negotiation.gzipAccepted("deflate, gzip;q=1.0, *;q=0.5"));
    assertFalse(Negotiation.gzipAccepted("gzipx"));
    assertFalse(Negotiation.gzipAccepted("identity"));
    assertFalse(Negotiation.gzipAccepted(null));
  }
}
