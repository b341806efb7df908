package io.pushbridge.store;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Strings read from UTF-8 bytes, each distinct byte sequence decoded and held once: a start-up
 * reads the same family names and helps from every group, and finds each here by its bytes
 * without making a String to look it up with. Not thread-safe.
 */
final class StringPool {
  private byte[][] keys = new byte[64][];
  private String[] strings = new String[64];
  private int size;

  /** The string of {@code length} bytes at {@code offset}, the same instance for the same bytes. */
  String decode(byte[] buf, int offset, int length) {
    int mask = keys.length - 1;
    for (int i = hash(buf, offset, length) & mask; ; i = (i + 1) & mask) {
      byte[] key = keys[i];
      if (key == null) {
        String s = new String(buf, offset, length, StandardCharsets.UTF_8);
        keys[i] = Arrays.copyOfRange(buf, offset, offset + length);
        strings[i] = s;
        if (++size * 2 > keys.length) {
          grow();
        }
        return s;
      }
      if (Arrays.equals(key, 0, key.length, buf, offset, offset + length)) {
        return strings[i];
      }
    }
  }

  private static int hash(byte[] buf, int offset, int length) {
    int h = length;
    for (int i = offset; i < offset + length; i++) {
      h = 31 * h + buf[i];
    }
    return (h ^ (h >>> 16)) * 0x9E3779B9;
  }

  private void grow() {
    byte[][] oldKeys = keys;
    String[] oldStrings = strings;
    keys = new byte[oldKeys.length * 2][];
    strings = new String[oldKeys.length * 2];
    int mask = keys.length - 1;
    for (int j = 0; j < oldKeys.length; j++) {
      byte[] key = oldKeys[j];
      if (key != null) {
        int i = hash(key, 0, key.length) & mask;
        while (keys[i] != null) {
          i = (i + 1) & mask;
        }
        keys[i] = key;
        strings[i] = oldStrings[j];
      }
    }
  }
}
