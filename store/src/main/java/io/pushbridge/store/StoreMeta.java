package io.pushbridge.store;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The {@code meta} column family: a marker saying the database is a Pushbridge store and the
 * format version of its records. A database without them is someone else's or damaged; one with a
 * newer version was written by a later Pushbridge and must not be read by this one.
 */
final class StoreMeta {
  private StoreMeta() {}

  static final int FORMAT_VERSION = GroupState.FORMAT_VERSION;
  private static final byte[] MARKER_KEY = ascii("marker");
  private static final byte[] MARKER = ascii("pushbridge-store");
  private static final byte[] FORMAT_KEY = ascii("format");

  static void checkOrInitialise(RocksDbAccess db) {
    byte[] marker = db.get(RocksDbAccess.Cf.META, MARKER_KEY);
    byte[] format = db.get(RocksDbAccess.Cf.META, FORMAT_KEY);
    if (marker == null && format == null) {
      boolean[] hasGroups = {false};
      db.scan(RocksDbAccess.Cf.GROUPS, (k, v) -> hasGroups[0] = true);
      if (hasGroups[0]) {
        throw problem(db, "groups are stored but the Pushbridge marker is missing");
      }
      RocksDbAccess.Batch init = new RocksDbAccess.Batch();
      init.put(RocksDbAccess.Cf.META, FORMAT_KEY, ByteBuffer.allocate(4).putInt(FORMAT_VERSION).array());
      init.put(RocksDbAccess.Cf.META, MARKER_KEY, MARKER);
      db.write(init, true);
      return;
    }
    if (marker == null || !Arrays.equals(marker, MARKER)) {
      throw problem(db, "not a Pushbridge store (marker missing or wrong)");
    }
    if (format == null || format.length != 4) {
      throw problem(db, "the store's format version is missing or damaged");
    }
    int version = ByteBuffer.wrap(format).getInt();
    if (version > FORMAT_VERSION) {
      throw problem(
          db,
          "written in store format "
              + version
              + " by a newer Pushbridge; this version reads format "
              + FORMAT_VERSION
              + " and older");
    }
    if (version < 1) {
      throw problem(db, "unknown store format " + version);
    }
    if (version < FORMAT_VERSION) {
      // Older records stay readable; the marker now keeps older versions from reading newer ones.
      RocksDbAccess.Batch upgrade = new RocksDbAccess.Batch();
      upgrade.put(
          RocksDbAccess.Cf.META, FORMAT_KEY, ByteBuffer.allocate(4).putInt(FORMAT_VERSION).array());
      db.write(upgrade, true);
    }
  }

  private static StoreOpenException problem(RocksDbAccess db, String what) {
    return new StoreOpenException("cannot open the store in " + db.location() + ": " + what);
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }
}
