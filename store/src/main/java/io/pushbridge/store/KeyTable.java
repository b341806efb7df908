package io.pushbridge.store;

import io.pushbridge.model.GroupingKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * An immutable map from grouping key to value in key byte order, stored as sorted chunks of at
 * most {@link #CHUNK} entries. An {@link Editor} copies only the chunk list and the chunks it
 * changes, so publishing a batch that touched a few groups of a family held by every group (such as
 * {@code push_time_seconds}) costs the number of groups divided by the chunk size, not the number
 * of groups.
 */
final class KeyTable<V> {
  static final int CHUNK = 64;

  private static final KeyTable<Object> EMPTY = new KeyTable<>(newChunkArray(0), 0);

  private final Chunk<V>[] chunks;
  private final int size;

  private KeyTable(Chunk<V>[] chunks, int size) {
    this.chunks = chunks;
    this.size = size;
  }

  @SuppressWarnings("unchecked")
  static <V> KeyTable<V> empty() {
    return (KeyTable<V>) EMPTY;
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static <V> Chunk<V>[] newChunkArray(int n) {
    return new Chunk[n];
  }

  int size() {
    return size;
  }

  boolean isEmpty() {
    return size == 0;
  }

  /** The first value in key order; the table must not be empty. */
  V first() {
    return chunks[0].values[0];
  }

  void forEach(BiConsumer<GroupingKey, V> action) {
    for (Chunk<V> c : chunks) {
      for (int i = 0; i < c.size; i++) {
        action.accept(c.keys[i], c.values[i]);
      }
    }
  }

  /** Visits values in key order; lets the visitor throw, unlike {@link #forEach}. */
  <E extends Exception> void forEachValue(ValueVisitor<V, E> visitor) throws E {
    for (Chunk<V> c : chunks) {
      for (int i = 0; i < c.size; i++) {
        visitor.accept(c.values[i]);
      }
    }
  }

  interface ValueVisitor<V, E extends Exception> {
    void accept(V value) throws E;
  }

  List<V> values() {
    List<V> values = new ArrayList<>(size);
    forEach((k, v) -> values.add(v));
    return Collections.unmodifiableList(values);
  }

  Editor<V> edit() {
    return new Editor<>(this);
  }

  /**
   * The writer's copy: edits go to an editor opened on the first edit, {@link #freeze()} publishes
   * them as a new table. The editor stays open: it copies again only the chunks later edits
   * change, where a new one would copy the whole chunk list on every batch.
   */
  static final class Working<V> {
    private KeyTable<V> table = empty();
    private Editor<V> editor;
    private boolean edited;

    private Editor<V> editor() {
      if (editor == null) {
        editor = table.edit();
      }
      edited = true;
      return editor;
    }

    V get(GroupingKey key) {
      return editor == null ? table.get(key) : editor.get(key);
    }

    void put(GroupingKey key, V value) {
      editor().put(key, value);
    }

    void remove(GroupingKey key) {
      editor().remove(key);
    }

    int size() {
      return editor == null ? table.size : editor.size();
    }

    void forEach(BiConsumer<GroupingKey, V> action) {
      if (editor == null) {
        table.forEach(action);
      } else {
        editor.forEach(action);
      }
    }

    KeyTable<V> freeze() {
      if (edited) {
        table = editor.build();
        edited = false;
      }
      return table;
    }
  }

  V get(GroupingKey key) {
    int c = chunkFor(Arrays.asList(chunks), key);
    if (c < 0) {
      return null;
    }
    int i = chunks[c].find(key);
    return i >= 0 ? chunks[c].values[i] : null;
  }

  /** The chunk that holds or would hold {@code key}: the first whose last key is not smaller. */
  private static <V> int chunkFor(List<Chunk<V>> chunks, GroupingKey key) {
    if (chunks.isEmpty()) {
      return -1;
    }
    int lo = 0;
    int hi = chunks.size() - 1;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      Chunk<V> c = chunks.get(mid);
      if (c.keys[c.size - 1].compareTo(key) < 0) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /** Sorted keys and values; never changed once a table holds it. */
  private static final class Chunk<V> {
    final GroupingKey[] keys;
    final V[] values;
    int size;

    @SuppressWarnings("unchecked")
    Chunk(int capacity) {
      keys = new GroupingKey[capacity];
      values = (V[]) new Object[capacity];
    }

    Chunk<V> copy() {
      Chunk<V> c = new Chunk<>(CHUNK + 1);
      System.arraycopy(keys, 0, c.keys, 0, size);
      System.arraycopy(values, 0, c.values, 0, size);
      c.size = size;
      return c;
    }

    int find(GroupingKey key) {
      return Arrays.binarySearch(keys, 0, size, key);
    }
  }

  /** A mutable working copy over a table; the table itself never changes. */
  static final class Editor<V> {
    private final List<Chunk<V>> chunks;
    /** Chunks this editor made and may still change: the ones a built table shares are frozen. */
    private Set<Chunk<V>> owned = newOwnedSet();
    private int size;

    private Editor(KeyTable<V> base) {
      chunks = new ArrayList<>(Arrays.asList(base.chunks));
      size = base.size;
    }

    int size() {
      return size;
    }

    V get(GroupingKey key) {
      int c = chunkFor(key);
      if (c < 0) {
        return null;
      }
      Chunk<V> chunk = chunks.get(c);
      int i = chunk.find(key);
      return i >= 0 ? chunk.values[i] : null;
    }

    void put(GroupingKey key, V value) {
      if (chunks.isEmpty()) {
        Chunk<V> chunk = new Chunk<>(CHUNK + 1);
        owned.add(chunk);
        chunks.add(chunk);
      }
      Chunk<V> last = chunks.get(chunks.size() - 1);
      if (last.size > 0 && last.keys[last.size - 1].compareTo(key) < 0) {
        append(last, key, value);
        return;
      }
      int c = Math.max(chunkFor(key), 0);
      Chunk<V> chunk = writable(c);
      int i = chunk.find(key);
      if (i >= 0) {
        chunk.values[i] = value;
        return;
      }
      int at = -i - 1;
      System.arraycopy(chunk.keys, at, chunk.keys, at + 1, chunk.size - at);
      System.arraycopy(chunk.values, at, chunk.values, at + 1, chunk.size - at);
      chunk.keys[at] = key;
      chunk.values[at] = value;
      chunk.size++;
      size++;
      if (chunk.size > CHUNK) {
        split(c, chunk);
      }
    }

    /**
     * Adds a key above every other, as a start-up loading in key order does: one comparison, and
     * chunks are filled instead of split in halves.
     */
    private void append(Chunk<V> last, GroupingKey key, V value) {
      Chunk<V> chunk;
      if (last.size < CHUNK) {
        chunk = writable(chunks.size() - 1);
      } else {
        chunk = new Chunk<>(CHUNK + 1);
        owned.add(chunk);
        chunks.add(chunk);
      }
      chunk.keys[chunk.size] = key;
      chunk.values[chunk.size] = value;
      chunk.size++;
      size++;
    }

    void remove(GroupingKey key) {
      int c = chunkFor(key);
      if (c < 0 || chunks.get(c).find(key) < 0) {
        return;
      }
      Chunk<V> chunk = writable(c);
      int i = chunk.find(key);
      System.arraycopy(chunk.keys, i + 1, chunk.keys, i, chunk.size - i - 1);
      System.arraycopy(chunk.values, i + 1, chunk.values, i, chunk.size - i - 1);
      chunk.size--;
      chunk.keys[chunk.size] = null;
      chunk.values[chunk.size] = null;
      size--;
      if (chunk.size == 0) {
        chunks.remove(c);
        owned.remove(chunk);
      }
    }

    void forEach(BiConsumer<GroupingKey, V> action) {
      for (Chunk<V> c : chunks) {
        for (int i = 0; i < c.size; i++) {
          action.accept(c.keys[i], c.values[i]);
        }
      }
    }

    /** The table as edited so far; later edits copy again what they change. */
    @SuppressWarnings("unchecked")
    KeyTable<V> build() {
      // A new set rather than clear(), which would sweep all the capacity a bulk load left.
      owned = newOwnedSet();
      return new KeyTable<>(chunks.toArray(newChunkArray(0)), size);
    }

    private static <V> Set<Chunk<V>> newOwnedSet() {
      return Collections.newSetFromMap(new IdentityHashMap<>());
    }

    private int chunkFor(GroupingKey key) {
      return KeyTable.chunkFor(chunks, key);
    }

    private Chunk<V> writable(int c) {
      Chunk<V> chunk = chunks.get(c);
      if (owned.contains(chunk)) {
        return chunk;
      }
      Chunk<V> copy = chunk.copy();
      owned.add(copy);
      chunks.set(c, copy);
      return copy;
    }

    private void split(int c, Chunk<V> full) {
      int half = full.size / 2;
      Chunk<V> right = new Chunk<>(CHUNK + 1);
      right.size = full.size - half;
      System.arraycopy(full.keys, half, right.keys, 0, right.size);
      System.arraycopy(full.values, half, right.values, 0, right.size);
      Arrays.fill(full.keys, half, full.size, null);
      Arrays.fill(full.values, half, full.size, null);
      full.size = half;
      owned.add(right);
      chunks.add(c + 1, right);
    }
  }
}
