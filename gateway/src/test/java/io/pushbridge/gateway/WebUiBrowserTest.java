package io.pushbridge.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.Alert;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * The web UI in a real headless Chromium against a real gateway on a loopback port (issue 7):
 * what it renders, its filter box and its delete buttons.
 */
class WebUiBrowserTest {
  private static final String BACKUP = "job=\"backup\" site=\"eu1\"";
  private static final String CLEANER = "job=\"cleaner\" path=\"/var/tmp\"";
  private static final String MUNICH = "job=\"weather station\" city=\"München\"";
  private static final String HOSTILE_VALUE = "<script>window.pwned=1</script><img src=x onerror=\"window.pwned=2\">";
  private static final String HOSTILE = "job=\"html\" v=\"" + HOSTILE_VALUE + "\"";

  @Test
  void rendersGroupsEscapedFiltersThemAndDeletesOneThroughItsButton() throws Exception {
    try (RunningGateway gw = RunningGateway.start(null, "--web.enable-admin-api");
        HeadlessChromium browser = HeadlessChromium.start()) {
      pushFixtures(gw.http, "");
      browser.open(gw.base + "/");

      assertEquals("4 groups", browser.summary());
      assertEquals(List.of(BACKUP, CLEANER, HOSTILE, MUNICH),
          browser.groups().stream().map(g -> g.getDomAttribute("data-key")).sorted().toList());

      WebElement backup = browser.group(BACKUP);
      assertEquals(Map.of("backup_duration_seconds", "gauge 1", "backup_files_total", "counter 3"), families(backup));
      assertTrue(backup.getDomAttribute("class").contains("failed"), "the rejected push shows");
      String times = backup.findElement(By.className("times")).getText();
      assertTrue(times.contains("last push failed"), times);
      assertFalse(times.contains("Last push: never"), times);
      assertFalse(times.contains("Expires"), "no TTL, no deadline: " + times);
      WebElement cleanerTimes = browser.group(CLEANER).findElement(By.className("times"));
      assertTrue(cleanerTimes.getText().contains("Last failure: never"));
      assertTrue(cleanerTimes.getText().matches("(?s).*Expires: .* \\(in (59m|1h 0m)\\).*"), cleanerTimes.getText());
      double deadline = gw.group("job", "cleaner", "path", "/var/tmp").get("push_expiry_time_seconds")
          .get("metrics").get(0).get("value").asDouble();
      long shownMillis = (Long) browser.script(
          "return Date.parse(arguments[0].querySelector('.expiry time').dateTime)", cleanerTimes);
      assertEquals(deadline * 1000, (double) shownMillis, 1.0, "the deadline from the API, to the millisecond");
      assertEquals(List.of("job", "site"), backup.findElements(By.cssSelector(".label .name")).stream()
          .map(WebElement::getText).toList(), "job first");

      WebElement hostile = browser.group(HOSTILE);
      assertEquals(HOSTILE_VALUE, hostile.findElements(By.cssSelector(".label .value")).get(1).getText());
      assertEquals("<b>bold</b> help", hostile.findElement(By.cssSelector("td.help")).getText());
      assertEquals(1L, browser.script("return document.scripts.length"), "only the UI's own script");
      assertEquals(1L, browser.script("return document.images.length"), "only the logo");
      assertEquals(0L, browser.script("return document.querySelectorAll('#groups b').length"));
      assertEquals("undefined", browser.script("return typeof window.pwned"));
      assertEquals("München", browser.group(MUNICH).findElements(By.cssSelector(".label .value")).get(1).getText());

      filter(browser, "site=\"eu1\"");
      assertEquals(List.of(BACKUP), shownKeys(browser));
      assertEquals("1 of 4 groups shown", browser.summary());
      filter(browser, "files_removed");
      assertEquals(List.of(CLEANER), shownKeys(browser), "metric names match too");
      filter(browser, "JOB=\"WEATHER münchen");
      assertEquals(List.of(MUNICH), shownKeys(browser), "terms are case-insensitive and all must match");
      filter(browser, "no-such-group");
      assertEquals(List.of(), shownKeys(browser));
      filter(browser, "");
      assertEquals(4, browser.shownGroups().size());
      assertEquals("4 groups", browser.summary());

      browser.screenshot(Path.of("target", "ui-screenshot.png"));
      assertTrue(Files.size(Path.of("target", "ui-screenshot.png")) > 0);

      Alert cancelled = clickDelete(browser, CLEANER);
      assertTrue(cancelled.getText().contains(CLEANER), cancelled.getText());
      cancelled.dismiss();
      assertNotNull(gw.group("job", "cleaner", "path", "/var/tmp"), "a cancelled delete deletes nothing");

      for (String key : new String[] {CLEANER, MUNICH, HOSTILE}) {
        clickDelete(browser, key).accept();
        browser.await().until(d -> !browser.hasGroup(key));
      }
      assertNull(gw.group("job", "cleaner", "path", "/var/tmp"));
      assertNull(gw.group("job", "weather station", "city", "München"));
      assertNull(gw.group("job", "html", "v", HOSTILE_VALUE));
      assertEquals(1, gw.groups().size());
      assertNotNull(gw.group("job", "backup", "site", "eu1"));
      assertEquals("1 group", browser.summary());
      assertFalse(browser.driver.findElement(By.id("error")).isDisplayed());
    }
  }

  @Test
  void worksUnderTheRoutePrefix() throws Exception {
    try (RunningGateway gw = RunningGateway.start(null, "--web.route-prefix=/pfx", "--web.enable-admin-api");
        HeadlessChromium browser = HeadlessChromium.start()) {
      pushFixtures(gw.http, "/pfx");
      browser.open(gw.base + "/pfx/status");
      assertEquals("4 groups", browser.summary());
      assertEquals(gw.base + "/pfx/metrics", browser.driver.findElement(By.id("scrape-link")).getDomProperty("href"));
      clickDelete(browser, CLEANER).accept();
      browser.await().until(d -> !browser.hasGroup(CLEANER));
      assertEquals(3, gw.groups("/pfx").size());
      assertFalse(gw.groups("/pfx").toString().contains("cleaner"));
    }
  }

  @Test
  void linksFollowTheExternalUrlPath() throws Exception {
    try (RunningGateway gw = RunningGateway.start(null, "--web.external-url=http://gw.example/ext/", "--web.telemetry-path=/scrape");
        HeadlessChromium browser = HeadlessChromium.start()) {
      pushFixtures(gw.http, "/ext");
      browser.open(gw.base + "/ext/");
      assertEquals("4 groups", browser.summary());
      assertEquals(gw.base + "/ext/scrape", browser.driver.findElement(By.id("scrape-link")).getDomProperty("href"));
      browser.driver.findElement(By.id("status-link")).click();
      assertTrue(browser.driver.findElement(By.id("status-body")).getText().contains("http://gw.example/ext/"));
      assertEquals(gw.base + "/ext/", browser.driver.getCurrentUrl(), "the in-page link does not follow <base>");
    }
  }

  @Test
  void offersNoDeleteButtonsWithoutTheAdminApi() throws Exception {
    try (RunningGateway gw = RunningGateway.start(null);
        HeadlessChromium browser = HeadlessChromium.start()) {
      pushFixtures(gw.http, "");
      browser.open(gw.base + "/");
      assertEquals("4 groups", browser.summary());
      assertEquals(0, browser.driver.findElements(By.cssSelector("button.delete")).size());
    }
  }

  /** Four groups: one with a rejected push after its first one, one with a TTL. */
  private static void pushFixtures(Http http, String prefix) throws Exception {
    assertEquals(200, http.send("PUT", prefix + "/metrics/job/backup/site/eu1", """
        # HELP backup_duration_seconds Wall time of the last backup run.
        # TYPE backup_duration_seconds gauge
        backup_duration_seconds 412.5
        # TYPE backup_files_total counter
        backup_files_total{volume="a"} 10
        backup_files_total{volume="b"} 20
        backup_files_total{volume="c"} 30
        """).statusCode());
    assertEquals(200, http.send("PUT", prefix + "/metrics/job/cleaner/path@base64/L3Zhci90bXA", "files_removed 3\n",
        "Pushbridge-TTL", "1h").statusCode());
    assertEquals(200, http.send("PUT", prefix + "/metrics/job/weather%20station/city/M%C3%BCnchen", "temperature_celsius 3\n").statusCode());
    assertEquals(200, http.send("PUT", prefix + "/metrics/job/html/v@base64/" + base64url(HOSTILE_VALUE),
        "# HELP m <b>bold</b> help\nm 1\n").statusCode());
    assertEquals(400, http.send("PUT", prefix + "/metrics/job/backup/site/eu1", "backup_duration_seconds 1 1700000000000\n").statusCode());
  }

  private static String base64url(String s) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  /** Family name to "type series-count", as the group's table shows them. */
  private static Map<String, String> families(WebElement group) {
    Map<String, String> out = new LinkedHashMap<>();
    for (WebElement row : group.findElements(By.cssSelector("tr.family"))) {
      out.put(row.findElement(By.className("family-name")).getText(),
          row.findElement(By.className("type")).getText() + " " + row.findElement(By.className("series")).getText());
    }
    return out;
  }

  private static void filter(HeadlessChromium browser, String text) {
    WebElement box = browser.driver.findElement(By.id("filter"));
    box.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.BACK_SPACE);
    if (!text.isEmpty()) {
      box.sendKeys(text);
    }
  }

  private static List<String> shownKeys(HeadlessChromium browser) {
    return browser.shownGroups().stream().map(g -> g.getDomAttribute("data-key")).sorted().toList();
  }

  private static Alert clickDelete(HeadlessChromium browser, String key) {
    browser.group(key).findElement(By.cssSelector("button.delete")).click();
    return browser.await().until(ExpectedConditions.alertIsPresent());
  }
}
