package io.pushbridge.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class RawPathsTest {

  @Test
  void cleansLikeGoServeMux() {
    assertEquals("/metrics/job/a", RawPaths.clean("/metrics//job/a"));
    assertEquals("/a/b", RawPaths.clean("/a/./b"));
    assertEquals("/b", RawPaths.clean("/a/../b"));
    assertEquals("/", RawPaths.clean("/.."));
    assertEquals("/a/b/", RawPaths.clean("/a/b/./"));
    assertEquals("/a/", RawPaths.clean("/a/"));
    assertEquals("/", RawPaths.clean(""));
    assertEquals("/x", RawPaths.clean("x"));
  }

  @Test
  void keepsCleanPathsIncludingDotsInsideSegments() {
    for (String p : new String[] {"/", "/metrics/job/a/instance/b", "/a/", "/.a/b./..c/d..", "/a/.../b"}) {
      assertEquals(p, RawPaths.clean(p));
    }
    assertEquals("/a", RawPaths.clean("/a/."));
    assertEquals("/", RawPaths.clean("/a/.."));
    assertEquals("/a/", RawPaths.clean("/a//"));
    assertEquals("/", RawPaths.clean("//"));
  }

  @Test
  void decodesPercentEscapesButNotPlus() {
    assertEquals("/a/b c/d+e/\u00fc", RawPaths.decode("/a%2Fb%20c/d+e/%C3%BC"));
    assertEquals("invalid URL escape \"%zz\"",
        assertThrows(IllegalArgumentException.class, () -> RawPaths.decode("/%zz")).getMessage());
  }

  @Test
  void escapesLikeGoEscapedPath() {
    assertEquals("/a%20b/c+d/e=f/@x/%C3%BC/%3F", RawPaths.escape("/a b/c+d/e=f/@x/\u00fc/?"));
  }

  @Test
  void findsTheRawRemainderAfterADecodedPrefix() {
    assertEquals("job/a%2Fb", RawPaths.rawSuffix("/metrics/job/a%2Fb", 9));
    assertEquals("job/x", RawPaths.rawSuffix("/metrics%2Fjob/x", 9));
    assertEquals("job/x", RawPaths.rawSuffix("/%70fx/metrics/job/x", 13));
  }
}
