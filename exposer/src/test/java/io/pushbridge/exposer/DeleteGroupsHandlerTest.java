package io.pushbridge.exposer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class DeleteGroupsHandlerTest {
  @Test
  void readsEveryValueOfTheParameterDecodedLikeGo() {
    assertEquals(List.of("{job=\"a b\"}", "{x=~\"1+\"}", ""),
        DeleteGroupsHandler.parameters(
            "match%5B%5D=%7Bjob%3D%22a+b%22%7D&other=1&match[]={x=~\"1%2B\"}&&match[]", "match[]"));
    assertEquals(List.of(), DeleteGroupsHandler.parameters(null, "match[]"));
    assertEquals(List.of(), DeleteGroupsHandler.parameters("", "match[]"));
  }

  @Test
  void refusesMalformedEscapes() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> DeleteGroupsHandler.parameters("match[]=%zz", "match[]"));
    assertTrue(e.getMessage().startsWith("invalid query string: "), e.getMessage());
  }
}
