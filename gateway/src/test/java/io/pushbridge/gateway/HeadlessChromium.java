package io.pushbridge.gateway;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's Chromium driven headless by Debian's chromedriver through Selenium. Both are found on
 * PATH (a missing one fails naming its package); Selenium Manager is never asked to download one.
 */
final class HeadlessChromium implements AutoCloseable {
  private static final Duration WAIT = Duration.ofSeconds(20);

  final ChromeDriver driver;
  private final WebDriverWait wait;

  private HeadlessChromium(ChromeDriver driver) {
    this.driver = driver;
    WebDriverWait w = new WebDriverWait(driver, WAIT);
    // The page replaces its group elements on every refresh; a probe may hold one from before.
    w.ignoring(StaleElementReferenceException.class);
    this.wait = w;
  }

  static HeadlessChromium start() {
    Path chromium = ExternalTools.require("chromium", "chromium");
    Path chromedriver = ExternalTools.require("chromedriver", "chromium-driver");
    ChromeOptions options = new ChromeOptions();
    options.setBinary(chromium.toFile());
    // --no-sandbox: CI runs as root, where Chromium's sandbox refuses to start.
    options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
        "--window-size=1280,1100", "--lang=en-US", "--no-first-run", "--no-default-browser-check");
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(chromedriver.toFile())
        .usingAnyFreePort()
        .build();
    return new HeadlessChromium(new ChromeDriver(service, options));
  }

  /** Opens {@code url} and waits until the page has rendered its first answer from the API. */
  void open(String url) {
    driver.get(url);
    wait.until(d -> !summary().equals("Loading…"));
  }

  WebDriverWait await() {
    return wait;
  }

  String summary() {
    return driver.findElement(By.id("summary")).getText();
  }

  /** Groups on the page, shown or filtered out. */
  List<WebElement> groups() {
    return driver.findElements(By.cssSelector("#groups section.group"));
  }

  List<WebElement> shownGroups() {
    return groups().stream().filter(WebElement::isDisplayed).toList();
  }

  /** The group whose grouping labels read exactly {@code keyText} ({@code job="x" a="b"}). */
  WebElement group(String keyText) {
    return groups().stream().filter(g -> keyText.equals(g.getDomAttribute("data-key"))).findFirst()
        .orElseThrow(() -> new AssertionError("no group " + keyText + " on the page; groups: "
            + groups().stream().map(g -> g.getDomAttribute("data-key")).toList()));
  }

  boolean hasGroup(String keyText) {
    return groups().stream().anyMatch(g -> keyText.equals(g.getDomAttribute("data-key")));
  }

  Object script(String js, Object... args) {
    return ((JavascriptExecutor) driver).executeScript(js, args);
  }

  void screenshot(Path target) throws IOException {
    Files.createDirectories(target.getParent());
    Files.copy(driver.getScreenshotAs(OutputType.FILE).toPath(), target, StandardCopyOption.REPLACE_EXISTING);
  }

  @Override
  public void close() {
    driver.quit();
  }
}
