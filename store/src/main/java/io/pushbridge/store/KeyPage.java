package io.pushbridge.store;

import io.pushbridge.model.GroupingKey;
import java.util.Arrays;

/**
 * A page of a {@link KeyTable}: {@link Chunk}s in key order, none empty; never changed once a
 * table holds it. Pages and chunks have room for one more than the table allows: an insert fills
 * it, then the table splits them. Its fields are open to the package: {@link KeyTable} reads them,
 * and its editor is the only code that changes a page, before a table holds it.
 */
final class KeyPage<V> {
  private static final LastKeys<Chunk<?>[]> CHUNKS = (chunks, i) -> chunks[i].lastKey();

  final Chunk<V>[] chunks = newChunkArray(KeyTable.PAGE + 1);
  int size;

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static <V> Chunk<V>[] newChunkArray(int n) {
    return new Chunk[n];
  }

  KeyPage<V> copy() {
    KeyPage<V> p = new KeyPage<>();
    System.arraycopy(chunks, 0, p.chunks, 0, size);
    p.size = size;
    return p;
  }

  GroupingKey lastKey() {
    return chunks[size - 1].lastKey();
  }

  /** The chunk that holds or would hold {@code key}: the first whose last key is not smaller. */
  int chunkFor(GroupingKey key) {
    return firstNotBelow(chunks, size, CHUNKS, key);
  }

  void insert(int at, Chunk<V> chunk) {
    System.arraycopy(chunks, at, chunks, at + 1, size - at);
    chunks[at] = chunk;
    size++;
  }

  void remove(int at) {
    System.arraycopy(chunks, at + 1, chunks, at, size - at - 1);
    chunks[--size] = null;
  }

  /**
   * The first of {@code n > 0} runs in key order whose last key is not smaller than {@code key},
   * or the last run. Each caller passes a constant {@code lastKeys}, which the JIT binds where it
   * inlines this: the loop makes no virtual call.
   */
  static <T> int firstNotBelow(T runs, int n, LastKeys<? super T> lastKeys, GroupingKey key) {
    int lo = 0;
    int hi = n - 1;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (lastKeys.of(runs, mid).compareTo(key) < 0) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /** The last key of run {@code i} of {@code runs}. */
  interface LastKeys<T> {
    GroupingKey of(T runs, int i);
  }

  /** Sorted keys and values; never changed once a table holds it. */
  static final class Chunk<V> {
    final GroupingKey[] keys;
    final V[] values;
    int size;

    @SuppressWarnings("unchecked")
    Chunk() {
      keys = new GroupingKey[KeyTable.CHUNK + 1];
      values = (V[]) new Object[KeyTable.CHUNK + 1];
    }

    Chunk<V> copy() {
      Chunk<V> c = new Chunk<>();
      System.arraycopy(keys, 0, c.keys, 0, size);
      System.arraycopy(values, 0, c.values, 0, size);
      c.size = size;
      return c;
    }

    GroupingKey lastKey() {
      return keys[size - 1];
    }

    int find(GroupingKey key) {
      return Arrays.binarySearch(keys, 0, size, key);
    }
  }
}
