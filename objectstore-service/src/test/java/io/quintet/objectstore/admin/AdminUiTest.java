package io.quintet.objectstore.admin;

import static io.quintet.objectstore.osp.RawClient.NOTE;
import static io.quintet.objectstore.osp.RawClient.props;
import static io.quintet.objectstore.osp.RawClient.put;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quintet.objectstore.logging.LogLevels;
import io.quintet.objectstore.osp.RawClient;
import io.quintet.objectstore.wire.WireCodec;
import io.quintet.objectstore.wire.WireFormat;
import io.restassured.http.ContentType;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The admin web UI in a real headless Chromium (Debian's chromium and chromedriver): log in, status and
 * log level, data browser with filters and JSON download, schema upload and switch, a chart with
 * points after sync traffic, history, events, users; XSS attempts stay text. Screenshots of each page
 * go to target/admin-ui-screenshots.
 */
@QuarkusTest
class AdminUiTest {

    static final String CHROMIUM = System.getProperty("objectstore.chromium", "/usr/bin/chromium");
    static final String CHROMEDRIVER = System.getProperty("objectstore.chromedriver", "/usr/bin/chromedriver");
    static final Path SHOTS = Path.of("target/admin-ui-screenshots");
    static final Path DOWNLOADS = Path.of("target/admin-ui-downloads").toAbsolutePath();
    static final String XSS_VALUE = "<img src=x onerror=\"window.__xss=1\"><script>window.__xss=2</script>";

    @TestHTTPResource("/admin/")
    URL admin;

    @TestHTTPResource("/")
    java.net.URI base;

    ChromeDriver driver;
    WebDriverWait wait;

    @BeforeEach
    void browser() throws Exception {
        assertTrue(
                Files.isExecutable(Path.of(CHROMIUM)),
                "Debian's chromium is needed at " + CHROMIUM + " (apt-get install chromium chromium-driver)");
        Files.createDirectories(SHOTS);
        Files.createDirectories(DOWNLOADS);
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments(
                "--headless=new",
                "--no-sandbox",
                "--disable-dev-shm-usage",
                "--disable-gpu",
                "--window-size=1280,1600");
        options.setExperimentalOption(
                "prefs",
                Map.of("download.default_directory", DOWNLOADS.toString(), "download.prompt_for_download", false));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(Path.of(CHROMEDRIVER).toFile())
                .usingAnyFreePort()
                .build();
        driver = new ChromeDriver(service, options);
        driver.executeCdpCommand(
                "Browser.setDownloadBehavior", Map.of("behavior", "allow", "downloadPath", DOWNLOADS.toString()));
        wait = new WebDriverWait(driver, Duration.ofSeconds(60));
        wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class);
    }

    @AfterEach
    void close() {
        if (driver != null) driver.quit();
        LogLevels.set("info");
    }

    private void shot(String name) throws Exception {
        Files.write(SHOTS.resolve(name + ".png"), driver.getScreenshotAs(OutputType.BYTES));
    }

    private WebElement visible(By by) {
        return wait.until(d -> {
            WebElement e = d.findElement(by);
            return e.isDisplayed() ? e : null;
        });
    }

    private void tab(String name) {
        visible(By.cssSelector("nav button[data-tab='" + name + "']")).click();
        visible(By.id("tab-" + name));
    }

    private void waitText(By by, String text) {
        wait.until(
                (Function<WebDriver, Boolean>) d -> d.findElement(by).getText().contains(text));
    }

    private Object js(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    @Test
    @DisplayName(
            "C80 admin web UI in headless Chromium: login, status/log level, data browser + JSON download, schema upload/switch, type dependency and class diagrams, chart after sync traffic, history, events, users, sync cluster, GraphQL playground; XSS rendered as text")
    void c80AdminUi() throws Exception {
        String marker = "ui" + System.nanoTime();
        try (RawClient a = RawClient.connect(base, WireFormat.JSON)) {
            a.loginOk("AUTO");
            a.apply(put(NOTE, a.gid(1), props().put("title", XSS_VALUE).put("priority", 1)));
            for (int i = 2; i <= 25; i++)
                a.apply(put(
                        NOTE, a.gid(i), props().put("title", marker + "-" + i).put("priority", i)));
        }

        driver.get(admin.toString());
        visible(By.id("login-user")).sendKeys(Admin.ROOT);
        driver.findElement(By.id("login-password")).sendKeys("wrong-password");
        driver.findElement(By.id("login-submit")).click();
        waitText(By.id("login-error"), "Wrong");
        shot("01-login");
        driver.findElement(By.id("login-password")).clear();
        driver.findElement(By.id("login-password")).sendKeys(Admin.ROOT_PASSWORD);
        driver.findElement(By.id("login-submit")).click();

        // status and the runtime log level
        visible(By.id("log-level"));
        shot("02-status");
        new Select(driver.findElement(By.id("log-level"))).selectByValue("debug");
        driver.findElement(By.id("log-level-apply")).click();
        waitText(By.id("message"), "debug");
        assertEquals("debug", LogLevels.current());
        new Select(driver.findElement(By.id("log-level"))).selectByValue("info");
        driver.findElement(By.id("log-level-apply")).click();
        waitText(By.id("message"), "info");
        assertEquals("info", LogLevels.current());

        // data browser: type, filter (with an injection attempt), paging, download
        tab("data");
        new Select(visible(By.id("data-type"))).selectByValue("Note");
        visible(By.id("data-range"));
        new Select(visible(By.id("filter-property"))).selectByValue("title");
        new Select(driver.findElement(By.id("filter-operator"))).selectByValue("startsWith");
        driver.findElement(By.id("filter-value")).sendKeys(marker);
        driver.findElement(By.id("filter-add")).click();
        waitText(By.id("data-range"), "of 24");
        shot("03-data");
        driver.findElement(By.id("data-next")).click();
        waitText(By.id("data-range"), "21–24 of 24");
        driver.findElement(By.id("data-download-shown")).click();
        Path downloaded = DOWNLOADS.resolve("Note-page.json");
        wait.until(d -> Files.exists(downloaded));
        JsonNode page = WireCodec.JSON.readTree(downloaded.toFile());
        assertEquals(4, page.size());
        assertTrue(page.get(0).path("properties").path("title").asText().startsWith(marker));
        Files.delete(downloaded);

        // the XSS title and an XSS filter are shown as text
        visible(By.cssSelector("#filters button.filter")).click();
        wait.until(d -> d.findElements(By.cssSelector("#filters button")).isEmpty()
                && !d.findElement(By.id("data-range")).getText().contains("of 24"));
        new Select(visible(By.id("filter-property"))).selectByValue("title");
        new Select(driver.findElement(By.id("filter-operator"))).selectByValue("contains");
        driver.findElement(By.id("filter-value")).sendKeys("onerror=\"window.__xss=1\"><script>");
        driver.findElement(By.id("filter-add")).click();
        waitText(By.id("data-range"), "of");
        wait.until(d -> d.findElements(By.cssSelector("#data-objects td")).stream()
                .anyMatch(td -> td.getText().equals(XSS_VALUE)));
        assertTrue(driver.findElements(By.cssSelector("#data-objects img, #data-objects script, #filters img"))
                .isEmpty());
        assertTrue(driver.findElement(By.id("filters")).getText().contains("<script>"));
        assertEquals(Boolean.TRUE, js("return window.__xss === undefined"));
        shot("04-data-xss");

        // schema: upload a model as an inactive version (a type name with markup in it), switch to it
        tab("schema");
        String model = uploadableModel();
        WebElement text = visible(By.id("schema-text"));
        js("arguments[0].value = arguments[1];", text, model);
        driver.findElement(By.id("schema-upload")).click();
        waitText(By.id("message"), "Uploaded as version");
        int version =
                Integer.parseInt(driver.findElement(By.id("message")).getText().replaceAll("\\D", ""));
        visible(By.cssSelector("button.make-current[data-version='" + version + "']"))
                .click();
        try {
            waitText(By.id("message"), "Switched to version " + version);
            wait.until(d -> d.findElements(By.cssSelector("tr.current td")).stream()
                    .anyMatch(td -> td.getText().equals(Integer.toString(version))));
            wait.until(d -> d.findElements(By.cssSelector("summary")).stream()
                    .anyMatch(s -> s.getText().contains("<b onmouseover")));
            assertTrue(
                    driver.findElements(By.cssSelector("#tab-schema b")).isEmpty(),
                    "a type name with markup stays text");
            shot("05-schema");
        } finally {
            Admin.as(Admin.root())
                    .contentType(ContentType.JSON)
                    .body(Map.of("versionId", 1))
                    .post("/api/v1/schema/current")
                    .then()
                    .statusCode(200);
        }

        // schema: type dependency and class diagrams (ECharts graph, SVG), type names as text
        tab("schema");
        wait.until(d -> d.findElements(By.cssSelector("#diagram-classes svg text")).stream()
                .anyMatch(t -> t.getText().contains("folderId: Relation")));
        wait.until(d -> d.findElements(By.cssSelector("#diagram-dependencies svg text")).stream()
                .anyMatch(t -> t.getText().contains("sharedWith")));
        assertTrue(
                driver.findElements(By.cssSelector("#diagram-dependencies svg path"))
                                .size()
                        > 1,
                "edges drawn");
        driver.findElement(By.id("diagram-classes-download")).click();
        wait.until(d -> Files.exists(DOWNLOADS.resolve("objectstore-classes.svg")));
        shot("05b-schema-diagrams");

        // statistics: a chart with points after the sync traffic above
        tab("stats");
        visible(By.id("chart-txs"));
        wait.until(d -> {
            Object points = js(
                    "var c = window.echarts && echarts.getInstanceByDom(document.getElementById('chart-txs'));"
                            + "if (!c) return 0; var s = c.getOption().series[0].data; return s.filter(p => p[1] > 0).length;");
            return ((Number) points).intValue() > 0;
        });
        shot("06-statistics");

        // history and log events
        tab("history");
        visible(By.cssSelector("button.history-show")).click();
        wait.until(d -> d.findElement(By.id("history-detail")).getText().contains("hseq"));
        shot("07-history");
        tab("events");
        visible(By.id("events-limit"));
        wait.until(d -> d.findElements(By.cssSelector("#tab-events td")).stream()
                .anyMatch(td -> td.getText().contains("schema version")));
        shot("08-events");

        // users: create one through the UI
        tab("users");
        String user = "ui" + System.nanoTime();
        visible(By.id("user-name")).sendKeys(user);
        driver.findElement(By.id("user-password")).sendKeys("ui-user-password");
        new Select(driver.findElement(By.id("user-roles"))).selectByValue("viewer");
        driver.findElement(By.id("user-create")).click();
        wait.until(d -> d.findElements(By.cssSelector("#tab-users td")).stream()
                .anyMatch(td -> td.getText().equals(user)));
        shot("09-users");
        Admin.login(user, "ui-user-password");

        // sync cluster: this replica with its heartbeat, its role and its clients
        tab("cluster");
        wait.until(d -> d.findElements(By.cssSelector("#tab-cluster td")).stream()
                .anyMatch(td -> td.getText().contains("(this one)")));
        wait.until(
                d -> d.findElements(By.cssSelector("#tab-cluster span.alive")).size() >= 1);
        shot("10-cluster");

        // GraphQL playground (GraphiQL from its webjar): run a query, open the schema explorer
        assertEquals(Boolean.TRUE, js("return window.__xss === undefined"));
        driver.get(admin + "graphql.html?query="
                + java.net.URLEncoder.encode(
                        "{ note(first: 3) { id title } }", java.nio.charset.StandardCharsets.UTF_8));
        visible(By.cssSelector(".graphiql-execute-button")).click();
        wait.until(d -> d.findElements(By.cssSelector(".result-window")).stream()
                .anyMatch(r -> r.getText().contains("\"title\"")));
        visible(By.cssSelector("button[aria-label^='Show Documentation Explorer']"))
                .click();
        wait.until(d -> d.findElements(By.cssSelector(".graphiql-doc-explorer")).stream()
                .anyMatch(e -> e.getText().contains("Query")));
        assertTrue(
                !driver.findElements(By.cssSelector("button[aria-label^='Prettify']"))
                        .isEmpty(),
                "formatting");
        assertTrue(!driver.findElements(By.cssSelector(".graphiql-tab-add")).isEmpty(), "tabs");
        shot("11-graphql-playground");
        assertEquals(Boolean.TRUE, js("return window.__xss === undefined"));
        List<String> shots;
        try (var files = Files.list(SHOTS)) {
            shots = files.map(p -> p.getFileName().toString()).toList();
        }
        assertTrue(shots.size() >= 12, shots.toString());
    }

    /** notes.json plus a local type whose name carries markup, with fresh UIDs (unique per run). */
    static String uploadableModel() throws Exception {
        ObjectNode m = (ObjectNode) WireCodec.JSON.readTree(
                Path.of("src/test/resources/models/notes.json").toFile());
        SecureRandom r = new SecureRandom();
        long entityUid = (r.nextLong() >>> 2) + 1, idUid = (r.nextLong() >>> 2) + 1, textUid = (r.nextLong() >>> 2) + 1;
        ObjectNode e = ((ArrayNode) m.get("entities")).addObject();
        e.put("id", "6:" + entityUid)
                .put("name", "<b onmouseover=alert(1)>Pin" + Long.toHexString(entityUid) + "</b>")
                .put("lastPropertyId", "2:" + textUid);
        ArrayNode ps = e.putArray("properties");
        ps.addObject().put("id", "1:" + idUid).put("name", "id").put("type", 6).put("flags", 1);
        ps.addObject().put("id", "2:" + textUid).put("name", "text").put("type", 9);
        e.putArray("relations");
        m.put("lastEntityId", "6:" + entityUid);
        return WireCodec.JSON.writeValueAsString(m);
    }
}
