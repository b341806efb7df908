package io.pushbridge.model;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;

/**
 * A growable byte array without the synchronisation of {@link java.io.ByteArrayOutputStream}: the
 * renderers write every byte of an exposition through it.
 */
public final class ByteArrayBuilder {
  private byte[] buf;
  private int size;

  public ByteArrayBuilder() {
    this(256);
  }

  public ByteArrayBuilder(int initialCapacity) {
    buf = new byte[Math.max(16, initialCapacity)];
  }

  public ByteArrayBuilder append(byte b) {
    ensure(1);
    buf[size++] = b;
    return this;
  }

  public ByteArrayBuilder append(char asciiChar) {
    return append((byte) asciiChar);
  }

  public ByteArrayBuilder append(byte[] bytes) {
    return append(bytes, 0, bytes.length);
  }

  public ByteArrayBuilder append(byte[] bytes, int offset, int length) {
    ensure(length);
    System.arraycopy(bytes, offset, buf, size, length);
    size += length;
    return this;
  }

  /** Appends {@code s} as UTF-8. */
  public ByteArrayBuilder append(String s) {
    int n = s.length();
    ensure(n);
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c >= 0x80) {
        appendUtf8Slow(s, i);
        return this;
      }
      buf[size++] = (byte) c;
    }
    return this;
  }

  /**
   * Appends {@code s} if it is ASCII without a backslash, a newline or, when {@code quote}, a
   * double quote: text the renderer writes unescaped. Otherwise appends nothing and returns false.
   * One pass where checking and then copying would be two.
   */
  boolean appendPlainAscii(String s, boolean quote) {
    int n = s.length();
    ensure(n);
    byte[] b = buf;
    int at = size;
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c >= 0x80 || c == '\\' || c == '\n' || (quote && c == '"')) {
        return false;
      }
      b[at + i] = (byte) c;
    }
    size = at + n;
    return true;
  }

  private void appendUtf8Slow(String s, int from) {
    byte[] rest = s.substring(from).getBytes(java.nio.charset.StandardCharsets.UTF_8);
    append(rest);
  }

  /**
   * The live buffer with room for {@code n} more bytes after {@link #size()}, for a writer that
   * then calls {@link #setSize}: formatting straight into it needs no buffer of its own.
   */
  byte[] reserve(int n) {
    ensure(n);
    return buf;
  }

  /** Ends the content at {@code newSize}, within what {@link #reserve} made room for. */
  void setSize(int newSize) {
    size = newSize;
  }

  public int size() {
    return size;
  }

  public void reset() {
    size = 0;
  }

  /** The live buffer; valid up to {@link #size()} until the next append. */
  public byte[] array() {
    return buf;
  }

  public byte[] toByteArray() {
    return Arrays.copyOf(buf, size);
  }

  public void writeTo(OutputStream out) throws IOException {
    out.write(buf, 0, size);
  }

  @Override
  public String toString() {
    return new String(buf, 0, size, java.nio.charset.StandardCharsets.UTF_8);
  }

  private void ensure(int extra) {
    if (size + extra > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + extra));
    }
  }
}
