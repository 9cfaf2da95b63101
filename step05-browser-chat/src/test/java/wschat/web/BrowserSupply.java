package wschat.web;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.remote.RemoteWebDriver;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.Testcontainers;
import org.testcontainers.selenium.BrowserWebDriverContainer;

/**
 * Where the browser tests' browser comes from, tried in this order:
 *
 * <ol>
 *   <li>a Docker engine that answers within a few seconds: Chromium in a Selenium container
 *       (Testcontainers), reaching the server on this machine through host.testcontainers.internal;</li>
 *   <li>a Chromium and chromedriver installed here: Debian's packages ({@code apt-get install chromium
 *       chromium-driver}), or any pair named by the environment variables {@code CHROME_BIN} and
 *       {@code CHROMEDRIVER};</li>
 *   <li>none: the browser tests are skipped with a message that says how to get one, except under
 *       {@code CI=true}, where a skipped browser test would prove nothing, so they fail.</li>
 * </ol>
 */
final class BrowserSupply implements AutoCloseable {

    private static final Duration DOCKER_PROBE_TIMEOUT = Duration.ofSeconds(5);
    private static final String SELENIUM_IMAGE = "selenium/standalone-chromium:latest";
    private static final String[][] LOCAL_CHROMIUM = {
        {"/usr/lib/chromium/chromium", "/usr/bin/chromedriver"}, // Debian, Ubuntu's apt chromium
        {"/usr/bin/chromium", "/usr/bin/chromedriver"},
    };
    private static final String HOW_TO_GET_A_BROWSER = """
            No browser for the browser tests. Any one of these gives them one:
              - start Docker (Docker Desktop, or the docker service): Testcontainers then runs Chromium in a container;
              - on Debian/Ubuntu: sudo apt-get install chromium chromium-driver
              - elsewhere: install Chrome and a matching chromedriver, then set CHROME_BIN and CHROMEDRIVER to their paths.""";

    private final BrowserWebDriverContainer container;
    private final File chromium;
    private final File chromedriver;
    private final List<WebDriver> drivers = new ArrayList<>();
    private final List<Path> profiles = new ArrayList<>();

    private BrowserSupply(BrowserWebDriverContainer container, File chromium, File chromedriver) {
        this.container = container;
        this.chromium = chromium;
        this.chromedriver = chromedriver;
    }

    /** Finds a browser for a server on {@code port}, or skips (fails under CI=true) with instructions. */
    static BrowserSupply find(int port) {
        if (dockerAnswers()) {
            Testcontainers.exposeHostPorts(port);
            BrowserWebDriverContainer container = new BrowserWebDriverContainer(SELENIUM_IMAGE).withAccessToHost(true);
            container.start();
            return new BrowserSupply(container, null, null);
        }
        String bin = System.getenv("CHROME_BIN");
        String driver = System.getenv("CHROMEDRIVER");
        if (bin != null && driver != null && new File(bin).canExecute() && new File(driver).canExecute()) {
            return new BrowserSupply(null, new File(bin), new File(driver));
        }
        for (String[] pair : LOCAL_CHROMIUM) {
            if (new File(pair[0]).canExecute() && new File(pair[1]).canExecute()) {
                return new BrowserSupply(null, new File(pair[0]), new File(pair[1]));
            }
        }
        System.out.println(HOW_TO_GET_A_BROWSER);
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            Assertions.fail("CI=true and no browser: the browser tests must run in CI.\n" + HOW_TO_GET_A_BROWSER);
        }
        Assumptions.abort(HOW_TO_GET_A_BROWSER);
        return null;
    }

    /**
     * Whether a Docker engine answers. Testcontainers' own check can hang on a socket nobody
     * serves, so it runs on a daemon thread that is abandoned after a few seconds.
     */
    private static boolean dockerAnswers() {
        CompletableFuture<Boolean> probe = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            try {
                probe.complete(DockerClientFactory.instance().isDockerAvailable());
            } catch (Throwable e) {
                probe.complete(false);
            }
        }, "docker-probe");
        thread.setDaemon(true);
        thread.start();
        try {
            return probe.get(DOCKER_PROBE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            return false;
        }
    }

    /** Where the browser finds the server: this machine's loopback, or the host as the container sees it. */
    String baseUrl(int port, String localHostName) {
        return "http://" + (container != null ? "host.testcontainers.internal" : localHostName) + ":" + port + "/";
    }

    /** What this supply is, for the test log. */
    String description() {
        return container != null ? "Chromium in Docker (" + SELENIUM_IMAGE + ")" : chromium + " with " + chromedriver;
    }

    /** A new browser session, closed with this supply. */
    WebDriver newBrowser() throws IOException {
        ChromeOptions options = new ChromeOptions();
        options.addArguments("--window-size=900,640");
        WebDriver driver;
        if (container != null) {
            driver = new RemoteWebDriver(container.getSeleniumAddress(), options);
        } else {
            Path profile = Files.createTempDirectory("chat-test-profile");
            profiles.add(profile);
            options.setBinary(chromium);
            options.addArguments(
                    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                    "--no-first-run", "--no-default-browser-check", "--user-data-dir=" + profile,
                    // No internet here: stop Chromium's background lookups before they start.
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    "--disable-default-apps", "--disable-extensions", "--disable-domain-reliability",
                    "--disable-client-side-phishing-detection", "--metrics-recording-only", "--no-pings",
                    "--disable-features=OptimizationHints,MediaRouter,Translate,AutofillServerCommunication");
            ChromeDriverService service = new ChromeDriverService.Builder()
                    .usingDriverExecutable(chromedriver)
                    .usingAnyFreePort()
                    .withLogOutput(OutputStream.nullOutputStream())
                    .build();
            driver = new ChromeDriver(service, options);
        }
        drivers.add(driver);
        return driver;
    }

    /** Quits every browser session opened so far. */
    void closeBrowsers() {
        for (WebDriver driver : drivers) {
            try {
                driver.quit();
            } catch (RuntimeException ignored) {
                // the browser is already gone
            }
        }
        drivers.clear();
    }

    @Override
    public void close() {
        closeBrowsers();
        if (container != null) {
            container.stop();
        }
        for (Path profile : profiles) {
            deleteQuietly(profile);
        }
    }

    private static void deleteQuietly(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temp folder left behind
        }
    }
}
