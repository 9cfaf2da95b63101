package wschat.web;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.chromium.ChromiumOptions;
import org.openqa.selenium.edge.EdgeDriver;
import org.openqa.selenium.edge.EdgeDriverService;
import org.openqa.selenium.edge.EdgeOptions;
import org.openqa.selenium.remote.RemoteWebDriver;
import org.openqa.selenium.remote.service.DriverFinder;
import org.openqa.selenium.remote.service.DriverService;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.Testcontainers;
import org.testcontainers.selenium.BrowserWebDriverContainer;

/**
 * Where the browser tests' browser comes from. One switch chooses: the system property
 * {@code wschat.browser} or else the environment variable {@code WSCHAT_BROWSER}, one of
 *
 * <ul>
 *   <li>{@code local}: a browser installed on this machine. {@code CHROME_BIN} and/or
 *       {@code CHROMEDRIVER} if set (each must exist), else Selenium Manager, which ships inside
 *       Selenium, finds Chrome, Chromium or Edge and its matching driver (and, online, downloads
 *       the driver), else Debian's packages ({@code apt-get install chromium chromium-driver});</li>
 *   <li>{@code docker}: Chromium in a Selenium container (Testcontainers, a pinned multi-arch image),
 *       reaching the server on this machine through host.testcontainers.internal;</li>
 *   <li>{@code auto} (the default): local if one is found, else Docker if an engine answers.</li>
 * </ul>
 *
 * With none to be had, {@link #find} says why and which one command fixes it; the test skips
 * (fails under {@code CI=true}). A set-up that names something that is not there is an error.
 */
final class BrowserSupply implements AutoCloseable {

    /** Where a learner reads how to get a browser. */
    static final String SET_UP = "step05-browser-chat/README.md, \"Set-up: a browser for the browser tests\"";
    /** Pinned, never latest: Selenium Grid 4.48.0 with Chromium 152, for amd64 and arm64 (Apple silicon). */
    static final String SELENIUM_IMAGE = "selenium/standalone-chromium:4.48.0-20260905";
    private static final Duration DOCKER_PROBE_TIMEOUT = Duration.ofSeconds(5);
    /** Selenium Manager answers in well under a second offline; online it may download a driver. */
    private static final Duration MANAGER_TIMEOUT = Duration.ofSeconds(90);
    /**
     * At exit, quitting two browsers takes about a second; past this the shutdown hook ends them instead.
     * With {@link #END_LEFTOVERS_TIMEOUT}, below the 20 s that tools/mistakes/LessonRun.java gives the hooks.
     */
    private static final Duration CLOSE_AT_EXIT_TIMEOUT = Duration.ofSeconds(10);
    /** How long processes asked to end at exit get before they are killed. */
    private static final Duration END_LEFTOVERS_TIMEOUT = Duration.ofSeconds(3);
    /** The prefix of each local browser's profile folder in the temp folder; .ci/run looks for leftovers by it. */
    static final String PROFILE_PREFIX = "chat-test-profile";
    private static final String[][] DEBIAN_CHROMIUM = {
        {"/usr/lib/chromium/chromium", "/usr/bin/chromedriver"},
        {"/usr/bin/chromium", "/usr/bin/chromedriver"},
    };

    /** The browser tests cannot have a browser: why, and the one command that fixes it. */
    static final class NoBrowser extends Exception {
        final String fix;

        NoBrowser(String reason, String fix) {
            super(reason);
            this.fix = fix;
        }
    }

    /** The set-up names a browser that is not there, or a switch value that does not exist. */
    static final class SetUpError extends RuntimeException {
        SetUpError(String message) {
            super(message + "\n-> Set-up: " + SET_UP);
        }

        SetUpError(String message, Throwable cause) {
            super(message + "\n-> Set-up: " + SET_UP, cause);
        }
    }

    private final String description;
    private final BrowserWebDriverContainer container;
    private final boolean edge;
    private final File browser;
    private final File driver;
    private final List<WebDriver> drivers = new ArrayList<>();
    private final List<Path> profiles = new CopyOnWriteArrayList<>(); // read by the shutdown hook too
    /**
     * Closes this supply if the test JVM ends before {@link #close} is called (a run stopped at its first
     * failure, a fork that exits early): otherwise the browsers keep running after the tests, and their
     * profiles stay in the temp folder.
     */
    private final Thread closeAtExit = new Thread(this::closeAtExit, "close-browsers-at-exit");
    private boolean closed;

    private BrowserSupply(String description, BrowserWebDriverContainer container, boolean edge, File browser,
            File driver) {
        this.description = description;
        this.container = container;
        this.edge = edge;
        this.browser = browser;
        this.driver = driver;
        Runtime.getRuntime().addShutdownHook(closeAtExit);
    }

    /** docker, local or auto, from -Dwschat.browser or WSCHAT_BROWSER. */
    static String choice() {
        String property = System.getProperty("wschat.browser");
        String env = System.getenv("WSCHAT_BROWSER");
        String value = property != null && !property.isBlank() ? property : env != null && !env.isBlank() ? env : "auto";
        String choice = value.trim().toLowerCase(Locale.ROOT);
        if (!List.of("auto", "local", "docker").contains(choice)) {
            throw new SetUpError((property != null && !property.isBlank() ? "-Dwschat.browser" : "WSCHAT_BROWSER")
                    + " is \"" + value + "\"; it must be docker, local or auto");
        }
        return choice;
    }

    /** Finds a browser for a server on {@code port}: returns it, or says why there is none. */
    static BrowserSupply find(int port) throws NoBrowser {
        String choice = choice();
        String how = "wschat.browser=" + choice + (choice.equals("auto") ? " (the default)" : "");
        if (choice.equals("docker")) {
            return docker(port, "Docker was asked for [" + how + "]", startDockerCommand());
        }
        long start = System.nanoTime();
        NoBrowser noLocal;
        try {
            BrowserSupply local = local();
            log("Browser: " + local.description + " [" + how + ": " + local.foundBy + ", " + millisSince(start) + " ms"
                    + (choice.equals("auto") ? "; Docker not needed" : "") + "]");
            return local;
        } catch (NoBrowser none) {
            noLocal = none;
        }
        if (choice.equals("local")) {
            throw noLocal;
        }
        log("no local browser: " + noLocal.getMessage() + "; trying Docker");
        return docker(port, "no local browser: " + noLocal.getMessage() + " [" + how + "]", noLocal.fix);
    }

    private String foundBy = "";

    /** A local browser: the explicit pair, else Selenium Manager, else Debian's packages. */
    private static BrowserSupply local() throws NoBrowser {
        String bin = System.getenv("CHROME_BIN");
        String driverPath = System.getenv("CHROMEDRIVER");
        File namedBin = named("CHROME_BIN", bin, "the browser program itself");
        File namedDriver = named("CHROMEDRIVER", driverPath, "the chromedriver program");
        if (namedBin != null && namedDriver != null) {
            return local(false, namedBin, namedDriver, "CHROME_BIN and CHROMEDRIVER");
        }
        // Selenium Manager: Chrome (Chromium counts) first, then Edge; it honours a CHROME_BIN it is given.
        List<String> tried = new ArrayList<>();
        for (boolean edge : namedBin != null ? new boolean[] {false} : new boolean[] {false, true}) {
            ChromiumOptions<?> options = edge ? new EdgeOptions() : new ChromeOptions();
            if (namedBin != null) {
                options.setBinary(namedBin);
            }
            DriverService service = edge ? EdgeDriverService.createDefaultService()
                    : namedDriver != null ? new ChromeDriverService.Builder().usingDriverExecutable(namedDriver).build()
                    : ChromeDriverService.createDefaultService();
            String answer = manager(service, options);
            String[] paths = answer.split("\n", -1);
            if (paths.length == 2) {
                File foundDriver = namedDriver != null ? namedDriver : new File(paths[0]);
                File foundBin = namedBin != null ? namedBin : new File(paths[1]);
                return local(edge, foundBin, foundDriver, "Selenium Manager found it"
                        + (namedBin != null ? " for CHROME_BIN" : namedDriver != null ? " for CHROMEDRIVER" : ""));
            }
            tried.add((edge ? "Edge" : "Chrome/Chromium") + ": " + answer);
        }
        if (namedBin == null && namedDriver == null) {
            for (String[] pair : DEBIAN_CHROMIUM) {
                if (new File(pair[0]).canExecute() && new File(pair[1]).canExecute()) {
                    return local(false, new File(pair[0]), new File(pair[1]), "Debian's chromium and chromium-driver");
                }
            }
        }
        throw new NoBrowser("Selenium Manager found no browser with its driver (" + String.join("; ", tried)
                + ")" + (namedBin == null && namedDriver == null ? ", nor Debian's chromium and chromium-driver" : ""),
                installCommand());
    }

    private static BrowserSupply local(boolean edge, File bin, File driver, String foundBy) {
        BrowserSupply supply = new BrowserSupply("local " + (edge ? "Edge " : "") + bin + " with " + driver,
                null, edge, bin, driver);
        supply.foundBy = foundBy;
        return supply;
    }

    /** An environment variable that names a program: null if unset, else a program that must be there. */
    private static File named(String variable, String value, String what) {
        if (value == null || value.isBlank()) {
            return null;
        }
        File file = new File(value);
        if (!file.exists()) {
            throw new SetUpError(variable + "=" + value + ": no such file. Set it to " + what
                    + ", or unset it to let Selenium Manager find the browser");
        }
        if (file.isDirectory()) {
            String hint = value.endsWith(".app") || value.endsWith(".app/")
                    ? " (on macOS the program is inside the .app: " + new File(file, "Contents/MacOS/Google Chrome") + ")"
                    : "";
            throw new SetUpError(variable + "=" + value + " is a folder, not a program" + hint + ". Set it to " + what
                    + ", or unset it to let Selenium Manager find the browser");
        }
        if (!file.canExecute()) {
            throw new SetUpError(variable + "=" + value + " is not executable. Set it to " + what);
        }
        return file;
    }

    /** Selenium Manager's driver and browser paths ("driver\nbrowser"), or why it found none. */
    private static String manager(DriverService service, ChromiumOptions<?> options) {
        String answer = within("browser-probe", MANAGER_TIMEOUT, () -> {
            try {
                DriverFinder finder = new DriverFinder(service, options);
                String driverPath = finder.getDriverPath();
                String browserPath = finder.hasBrowserPath() ? finder.getBrowserPath() : "";
                if (driverPath == null || driverPath.isEmpty()) {
                    return browserPath.isEmpty() ? "no browser" : "browser " + browserPath + " but no driver for it";
                }
                return browserPath.isEmpty() ? "driver " + driverPath + " but no browser" : driverPath + "\n" + browserPath;
            } catch (RuntimeException e) {
                String message = firstLine(e.getMessage());
                int details = message.indexOf(", error Command failed");
                return details > 0 ? message.substring(0, details) : message;
            }
        });
        return answer != null ? answer : "no answer within " + MANAGER_TIMEOUT.toSeconds() + " s";
    }

    /** Chromium in the pinned Selenium container, or NoBrowser when no Docker engine answers. */
    private static BrowserSupply docker(int port, String why, String fix) throws NoBrowser {
        long start = System.nanoTime();
        Boolean answers = within("browser-probe", DOCKER_PROBE_TIMEOUT, () -> {
            try {
                return DockerClientFactory.instance().isDockerAvailable();
            } catch (Throwable e) {
                return false;
            }
        });
        if (!Boolean.TRUE.equals(answers)) {
            throw new NoBrowser(why + "; and no Docker engine: Testcontainers found none (looked for "
                    + millisSince(start) + " ms, at most " + DOCKER_PROBE_TIMEOUT.toSeconds() + " s)", fix);
        }
        log("Browser: Chromium in Docker, " + SELENIUM_IMAGE + " [" + why + "; Docker answered in "
                + millisSince(start) + " ms]");
        log("The first run downloads this image (about 1.5 GB), which takes minutes; later runs start it in seconds.");
        Testcontainers.exposeHostPorts(port);
        BrowserWebDriverContainer container = new BrowserWebDriverContainer(SELENIUM_IMAGE).withAccessToHost(true);
        try {
            container.start();
        } catch (RuntimeException e) {
            throw new SetUpError("Docker answered, but the container " + SELENIUM_IMAGE + " did not start: "
                    + firstLine(String.valueOf(e.getMessage())) + " (full report: " + report("docker-start", e) + ")");
        }
        return new BrowserSupply("Chromium in Docker, " + SELENIUM_IMAGE, container, false, null, null);
    }

    /** The one command that gets a local browser on this operating system. */
    static String installCommand() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        if (os.contains("mac")) {
            return "brew install --cask google-chrome   (or start Docker Desktop and use -Dwschat.browser=docker)";
        }
        if (os.contains("win")) {
            return "winget install Google.Chrome   (or start Docker Desktop and use $env:WSCHAT_BROWSER=\"docker\")";
        }
        return "sudo apt-get install chromium chromium-driver   (Debian/Ubuntu; or start Docker and use -Dwschat.browser=docker)";
    }

    /** Writes an error's whole text to target/browser-failures/NAME.txt; returns the file's path. */
    static String report(String name, Throwable e) {
        try {
            Path file = Path.of("target", "browser-failures", name + ".txt");
            Files.createDirectories(file.getParent());
            java.io.StringWriter text = new java.io.StringWriter();
            e.printStackTrace(new java.io.PrintWriter(text));
            Files.writeString(file, text.toString());
            return file.toAbsolutePath().toString();
        } catch (IOException io) {
            return "not written: " + io;
        }
    }

    /** What starts a Docker engine here, for a learner who asked for Docker. */
    static String startDockerCommand() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String local = "; or use a local browser: -Dwschat.browser=local";
        if (os.contains("mac") || os.contains("win")) {
            return "start Docker Desktop and wait until it says it is running, then run the tests again" + local;
        }
        return "sudo systemctl start docker" + local;
    }

    /**
     * Runs {@code task} on a daemon thread named {@code name} and gives up after {@code limit}: some probes
     * (Selenium Manager, a Docker engine that does not answer) can hang. Null when it failed or timed out.
     */
    static <T> T within(String name, Duration limit, Supplier<T> task) {
        CompletableFuture<T> result = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            try {
                result.complete(task.get());
            } catch (Throwable e) {
                result.complete(null);
            }
        }, name);
        thread.setDaemon(true);
        thread.start();
        try {
            return result.get(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            return null;
        }
    }

    static String firstLine(String text) {
        if (text == null) {
            return "";
        }
        int end = text.indexOf('\n');
        return (end < 0 ? text : text.substring(0, end)).trim();
    }

    private static long millisSince(long nanos) {
        return (System.nanoTime() - nanos) / 1_000_000;
    }

    private static void log(String line) {
        System.out.println(line);
    }

    /** Where the browser finds the server: this machine's loopback, or the host as the container sees it. */
    String baseUrl(int port, String localHostName) {
        return "http://" + (container != null ? "host.testcontainers.internal" : localHostName) + ":" + port + "/";
    }

    /** What this supply is, for the test log. */
    String description() {
        return description;
    }

    /** A new browser session, closed with this supply; a browser that cannot start is a set-up error. */
    synchronized WebDriver newBrowser() {
        if (closed) {
            throw new IllegalStateException("this browser supply is closed");
        }
        try {
            WebDriver session = start();
            drivers.add(session);
            return session;
        } catch (IOException | RuntimeException e) {
            // One line here; Selenium's build, system and capabilities report goes to a file.
            throw new SetUpError("the browser did not start (" + description + "): "
                    + firstLine(String.valueOf(e.getMessage())) + " (full report: " + report("browser-start", e) + ")");
        }
    }

    private WebDriver start() throws IOException {
        if (container != null) {
            ChromeOptions options = new ChromeOptions();
            options.addArguments("--window-size=900,640");
            return new RemoteWebDriver(container.getSeleniumAddress(), options);
        }
        Path profile = Files.createTempDirectory(PROFILE_PREFIX);
        profiles.add(profile);
        ChromiumOptions<?> options = edge ? new EdgeOptions() : new ChromeOptions();
        options.setBinary(browser);
        options.addArguments(
                "--window-size=900,640",
                "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--no-first-run", "--no-default-browser-check", "--user-data-dir=" + profile,
                // Stop the browser's background lookups before they start (no internet in CI).
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-default-apps", "--disable-extensions", "--disable-domain-reliability",
                "--disable-client-side-phishing-detection", "--metrics-recording-only", "--no-pings",
                "--disable-features=OptimizationHints,MediaRouter,Translate,AutofillServerCommunication");
        if (edge) {
            EdgeDriverService service = new EdgeDriverService.Builder().usingDriverExecutable(driver)
                    .usingAnyFreePort().withLogOutput(OutputStream.nullOutputStream()).build();
            return new EdgeDriver(service, (EdgeOptions) options);
        }
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(driver)
                .usingAnyFreePort().withLogOutput(OutputStream.nullOutputStream()).build();
        return new ChromeDriver(service, (ChromeOptions) options);
    }

    /** Quits every browser session opened so far. */
    private void closeBrowsers() {
        for (WebDriver session : drivers) {
            try {
                session.quit();
            } catch (RuntimeException ignored) {
                // the browser is already gone
            }
        }
        drivers.clear();
    }

    /** Quits the browsers, stops the container and deletes the profiles; once, whoever calls it first. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            Runtime.getRuntime().removeShutdownHook(closeAtExit);
        } catch (IllegalStateException exiting) {
            // the JVM is already on its way out (this is the hook, or runs while the hooks run)
        }
        closeBrowsers();
        if (container != null) {
            container.stop();
        }
        profiles.forEach(BrowserSupply::deleteQuietly);
    }

    /**
     * The shutdown hook: {@link #close} (at most {@link #CLOSE_AT_EXIT_TIMEOUT}), then ends whatever this
     * JVM started that still runs (a browser whose quit failed or hung: at exit nothing the tests started
     * may outlive them; killed after {@link #END_LEFTOVERS_TIMEOUT}) and deletes the profiles again.
     */
    private void closeAtExit() {
        within("close-browsers", CLOSE_AT_EXIT_TIMEOUT, () -> {
            close();
            return true;
        });
        List<ProcessHandle> left = ProcessHandle.current().descendants().toList();
        left.forEach(ProcessHandle::destroy);
        try {
            CompletableFuture.allOf(left.stream().map(ProcessHandle::onExit).toArray(CompletableFuture[]::new))
                    .get(END_LEFTOVERS_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception stillRunning) {
            left.forEach(ProcessHandle::destroyForcibly);
        }
        profiles.forEach(BrowserSupply::deleteQuietly);
    }

    private static void deleteQuietly(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temp folder left behind
        }
    }
}
