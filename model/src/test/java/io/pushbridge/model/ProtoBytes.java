package io.pushbridge.model;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Builds protobuf wire bytes by hand, for parser tests that need exact (or broken) encodings. */
final class ProtoBytes {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  static ProtoBytes msg() {
    return new ProtoBytes();
  }

  ProtoBytes varint(int field, long value) {
    rawVarint(field << 3);
    rawVarint(value);
    return this;
  }

  ProtoBytes fixed64(int field, double value) {
    rawVarint(field << 3 | 1);
    long bits = Double.doubleToRawLongBits(value);
    for (int i = 0; i < 8; i++) {
      out.write((int) (bits >>> (8 * i)));
    }
    return this;
  }

  ProtoBytes bytes(int field, byte[] value) {
    rawVarint(field << 3 | 2);
    rawVarint(value.length);
    out.writeBytes(value);
    return this;
  }

  ProtoBytes string(int field, String value) {
    return bytes(field, value.getBytes(StandardCharsets.UTF_8));
  }

  ProtoBytes message(int field, ProtoBytes message) {
    return bytes(field, message.build());
  }

  ProtoBytes raw(int... values) {
    for (int v : values) {
      out.write(v);
    }
    return this;
  }

  ProtoBytes rawBytes(byte[] values) {
    out.writeBytes(values);
    return this;
  }

  /** This message with a varint length in front, as one element of a delimited stream. */
  ProtoBytes delimited() {
    ProtoBytes framed = new ProtoBytes();
    byte[] body = build();
    framed.rawVarint(body.length);
    framed.out.writeBytes(body);
    return framed;
  }

  ProtoBytes then(ProtoBytes next) {
    out.writeBytes(next.build());
    return this;
  }

  byte[] build() {
    return out.toByteArray();
  }

  static ProtoBytes label(String name, String value) {
    return msg().string(1, name).string(2, value);
  }

  static ProtoBytes value(double v) {
    return msg().fixed64(1, v);
  }

  static ProtoBytes family(String name, int type, ProtoBytes... metrics) {
    ProtoBytes family = msg().string(1, name).varint(3, type);
    for (ProtoBytes m : metrics) {
      family.message(4, m);
    }
    return family;
  }

  private void rawVarint(long v) {
    while ((v & ~0x7FL) != 0) {
      out.write((int) ((v & 0x7F) | 0x80));
      v >>>= 7;
    }
    out.write((int) v);
  }
}
