package io.pushbridge.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.RocksDB;
import org.rocksdb.util.Environment;

class RocksDbNativeLibraryTest {
  private static final Path MAPS = Path.of("/proc/self/maps");

  @TempDir Path dir;

  @Test
  void extractsTheLibraryOnceAndLeavesNoPartialFile() throws IOException {
    Path first = RocksDbNativeLibrary.extract(dir);
    List<Path> files = list(first);
    assertEquals(1, files.size(), files.toString());
    Path library = files.get(0);
    try (InputStream in = RocksDB.class.getClassLoader().getResourceAsStream(Environment.getJniLibraryFileName("rocksdb"))) {
      assertArrayEquals(in.readAllBytes(), Files.readAllBytes(library));
    }
    Object inode = Files.readAttributes(library, BasicFileAttributes.class).fileKey();

    assertEquals(first, RocksDbNativeLibrary.extract(dir));
    assertEquals(List.of(library), list(first));
    assertEquals(inode, Files.readAttributes(library, BasicFileAttributes.class).fileKey(), "extracted again");
  }

  @Test
  void aChildJvmGivenTheOptionLoadsTheExtractedLibraryNotATemporaryCopy() throws Exception {
    assumeTrue(Files.isReadable(MAPS), "needs /proc/self/maps (Linux)");
    String option = RocksDbNativeLibrary.javaLibraryPathOption();
    String extracted = option.substring("-Djava.library.path=".length()).split(File.pathSeparator, -1)[0];
    Process child =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                option,
                "-cp",
                System.getProperty("java.class.path"),
                MappedRocksDbLibrary.class.getName())
            .redirectErrorStream(true)
            .start();
    String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(child.waitFor(60, TimeUnit.SECONDS), out);
    assertEquals(0, child.exitValue(), out);
    assertFalse(out.isBlank(), "no RocksDB library mapped");
    for (String mapped : out.split("\n", -1)) {
      assertTrue(mapped.isEmpty() || mapped.startsWith(extracted + "/"), out);
    }
  }

  /** The child: loads RocksDB as the store does, prints the files of its library it has mapped. */
  public static final class MappedRocksDbLibrary {
    private MappedRocksDbLibrary() {}

    public static void main(String[] args) throws IOException {
      RocksDB.loadLibrary();
      try (Stream<String> lines = Files.lines(MAPS)) {
        lines
            .filter(l -> l.contains("rocksdbjni"))
            .map(l -> l.substring(l.indexOf('/')))
            .distinct()
            .forEach(System.out::println);
      }
    }
  }

  private static List<Path> list(Path d) throws IOException {
    try (Stream<Path> s = Files.list(d)) {
      return s.collect(Collectors.toList());
    }
  }
}
