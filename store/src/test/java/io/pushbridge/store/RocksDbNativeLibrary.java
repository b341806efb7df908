package io.pushbridge.store;

import static java.nio.file.StandardCopyOption.ATOMIC_MOVE;
import static java.nio.file.StandardCopyOption.REPLACE_EXISTING;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.JarURLConnection;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import org.rocksdb.RocksDB;
import org.rocksdb.util.Environment;

/**
 * RocksDB's JNI library extracted once per build into the module's target directory, for the JVMs
 * that tests start. Without it each child copies the 15 MB library from the jar into
 * java.io.tmpdir, a copy only deleteOnExit removes: every child killed with SIGKILL left one behind.
 * RocksDB's loader tries {@code System.loadLibrary} before extracting, so a child given {@link
 * #javaLibraryPathOption()} loads this copy instead (as scripts/rocksdb-native.sh does for runs).
 */
public final class RocksDbNativeLibrary {
  private static final String LIBRARY = "rocksdb";

  private RocksDbNativeLibrary() {}

  /**
   * {@code -Djava.library.path=} the extracted library's directory, then the inherited path. After
   * the first call of a build this only finds the file in place.
   */
  public static String javaLibraryPathOption() throws IOException {
    // Surefire and failsafe run the tests in the module's directory.
    Path directory = extract(Path.of("target").toAbsolutePath());
    return "-Djava.library.path=" + directory + File.pathSeparator + System.getProperty("java.library.path");
  }

  /**
   * The directory, under {@code parent}, holding the library this platform loads, extracted from
   * the rocksdbjni jar unless an earlier run did. The directory is named by the jar entry's CRC, so
   * another RocksDB version gets its own; the file is renamed into place whole, so a JVM started
   * by a parallel fork never loads a half-written library.
   */
  static Path extract(Path parent) throws IOException {
    String resource = Environment.getJniLibraryFileName(LIBRARY);
    URL url = RocksDB.class.getClassLoader().getResource(resource);
    if (url == null) {
      throw new IOException(resource + " is not in the rocksdbjni jar");
    }
    JarURLConnection entry = (JarURLConnection) url.openConnection();
    Path dir = parent.resolve("rocksdbjni-" + Long.toHexString(entry.getJarEntry().getCrc()));
    // The name System.loadLibrary looks for, which is not always the entry's (Windows).
    Path library = dir.resolve(System.mapLibraryName(Environment.getJniLibraryName(LIBRARY)));
    if (!Files.isRegularFile(library)) {
      Files.createDirectories(dir);
      Path partial = Files.createTempFile(dir, library.getFileName().toString(), ".part");
      try (InputStream in = entry.getInputStream()) {
        Files.copy(in, partial, REPLACE_EXISTING);
        Files.move(partial, library, ATOMIC_MOVE);
      } finally {
        Files.deleteIfExists(partial);
      }
    }
    return dir;
  }
}
