package io.pushbridge.store;

import io.pushbridge.model.GroupingKey;
import io.pushbridge.store.KeyPage.Chunk;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * An immutable map from grouping key to value in key byte order, stored as sorted chunks of at
 * most {@link #CHUNK} entries, held by pages of at most {@link #PAGE} chunks. An {@link Editor}
 * copies only the page list and the pages and chunks it changes, so publishing a batch that
 * touched a few groups of a family held by every group (such as {@code push_time_seconds}) costs
 * the number of groups divided by {@code CHUNK * PAGE} plus a page and a chunk per changed group,
 * not the number of groups.
 */
final class KeyTable<V> {
  static final int CHUNK = 64;
  static final int PAGE = 64;

  private static final KeyPage.LastKeys<List<? extends KeyPage<?>>> PAGES =
      (pages, i) -> pages.get(i).lastKey();
  private static final KeyTable<Object> EMPTY = new KeyTable<>(newPageArray(0), 0);

  private final KeyPage<V>[] pages;
  private final int size;

  private KeyTable(KeyPage<V>[] pages, int size) {
    this.pages = pages;
    this.size = size;
  }

  @SuppressWarnings("unchecked")
  static <V> KeyTable<V> empty() {
    return (KeyTable<V>) EMPTY;
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static <V> KeyPage<V>[] newPageArray(int n) {
    return new KeyPage[n];
  }

  int size() {
    return size;
  }

  boolean isEmpty() {
    return size == 0;
  }

  /** The first value in key order; the table must not be empty. */
  V first() {
    return pages[0].chunks[0].values[0];
  }

  void forEach(BiConsumer<GroupingKey, V> action) {
    forEach(Arrays.asList(pages), action);
  }

  private static <V> void forEach(List<KeyPage<V>> pages, BiConsumer<GroupingKey, V> action) {
    for (KeyPage<V> p : pages) {
      for (int c = 0; c < p.size; c++) {
        Chunk<V> chunk = p.chunks[c];
        for (int i = 0; i < chunk.size; i++) {
          action.accept(chunk.keys[i], chunk.values[i]);
        }
      }
    }
  }

  /** Visits values in key order; lets the visitor throw, unlike {@link #forEach}. */
  <E extends Exception> void forEachValue(ValueVisitor<V, E> visitor) throws E {
    for (KeyPage<V> p : pages) {
      for (int c = 0; c < p.size; c++) {
        Chunk<V> chunk = p.chunks[c];
        for (int i = 0; i < chunk.size; i++) {
          visitor.accept(chunk.values[i]);
        }
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

  V get(GroupingKey key) {
    return get(Arrays.asList(pages), key);
  }

  private static <V> V get(List<KeyPage<V>> pages, GroupingKey key) {
    int p = pageFor(pages, key);
    if (p < 0) {
      return null;
    }
    KeyPage<V> page = pages.get(p);
    Chunk<V> chunk = page.chunks[page.chunkFor(key)];
    int i = chunk.find(key);
    return i >= 0 ? chunk.values[i] : null;
  }

  /** The page that holds or would hold {@code key}: the first whose last key is not smaller. */
  private static <V> int pageFor(List<KeyPage<V>> pages, GroupingKey key) {
    return pages.isEmpty() ? -1 : KeyPage.firstNotBelow(pages, pages.size(), PAGES, key);
  }

  /**
   * The writer's copy: edits go to an editor opened on the first edit, {@link #freeze()} publishes
   * them as a new table. The editor stays open: it copies again only the pages and chunks later
   * edits change, where a new one would copy the whole page list on every batch.
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

  /** A mutable working copy over a table; the table itself never changes. */
  static final class Editor<V> {
    private final List<KeyPage<V>> pages;
    /**
     * Pages and chunks this editor made and may still change: the ones a built table shares are
     * frozen.
     */
    private Set<Object> owned = newOwnedSet();
    private int size;

    private Editor(KeyTable<V> base) {
      pages = new ArrayList<>(Arrays.asList(base.pages));
      size = base.size;
    }

    int size() {
      return size;
    }

    V get(GroupingKey key) {
      return KeyTable.get(pages, key);
    }

    void put(GroupingKey key, V value) {
      if (pages.isEmpty() || pages.get(pages.size() - 1).lastKey().compareTo(key) < 0) {
        append(key, value);
        return;
      }
      int p = pageFor(pages, key);
      KeyPage<V> page = writablePage(p);
      int c = page.chunkFor(key);
      Chunk<V> chunk = writableChunk(page, c);
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
        splitChunk(page, c, chunk);
        if (page.size > PAGE) {
          splitPage(p, page);
        }
      }
    }

    /**
     * Adds a key above every other, as a start-up loading in key order does: one comparison, and
     * chunks and pages are filled instead of split in halves.
     */
    private void append(GroupingKey key, V value) {
      KeyPage<V> last = pages.isEmpty() ? null : pages.get(pages.size() - 1);
      KeyPage<V> page;
      if (last == null || (last.size == PAGE && last.chunks[PAGE - 1].size == CHUNK)) {
        page = new KeyPage<>();
        owned.add(page);
        pages.add(page);
      } else {
        page = writablePage(pages.size() - 1);
      }
      Chunk<V> chunk;
      if (page.size > 0 && page.chunks[page.size - 1].size < CHUNK) {
        chunk = writableChunk(page, page.size - 1);
      } else {
        chunk = new Chunk<>();
        owned.add(chunk);
        page.insert(page.size, chunk);
      }
      chunk.keys[chunk.size] = key;
      chunk.values[chunk.size] = value;
      chunk.size++;
      size++;
    }

    void remove(GroupingKey key) {
      int p = pageFor(pages, key);
      if (p < 0) {
        return;
      }
      int c = pages.get(p).chunkFor(key);
      if (pages.get(p).chunks[c].find(key) < 0) {
        return;
      }
      KeyPage<V> page = writablePage(p);
      Chunk<V> chunk = writableChunk(page, c);
      int i = chunk.find(key);
      System.arraycopy(chunk.keys, i + 1, chunk.keys, i, chunk.size - i - 1);
      System.arraycopy(chunk.values, i + 1, chunk.values, i, chunk.size - i - 1);
      chunk.size--;
      chunk.keys[chunk.size] = null;
      chunk.values[chunk.size] = null;
      size--;
      if (chunk.size == 0) {
        page.remove(c);
        owned.remove(chunk);
        if (page.size == 0) {
          pages.remove(p);
          owned.remove(page);
        }
      }
    }

    void forEach(BiConsumer<GroupingKey, V> action) {
      KeyTable.forEach(pages, action);
    }

    /** The table as edited so far; later edits copy again what they change. */
    KeyTable<V> build() {
      // A new set rather than clear(), which would sweep all the capacity a bulk load left.
      owned = newOwnedSet();
      return new KeyTable<>(pages.toArray(newPageArray(0)), size);
    }

    private static Set<Object> newOwnedSet() {
      return Collections.newSetFromMap(new IdentityHashMap<>());
    }

    private KeyPage<V> writablePage(int p) {
      KeyPage<V> page = pages.get(p);
      if (owned.contains(page)) {
        return page;
      }
      KeyPage<V> copy = page.copy();
      owned.add(copy);
      pages.set(p, copy);
      return copy;
    }

    /** Chunk {@code c} of {@code page}, a page this editor owns. */
    private Chunk<V> writableChunk(KeyPage<V> page, int c) {
      Chunk<V> chunk = page.chunks[c];
      if (owned.contains(chunk)) {
        return chunk;
      }
      Chunk<V> copy = chunk.copy();
      owned.add(copy);
      page.chunks[c] = copy;
      return copy;
    }

    private void splitChunk(KeyPage<V> page, int c, Chunk<V> full) {
      int half = full.size / 2;
      Chunk<V> right = new Chunk<>();
      right.size = full.size - half;
      System.arraycopy(full.keys, half, right.keys, 0, right.size);
      System.arraycopy(full.values, half, right.values, 0, right.size);
      Arrays.fill(full.keys, half, full.size, null);
      Arrays.fill(full.values, half, full.size, null);
      full.size = half;
      owned.add(right);
      page.insert(c + 1, right);
    }

    private void splitPage(int p, KeyPage<V> full) {
      int half = full.size / 2;
      KeyPage<V> right = new KeyPage<>();
      right.size = full.size - half;
      System.arraycopy(full.chunks, half, right.chunks, 0, right.size);
      Arrays.fill(full.chunks, half, full.size, null);
      full.size = half;
      owned.add(right);
      pages.add(p + 1, right);
    }
  }
}
