package io.pushbridge.model;

import java.util.Arrays;

/**
 * The native (sparse) buckets of a histogram pushed as protobuf, kept as their wire bytes and
 * written back unchanged into protobuf scrapes: fields 5 to 14 of client_model's {@code Histogram}
 * message (schema, zero threshold and count, negative and positive spans, deltas and counts), and
 * field 4, the float count that marks a float histogram. Upstream keeps the message it was pushed
 * and serves it again, so a Prometheus scraping protobuf gets the native histogram; the text
 * formats show the classic buckets only, there as here.
 */
public final class NativeHistogram {
  private final byte[] wireFields;

  private NativeHistogram(byte[] wireFields) {
    this.wireFields = wireFields;
  }

  /**
   * @param wireFields the fields, each with its tag, as valid protobuf wire format ({@link
   *     ProtobufParser} checks them); copied
   */
  public static NativeHistogram ofWireFields(byte[] wireFields) {
    return new NativeHistogram(wireFields.clone());
  }

  /** Takes {@code wireFields}, which the caller made for it and no longer touches. */
  static NativeHistogram wrap(byte[] wireFields) {
    return new NativeHistogram(wireFields);
  }

  /** The fields' bytes, a copy. */
  public byte[] wireFields() {
    return wireFields.clone();
  }

  /** The fields' length in bytes. */
  public int size() {
    return wireFields.length;
  }

  /** Appends the fields' bytes to {@code out}, without a copy in between. */
  public void writeTo(ByteArrayBuilder out) {
    out.append(wireFields);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof NativeHistogram n && Arrays.equals(wireFields, n.wireFields);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(wireFields);
  }

  @Override
  public String toString() {
    return "NativeHistogram[" + wireFields.length + " bytes]";
  }
}
