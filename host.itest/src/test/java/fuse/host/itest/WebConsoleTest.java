package fuse.host.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import fuse.testing.Mounts;

/**
 * The web console in a real browser: headless Chromium, driven by Selenium, against the exported host jar. Logs in
 * (a wrong password first), finds the default mounts on the FUSE page, is refused a relative mountpoint, mounts a
 * memfs from the form, watches its request count and chart move while Java writes files into it, sees the mount in
 * the shell too, and unmounts it from the page; without the console's bundle nothing of the console is served.
 * Screenshots go to {@code target/screenshots/} (the README's come
 * from there).
 */
class WebConsoleTest {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Path SCREENSHOTS = Path.of(System.getProperty("project.build.directory", "target"),
            "screenshots");

    /**
     * Selenium looks for a DevTools (CDP) implementation of Chromium's version and warns when it has none; this test
     * uses WebDriver only. (Held here: JUL keeps loggers weakly.)
     */
    private static final java.util.logging.Logger CDP_LOG = java.util.logging.Logger.getLogger(
            "org.openqa.selenium.devtools.CdpVersionFinder");

    static {
        CDP_LOG.setLevel(java.util.logging.Level.SEVERE);
    }

    @RegisterExtension
    final HostRuns runs = new HostRuns();

    private WebDriver browser;

    /** Before HostRuns ends the host: the browser goes first. */
    @AfterEach
    void closeBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    private WebDriver chromium() {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            fail("the browser test needs Debian's chromium and chromium-driver (" + CHROMIUM + ", " + CHROMEDRIVER
                    + "): ./test.sh installs them, or apt-get install chromium chromium-driver");
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        // as root Chromium needs --no-sandbox; /dev/shm may be small in containers
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,1000",
                "--lang=en-US");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }

    @Test
    void fusePageInChromium() throws Exception {
        HostProcess host = runs.start(runs.dir());
        String page = "http://127.0.0.1:" + host.httpPort() + "/system/console/fuse";
        host.awaitOutput("web console: " + page);
        Path passwordFile = host.path("etc/webconsole.password");
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(passwordFile)), "the password file is readable by its owner only");
        String password = Files.readAllLines(passwordFile).get(0).strip();
        browser = chromium();
        WebDriverWait wait = new WebDriverWait(browser, HostProcess.WAIT);

        // 1. a wrong password is refused with a message; the right one opens the FUSE page
        browser.get(page);
        browser.findElement(By.id("password")).sendKeys("not-the-password");
        browser.findElement(By.id("login")).click();
        String refusal = wait.until(d -> d.findElement(By.id("login-error"))).getText();
        assertTrue(refusal.startsWith("Wrong password"), refusal);
        assertTrue(browser.findElements(By.id("fuse-mounts")).isEmpty(), "no FUSE page without the password");
        browser.findElement(By.id("password")).sendKeys(password);
        browser.findElement(By.id("login")).click();
        wait.until(d -> !d.findElements(By.id("fuse-mounts")).isEmpty());

        // 2. the default mounts, live
        for (String d : List.of("mnt/hello", "mnt/memfs")) {
            String mp = host.path(d).toString();
            wait.until(b -> "MOUNTED".equals(cell(b, mp, "state").orElse(null)));
        }
        // and the drivers with their settings from metatype
        String memfsRow = browser.findElement(By.cssSelector("#fuse-drivers tr[data-driver='memfs']"))
                .getAttribute("textContent");
        assertTrue(memfsRow.contains("fuse.driver.memfs") && memfsRow.contains("capacity"), memfsRow);

        // 3. a relative mountpoint is refused, as the shell refuses it, and nothing is configured
        submitMount(wait, "memfs", "mnt/web", "");
        assertEquals("Refused: mountpoint must be an absolute path, got 'mnt/web'", message(wait));
        screenshot("webconsole-refused.png");

        // 3b. a POST without this session's token, or from another site's page, changes nothing (CSRF)
        Path forged = Files.createDirectories(runs.dir().resolve("mnt/forged"));
        String session = "fuse-console-session=" + browser.manage().getCookieNamed("fuse-console-session").getValue();
        String token = browser.findElement(By.id("fuse-page")).getAttribute("data-csrf");
        String form = "driver=memfs&mountpoint=" + java.net.URLEncoder.encode(forged.toString(),
                java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(403, post(page + "/mount", session, null, form), "no token");
        assertEquals(403, post(page + "/mount", session, null, form + "&csrf=guessed"), "a wrong token");
        assertEquals(403, post(page + "/mount", session, "http://elsewhere.example", form + "&csrf=" + token),
                "the right token from another site's page");
        assertFalse(host.commandWhenReady("fuse:mounts").contains(forged.toString()), "nothing was configured");
        assertFalse(Mounts.isOsgiFuseMount(forged), "nothing was mounted");

        // 4. mount a memfs from the form: configured (the shell lists it) and mounted
        Path web = Files.createDirectories(runs.dir().resolve("mnt/web"));
        submitMount(wait, "memfs", web.toString(), "capacity=64m");
        assertTrue(message(wait).startsWith("configured memfs on " + web), browser.getPageSource());
        wait.until(b -> "MOUNTED".equals(cell(b, web.toString(), "state").orElse(null)));
        assertTrue(Mounts.isOsgiFuseMount(web), web + " is mounted");
        assertTrue(host.commandWhenReady("fuse:mounts").contains(web.toString()), "fuse:mounts lists " + web);

        // 5. its statistics: Java writes files into it; the request count, the operations and the chart move
        clickInRow(wait, web.toString(), "button.select");
        wait.until(b -> web.toString().equals(b.findElement(By.id("fuse-selected")).getText()));
        long before = Long.parseLong(cell(browser, web.toString(), "requests").orElseThrow());
        int[] written = {0};
        wait.until(b -> {
            writeFile(web.resolve("file-" + written[0]++), 64 * 1024);
            WebElement chart = b.findElement(By.id("fuse-chart-rate"));
            String points = chart.getAttribute("data-points");
            String max = chart.getAttribute("data-max");
            return points != null && Integer.parseInt(points) >= 8 && max != null && Double.parseDouble(max) > 0;
        });
        wait.until(b -> Long.parseLong(cell(b, web.toString(), "requests").orElse("0")) > before);
        wait.until(b -> b.findElement(By.id("fuse-operations")).getText().contains("write"));
        assertTrue(Double.parseDouble(browser.findElement(By.id("fuse-chart-latency")).getAttribute("data-max")) > 0,
                "the latency chart has points");
        assertEquals("written from Java", Files.readString(web.resolve("file-0")).substring(0, 17));
        screenshot("webconsole-fuse.png");

        // 5b. invalidate a file's cached attributes from the page
        wait.until(b -> {
            try {
                new Select(b.findElement(By.cssSelector("#fuse-invalidate-form select"))).selectByValue(web.toString());
                return true;
            } catch (org.openqa.selenium.NoSuchElementException | StaleElementReferenceException e) {
                return false; // the page adds a new mount to the choices at its next refresh
            }
        });
        browser.findElement(By.cssSelector("#fuse-invalidate-form input[name='path']")).sendKeys("file-0");
        WebElement invalidateForm = browser.findElement(By.id("fuse-invalidate-form"));
        invalidateForm.findElement(By.cssSelector("button[type='submit']")).click();
        wait.until(b -> isStale(invalidateForm));
        assertEquals("invalidated " + web.resolve("file-0"), message(wait));

        // 6. unmount it from the page: its configuration is gone (the shell agrees) and so is the mount
        clickInRow(wait, web.toString(), "button.unmount");
        assertEquals("unmounted " + web, message(wait));
        wait.until(b -> cell(b, web.toString(), "state").isEmpty());
        host.awaitWithOutput(web + " unmounted", () -> !Mounts.isOsgiFuseMount(web));
        assertFalse(host.command("fuse:mounts").contains(web.toString()), "fuse:mounts no longer lists " + web);

        // 7. without fuse.webconsole the console is not served (its login is required), and the host works on
        String bundle = host.command("lb -s fuse.webconsole").lines().map(String::strip)
                .filter(l -> l.matches("\\d+\\|.*fuse\\.webconsole.*")).map(l -> l.substring(0, l.indexOf('|')))
                .findFirst().orElseThrow(() -> new AssertionError("fuse.webconsole is not listed"));
        host.command("stop " + bundle);
        host.awaitWithOutput("the console gone", () -> {
            try {
                return get(page) == 404 && get(page.replace("/fuse", "/bundles")) == 404;
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
        assertTrue(Mounts.isOsgiFuseMount(host.path("mnt/memfs")), "the default memfs is still mounted");
        assertTrue(host.command("fuse:mounts").contains(host.path("mnt/memfs").toString()), "the shell works on");
    }

    private static int get(String url) throws Exception {
        try (java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient()) {
            return client.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(url)).build(),
                    java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode();
        }
    }

    /** Posts a form as a script would, with the session's cookie; returns the status. */
    private static int post(String url, String cookie, String origin, String form) throws Exception {
        java.net.http.HttpRequest.Builder r = java.net.http.HttpRequest.newBuilder(java.net.URI.create(url))
                .header("Content-Type", "application/x-www-form-urlencoded").header("Cookie", cookie)
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(form));
        if (origin != null) {
            r.header("Origin", origin);
        }
        try (java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient()) {
            return client.send(r.build(), java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode();
        }
    }

    private static void writeFile(Path file, int size) {
        byte[] data = new byte[size];
        byte[] text = "written from Java\n".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        for (int i = 0; i < size; i++) {
            data[i] = text[i % text.length];
        }
        try {
            Files.write(file, data);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private void submitMount(WebDriverWait wait, String driver, String mountpoint, String settings) {
        new Select(browser.findElement(By.id("fuse-driver"))).selectByValue(driver);
        WebElement mp = browser.findElement(By.id("fuse-mountpoint"));
        mp.clear();
        mp.sendKeys(mountpoint);
        WebElement s = browser.findElement(By.id("fuse-settings"));
        s.clear();
        s.sendKeys(settings);
        WebElement form = browser.findElement(By.id("fuse-mount-form"));
        browser.findElement(By.id("fuse-mount")).click();
        wait.until(b -> isStale(form));
    }

    /** The message the page shows after an action. */
    private static String message(WebDriverWait wait) {
        return wait.until(b -> b.findElement(By.id("fuse-message"))).getText();
    }

    /** Clicks an element of a mount's row; the page re-renders the table every few seconds, so it may retry. */
    private void clickInRow(WebDriverWait wait, String mountpoint, String css) {
        wait.until(b -> {
            try {
                Optional<WebElement> row = row(b, mountpoint);
                if (row.isEmpty()) {
                    return false;
                }
                row.get().findElement(By.cssSelector(css)).click();
                return true;
            } catch (StaleElementReferenceException e) {
                return false;
            }
        });
    }

    private static Optional<WebElement> row(WebDriver b, String mountpoint) {
        return b.findElements(By.cssSelector("#fuse-mounts tbody tr[data-mountpoint]")).stream()
                .filter(r -> mountpoint.equals(r.getAttribute("data-mountpoint"))).findFirst();
    }

    /** The text of one cell (by class) of a mount's row, empty when the mount is not listed. */
    private static Optional<String> cell(WebDriver b, String mountpoint, String cls) {
        Function<WebDriver, Optional<String>> read = d -> row(d, mountpoint)
                .map(r -> r.findElement(By.cssSelector("td." + cls)).getText());
        for (int attempt = 0; ; attempt++) {
            try {
                return read.apply(b);
            } catch (StaleElementReferenceException e) {
                if (attempt == 5) {
                    throw e;
                }
            }
        }
    }

    private static boolean isStale(WebElement e) {
        try {
            e.isEnabled();
            return false;
        } catch (StaleElementReferenceException gone) {
            return true;
        }
    }

    private void screenshot(String name) throws IOException {
        Files.createDirectories(SCREENSHOTS);
        Path png = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath();
        Files.copy(png, SCREENSHOTS.resolve(name), StandardCopyOption.REPLACE_EXISTING);
    }
}
