package wschat.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chromium.HasCdp;
import org.openqa.selenium.remote.Augmenter;
import wschat.course.OtherServer;
import wschat.server.ChatConfig;
import wschat.server.ChatServer;

/**
 * Two people chatting in a real browser (Chrome, Chromium or Edge), through the page and chat.js you
 * wrote, to the server you wrote. See {@link BrowserSupply} for where the browser comes from.
 *
 * <p>Every wait ends as soon as what it waits for cannot happen any more: chat.js threw, the page
 * opened no WebSocket, the socket closed, or a message arrived on the socket and the page did not
 * show it. A probe script, added to every page before its own scripts run, notes these.
 */
@DisplayName("Exercise 2 - chat.js: two users chat in a real browser")
class BrowserChatTest {

    /** The longest wait, for a slow machine; a wait that cannot succeed ends much sooner. */
    static final Duration WAIT = Duration.ofSeconds(10);
    /** How long the page may take to do what a handler does at once (open a socket, show a message). */
    static final Duration GRACE = Duration.ofSeconds(2);

    /** Added to each page before its scripts: notes uncaught errors and what each WebSocket does. */
    static final String PROBE = """
            if (!window.__chatProbe) {
              const probe = window.__chatProbe = { id: Math.random().toString(36).slice(2), errors: [], sockets: [] };
              addEventListener('error', e => probe.errors.push(String(e.message)
                  + (e.filename ? ' (' + e.filename.split('/').pop() + ':' + e.lineno + ')' : '')));
              addEventListener('unhandledrejection', e => probe.errors.push('unhandled promise rejection: ' + e.reason));
              const Native = window.WebSocket;
              window.WebSocket = class WebSocket extends Native {
                constructor(...args) {
                  super(...args);
                  const s = { url: String(args[0]), state: 'connecting', opened: 0, closed: 0, code: 0, reason: '',
                              received: [], sent: [] };
                  probe.sockets.push(s);
                  this.__probe = s;
                  this.addEventListener('open', () => { s.state = 'open'; s.opened = Date.now(); });
                  this.addEventListener('message', e => s.received.push([String(e.data), Date.now()]));
                  this.addEventListener('close', e => { s.state = 'closed'; s.closed = Date.now(); s.code = e.code; s.reason = e.reason; });
                }
                send(data) { if (this.__probe) this.__probe.sent.push(String(data)); return super.send(data); }
              };
            }""";

    /** What the probe saw, as of now: a snapshot taken with one script call. */
    static final String PROBE_SNAPSHOT = """
            const p = window.__chatProbe;
            if (!p) return null;
            const now = Date.now();
            return { id: p.id, errors: p.errors.slice(), sockets: p.sockets.map(s => ({ url: s.url, state: s.state,
                openAge: s.opened ? now - s.opened : -1, closeAge: s.closed ? now - s.closed : -1, code: s.code,
                reason: s.reason, received: s.received.map(r => r[0]), receivedAge: s.received.map(r => now - r[1]),
                sent: s.sent.slice() })) };""";

    static ChatServer server;
    /** With -Dwschat.server=CLASS: that chat instead of the course's (tools/library-chat runs it). */
    static OtherServer other;
    static BrowserSupply browsers;
    static BrowserSupply.NoBrowser noBrowser;
    static BrowserSupply.SetUpError setUpError;
    /** The two browser sessions, started once and shared by the tests; each test opens new pages in them. */
    static final List<WebDriver> sessions = new ArrayList<>();
    static RuntimeException sessionsFailed;
    /** The Host header of every request for /chat: which address the page's script really used. */
    static final BlockingQueue<String> chatRequestHosts = new LinkedBlockingQueue<>();

    int nextSession;
    String testName = "test";

    @BeforeAll
    static void start() throws IOException {
        if (OtherServer.requested()) {
            other = OtherServer.start("--port", "0");
        } else {
            server = ChatServer.start(ChatConfig.defaults().withPort(0), exchange -> {
                if (ChatServer.pathOf(exchange.request().target()).equals(ChatServer.CHAT_PATH)) {
                    chatRequestHosts.add(String.valueOf(exchange.request().headers().get("Host")));
                }
                WebChatServer.handle(exchange);
            });
        }
        try {
            browsers = BrowserSupply.find(port());
        } catch (BrowserSupply.NoBrowser none) {
            noBrowser = none;
            System.out.println("Browser: none, the browser tests are skipped: " + none.getMessage()
                    + "\n  fix: " + none.fix + "\n  set-up: " + BrowserSupply.SET_UP);
            if (!inCi()) {
                BrowserSkipReport.noBrowser(none.getMessage(), none.fix);
            }
        } catch (BrowserSupply.SetUpError error) {
            setUpError = error; // thrown by each test's @BeforeEach, where every runner counts it
        }
    }

    static int port() {
        return other != null ? other.port() : server.port();
    }

    static boolean inCi() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }

    @BeforeEach
    void startBrowsers(TestInfo test) {
        testName = test.getTestMethod().map(m -> m.getName()).orElse("test");
        if (setUpError != null) {
            throw setUpError;
        }
        if (noBrowser != null && inCi()) {
            throw new AssertionError("CI=true and no browser, so the browser tests cannot run; a skipped test "
                    + "would prove nothing in CI: " + noBrowser.getMessage() + " — " + noBrowser.fix
                    + "\n-> Set-up: " + BrowserSupply.SET_UP);
        }
        if (noBrowser != null) {
            BrowserSkipReport.skipped();
            Assumptions.abort("no browser: " + noBrowser.getMessage() + " — " + noBrowser.fix);
        }
        if (sessionsFailed != null) {
            throw sessionsFailed; // the same start-up failure, without waiting for it again
        }
        try {
            while (sessions.size() < 2) {
                WebDriver driver = browsers.newBrowser();
                sessions.add(driver);
                addProbe(driver);
            }
        } catch (RuntimeException e) {
            sessionsFailed = e;
            throw e;
        }
        nextSession = 0;
    }

    /** Adds the probe to every page this session loads, through the DevTools protocol. */
    static void addProbe(WebDriver driver) {
        try {
            WebDriver cdp = driver instanceof HasCdp ? driver : new Augmenter().augment(driver);
            if (cdp instanceof HasCdp hasCdp) {
                hasCdp.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", PROBE));
            }
        } catch (RuntimeException e) {
            // Without the probe the waits still work; they only wait longer for what cannot happen.
            System.out.println("(browser probe not available: " + BrowserSupply.firstLine(e.getMessage())
                    + "; failing waits take their full " + WAIT.toSeconds() + " s)");
        }
    }

    @AfterEach
    void leavePages() {
        for (WebDriver driver : sessions) {
            try {
                driver.get("about:blank"); // closes the page's WebSocket: the next test starts afresh
            } catch (RuntimeException ignored) {
                // a browser that crashed is reported by the next test that uses it
            }
        }
    }

    @AfterAll
    static void stop() {
        BrowserSkipReport.print();
        sessions.clear();
        if (browsers != null) {
            browsers.close();
        }
        if (server != null) {
            server.close();
        }
        if (other != null) {
            other.close();
        }
    }

    @Test
    @DisplayName("two users: each sees its name, and messages go both ways (Enter and the Send button)")
    void twoUsersChat() throws IOException {
        WebDriver alice = open("localhost");
        String aliceName = nameShown(alice);
        WebDriver bob = open("localhost");
        String bobName = nameShown(bob);
        assertThat(bobName).as("the two users' names").isNotEqualTo(aliceName);
        awaitMessage(alice, "* " + bobName + " joined");

        send(alice, "Hello Bob, ü€😀", "pressing Enter in #message", () -> {
            typeBeyondBmp(alice, "Hello Bob, ü€😀");
            alice.findElement(By.id("message")).sendKeys(Keys.ENTER);
        });
        awaitMessage(bob, aliceName + ": Hello Bob, ü€😀");
        awaitMessage(alice, aliceName + ": Hello Bob, ü€😀");
        assertThat(alice.findElement(By.id("message")).getAttribute("value"))
                .as("the text box after sending: cleared").isEmpty();

        bob.findElement(By.id("message")).sendKeys("Hi Alice");
        send(bob, "Hi Alice", "clicking #send", () -> bob.findElement(By.id("send")).click());
        awaitMessage(alice, bobName + ": Hi Alice");

        screenshot(alice);
    }

    /**
     * Puts text with characters outside the Basic Multilingual Plane (😀: two UTF-16 code units, four
     * UTF-8 bytes) into #message, as typing would. ChromeDriver's sendKeys refuses them ("only supports
     * characters in the BMP"), so the text is set by script, with the input event that typing fires.
     */
    static void typeBeyondBmp(WebDriver browser, String text) {
        WebElement box = browser.findElement(By.id("message"));
        ((JavascriptExecutor) browser).executeScript("arguments[0].value = arguments[1];"
                + " arguments[0].dispatchEvent(new Event('input', {bubbles: true}));", box, text);
    }

    @Test
    @DisplayName("messages are shown as text, never as HTML: <img src=x onerror=...> makes no image and runs no code")
    void messagesAreText() {
        WebDriver mallory = open("localhost");
        String malloryName = nameShown(mallory);
        WebDriver victim = open("localhost");
        nameShown(victim);

        // The classic attack would call alert(1); this one writes the page title instead, so that a
        // failure shows in the assertions below rather than as a dialog that stops the browser.
        String attack = "<img src=x onerror=\"document.title='pwned'\"><b>bold</b>";
        send(mallory, attack, "pressing Enter in #message",
                () -> mallory.findElement(By.id("message")).sendKeys(attack + Keys.ENTER));
        WebElement shown = await(victim, "a message from " + malloryName + " in the victim's #messages",
                d -> d.findElements(By.cssSelector("#messages li")).stream()
                        .filter(li -> li.getText().startsWith(malloryName + ": ")).findFirst().orElse(null),
                probe -> probe.notShown(malloryName + ": " + attack, "no <li> of #messages starts with \""
                        + malloryName + ": \""),
                () -> "no message from " + malloryName + " in the victim's #messages; it holds: " + messages(victim));
        assertThat(shown.getText()).as("the message as the victim sees it: inserted as text (textContent) the tags "
                + "stay visible characters; inserted as HTML (innerHTML) they vanish and their code runs")
                .isEqualTo(malloryName + ": " + attack);

        assertThat(victim.findElements(By.cssSelector("#messages img")))
                .as("<img> elements in the victim's message list: the message must be inserted as text "
                        + "(textContent), never as HTML (innerHTML)").isEmpty();
        assertThat(victim.findElements(By.cssSelector("#messages b")))
                .as("<b> elements in the victim's message list").isEmpty();
        assertThat(victim.getTitle()).as("the victim's page title: the attacker's onerror code must never run")
                .isNotEqualTo("pwned");
    }

    @Test
    @DisplayName("the Close button closes with 1000: the page says \"disconnected\", the input is disabled, the other user sees the leave")
    void closeButton() {
        WebDriver leaver = open("localhost");
        String leaverName = nameShown(leaver);
        WebDriver stayer = open("localhost");
        nameShown(stayer);

        // Note the arguments of every WebSocket close() call the page makes from now on.
        ((JavascriptExecutor) leaver).executeScript("const close = WebSocket.prototype.close;"
                + "window.closeCalls = [];"
                + "WebSocket.prototype.close = function (...args) { window.closeCalls.push(args); return close.apply(this, args); };");
        leaver.findElement(By.id("close")).click();
        long clicked = System.nanoTime();
        await(leaver, "#status saying \"disconnected\"",
                d -> d.findElement(By.id("status")).getText().toLowerCase().contains("disconnected") ? true : null,
                probe -> {
                    Optional<String> broken = probe.broken();
                    if (broken.isPresent()) {
                        return broken.get();
                    }
                    Map<String, Object> socket = probe.lastSocket();
                    String status = status(leaver);
                    if (socket != null && "closed".equals(socket.get("state")) && age(socket, "closeAge") > GRACE.toMillis()) {
                        return "the WebSocket closed " + age(socket, "closeAge") + " ms ago (code " + socket.get("code")
                                + "), but #status says \"" + status + "\": does the close handler set #status to \"disconnected\"?";
                    }
                    Object calls = ((JavascriptExecutor) leaver).executeScript("return window.closeCalls.length;");
                    if (Duration.ofNanos(System.nanoTime() - clicked).compareTo(GRACE) > 0 && Long.valueOf(0).equals(calls)) {
                        return "clicking #close made no socket.close(...) call within " + GRACE.toSeconds() + " s; #status says \""
                                + status + "\": does chat.js listen to #close's click and call close(1000)?";
                    }
                    return null;
                },
                () -> "#status after clicking Close; it says \"" + status(leaver) + "\"");
        Object calls = ((JavascriptExecutor) leaver).executeScript("return window.closeCalls;");
        assertThat(String.valueOf(calls)).as("the arguments of the page's socket.close(...) calls: the code must be "
                + "1000, normal closure (§7.4.1)").startsWith("[[1000");
        assertThat(leaver.findElement(By.id("message")).isEnabled()).as("#message after the close: the close handler"
                + " disables #message, #send and #close").isFalse();
        assertThat(leaver.findElement(By.id("send")).isEnabled()).as("#send after the close").isFalse();
        assertThat(leaver.findElement(By.id("close")).isEnabled()).as("#close after the close: the close handler"
                + " disables #message, #send and #close").isFalse();
        awaitMessage(stayer, "* " + leaverName + " left");
    }

    @Tag("course-internals") // reads the Host of each /chat request inside the course's server
    @Test
    @DisplayName("the ws:// address comes from location: a page opened as 127.0.0.1 chats with one opened as localhost")
    void addressFromLocation() throws InterruptedException {
        WebDriver byName = open("localhost");
        String name = nameShown(byName);
        chatRequestHosts.clear();
        String url = browsers.baseUrl(port(), "127.0.0.1");
        WebDriver byAddress = load(url);
        long loaded = System.nanoTime();
        String host = null;
        while (host == null && System.nanoTime() - loaded < WAIT.toNanos()) {
            host = chatRequestHosts.poll(100, java.util.concurrent.TimeUnit.MILLISECONDS);
            if (host == null && System.nanoTime() - loaded > GRACE.toNanos()) {
                Probe probe = Probe.of(byAddress);
                Map<String, Object> socket = probe.lastSocket();
                if (probe.known() && socket != null) {
                    fail("the page opened at %s opened its WebSocket to %s, and no request for /chat reached this "
                            + "server within %d s: the ws:// address must come from location.host", url,
                            socket.get("url"), GRACE.toSeconds());
                }
                Optional<String> broken = probe.broken();
                if (broken.isPresent()) {
                    fail("the page opened at %s: %s", url, broken.get());
                }
            }
        }
        assertThat(host).as("the Host of the WebSocket request made by the page opened at %s (null: no request for "
                + "/chat came): the ws:// address must come from location.host", url)
                .isEqualTo(URI.create(url).getAuthority());
        awaitConnected(byAddress, url);
        String otherName = nameShown(byAddress);
        send(byAddress, "from 127.0.0.1", "pressing Enter in #message",
                () -> byAddress.findElement(By.id("message")).sendKeys("from 127.0.0.1" + Keys.ENTER));
        awaitMessage(byName, otherName + ": from 127.0.0.1");
        send(byName, "from localhost", "pressing Enter in #message",
                () -> byName.findElement(By.id("message")).sendKeys("from localhost" + Keys.ENTER));
        awaitMessage(byAddress, name + ": from localhost");
    }

    /** Opens the page in the next browser and waits until it says "connected". */
    WebDriver open(String host) {
        String url = browsers.baseUrl(port(), host);
        WebDriver driver = load(url);
        awaitConnected(driver, url);
        return driver;
    }

    /** Loads the page in the next of the two browsers. */
    WebDriver load(String url) {
        WebDriver driver = sessions.get(nextSession++ % sessions.size());
        try {
            driver.get(url);
        } catch (WebDriverException e) {
            fail("the browser could not load %s: %s (full report: %s)", url,
                    BrowserSupply.firstLine(e.getMessage()), report(e));
        }
        List<WebElement> status = driver.findElements(By.id("status"));
        if (status.isEmpty()) {
            fail("%s did not load the chat page (no #status element); the page shows: %s", url,
                    driver.findElement(By.tagName("body")).getText());
        }
        return driver;
    }

    /** Waits until the page says "connected". */
    void awaitConnected(WebDriver driver, String url) {
        long loaded = System.nanoTime();
        await(driver, "#status saying \"connected\"",
                d -> status(d).trim().equalsIgnoreCase("connected") ? true : null,
                probe -> {
                    Map<String, Object> socket = probe.lastSocket();
                    String wrongAddress = socket == null ? null : notThePagesAddress(url, String.valueOf(socket.get("url")));
                    if (wrongAddress != null) {
                        return wrongAddress;
                    }
                    Optional<String> broken = probe.broken();
                    if (broken.isPresent()) {
                        return "the page at " + url + " is not connected: " + broken.get();
                    }
                    if (socket == null && System.nanoTime() - loaded > GRACE.toNanos()) {
                        return "the page at " + url + " opened no WebSocket (no new WebSocket(...)) within "
                                + GRACE.toSeconds() + " s of loading; #status says \"" + status(driver)
                                + "\". Does chat.js open the WebSocket and update #status on open?";
                    }
                    if (socket != null && age(socket, "openAge") > GRACE.toMillis()) {
                        return "the page at " + url + ": its WebSocket to " + socket.get("url") + " is open since "
                                + age(socket, "openAge") + " ms, but #status says \"" + status(driver)
                                + "\". Does the open handler set #status to \"connected\"?";
                    }
                    return null;
                },
                () -> "the page at " + url + " never said \"connected\": #status says \"" + status(driver)
                        + "\". Does chat.js open the WebSocket and update #status on open?");
        for (String id : new String[] {"message", "send", "close"}) {
            assertThat(driver.findElement(By.id(id)).isEnabled()).as("#%s enabled once #status says \"connected\":"
                    + " index.html starts #message, #send and #close disabled, and the open handler enables them", id)
                    .isTrue();
        }
    }

    /**
     * Null when the WebSocket's address has the page's host and port (location.host); else what is wrong with it:
     * a ws:// address without a port means port 80, and a hard-coded host works only where the page is opened so.
     */
    static String notThePagesAddress(String pageUrl, String socketUrl) {
        URI page = URI.create(pageUrl);
        URI socket;
        try {
            socket = URI.create(socketUrl);
        } catch (IllegalArgumentException e) {
            return "the page at " + pageUrl + " opened its WebSocket to \"" + socketUrl + "\", which is not an address";
        }
        if (page.getAuthority().equals(socket.getAuthority())) {
            return null;
        }
        String why = socket.getPort() == -1
                ? "it has no port, so the browser uses port 80 (ws://) instead of the page's " + page.getPort()
                + ": location.hostname has no port, location.host has both"
                : "the page's host and port are " + page.getAuthority() + ": a hard-coded address works only where "
                + "the page is opened so";
        return "the page at " + pageUrl + " opened its WebSocket to " + socketUrl + ": " + why
                + ". Build the address from location.host, as ws://${location.host}/chat (step 05, exercise 2; RFC 6455 §3)";
    }

    /** The name in #name, once the server's "* you are <name>" arrived. */
    String nameShown(WebDriver driver) {
        return await(driver, "#name showing the name from \"* you are <name>\"",
                d -> {
                    String name = d.findElement(By.id("name")).getText();
                    return name.startsWith("guest-") ? name : null;
                },
                probe -> probe.broken().or(() -> probe.received().stream().filter(m -> m.startsWith("* you are "))
                        .findFirst().flatMap(m -> Optional.ofNullable(probe.notShown(m,
                                "#name says \"" + driver.findElement(By.id("name")).getText()
                                        + "\". Does the message handler show the name from \"* you are <name>\" in #name?"))))
                        .orElse(null),
                () -> "#name should show the name from \"* you are <name>\", it says \""
                        + driver.findElement(By.id("name")).getText() + "\"");
    }

    /** Waits until a <li> of #messages has exactly this text. */
    void awaitMessage(WebDriver driver, String text) {
        await(driver, "\"" + text + "\" in #messages",
                d -> d.findElements(By.cssSelector("#messages li")).stream()
                        .anyMatch(li -> li.getText().equals(text)) ? true : null,
                probe -> probe.notShown(text, "no <li> of #messages has exactly this text; it holds: " + messages(driver)),
                () -> "no message \"" + text + "\" in #messages; it holds: " + messages(driver));
    }

    /** Does what sends {@code text}, then checks that the page sent it on its WebSocket. */
    void send(WebDriver driver, String text, String how, Runnable action) {
        Probe before = Probe.of(driver);
        int sentBefore = before.sent().size();
        action.run();
        long done = System.nanoTime();
        await(driver, "the page sending \"" + text + "\"",
                d -> {
                    Probe now = Probe.of(d);
                    return !now.known() || now.sent().size() > sentBefore ? true : null;
                },
                probe -> {
                    if (before.known() && !before.id().equals(probe.id())) {
                        return how + " reloaded the page (the form was submitted the browser's way): the submit "
                                + "handler must call event.preventDefault(), or the page and its WebSocket are gone";
                    }
                    Optional<String> broken = probe.broken();
                    if (broken.isPresent()) {
                        return broken.get();
                    }
                    if (System.nanoTime() - done > GRACE.toNanos()) {
                        return how + " sent nothing on the WebSocket within " + GRACE.toSeconds() + " s: does chat.js "
                                + "listen to #composer's submit and call socket.send(text)?";
                    }
                    return null;
                },
                () -> how + " sent nothing on the WebSocket");
    }

    /**
     * Polls {@code done} (null: not yet) until {@code WAIT}, and fails at once when {@code impossible},
     * given what the probe saw, says why it cannot happen any more. Failures are one line; a browser
     * error's full report goes to a file under target/.
     */
    <T> T await(WebDriver driver, String what, Function<WebDriver, T> done, Function<Probe, String> impossible,
            java.util.function.Supplier<String> timeout) {
        long start = System.nanoTime();
        try {
            while (true) {
                T result = done.apply(driver);
                if (result != null) {
                    return result;
                }
                Probe probe = Probe.of(driver);
                String why = probe.known() ? impossible.apply(probe) : null;
                if (why != null) {
                    return fail("%s, waiting for %s", why, what);
                }
                if (System.nanoTime() - start > WAIT.toNanos()) {
                    return fail("%s (waited %d s)", timeout.get(), WAIT.toSeconds());
                }
                Thread.sleep(100);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return fail("interrupted while waiting for %s", what);
        } catch (WebDriverException e) {
            return fail("the browser failed while waiting for %s: %s (full report: %s)", what,
                    BrowserSupply.firstLine(e.getMessage()), report(e));
        }
    }

    /** What the probe script saw on the page. */
    record Probe(Map<String, Object> seen) {

        @SuppressWarnings("unchecked")
        static Probe of(WebDriver driver) {
            Object seen = ((JavascriptExecutor) driver).executeScript(PROBE_SNAPSHOT);
            return new Probe(seen instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of());
        }

        boolean known() {
            return seen.containsKey("id");
        }

        String id() {
            return String.valueOf(seen.get("id"));
        }

        @SuppressWarnings("unchecked")
        List<String> errors() {
            return (List<String>) seen.getOrDefault("errors", List.of());
        }

        @SuppressWarnings("unchecked")
        Map<String, Object> lastSocket() {
            List<Map<String, Object>> sockets = (List<Map<String, Object>>) seen.getOrDefault("sockets", List.of());
            return sockets.isEmpty() ? null : sockets.get(sockets.size() - 1);
        }

        @SuppressWarnings("unchecked")
        List<String> received() {
            Map<String, Object> socket = lastSocket();
            return socket == null ? List.of() : (List<String>) socket.get("received");
        }

        @SuppressWarnings("unchecked")
        List<String> sent() {
            Map<String, Object> socket = lastSocket();
            return socket == null ? List.of() : (List<String>) socket.get("sent");
        }

        /** chat.js threw, or the page's socket closed: nothing the page waits for can come any more. */
        Optional<String> broken() {
            if (!errors().isEmpty()) {
                return Optional.of("the page's script threw: " + errors().get(0)
                        + " (the browser's developer tools, Console, show it too)");
            }
            Map<String, Object> socket = lastSocket();
            if (socket != null && "closed".equals(socket.get("state"))) {
                return Optional.of("the page's WebSocket to " + socket.get("url") + " is closed (code "
                        + socket.get("code") + (String.valueOf(socket.get("reason")).isEmpty() ? "" : ", reason \""
                        + socket.get("reason") + "\"") + ")");
            }
            return Optional.empty();
        }

        /** Why the page will not show {@code text}: broken, or it arrived on the socket a while ago. */
        @SuppressWarnings("unchecked")
        String notShown(String text, String shown) {
            Map<String, Object> socket = lastSocket();
            if (socket != null) {
                List<String> received = (List<String>) socket.get("received");
                List<Number> ages = (List<Number>) socket.get("receivedAge");
                int i = received.indexOf(text);
                if (i >= 0 && ages.get(i).longValue() > GRACE.toMillis()) {
                    return "the page's WebSocket received \"" + text + "\" " + ages.get(i) + " ms ago, but " + shown;
                }
            }
            return broken().orElse(null);
        }
    }

    static long age(Map<String, Object> socket, String key) {
        return ((Number) socket.get(key)).longValue();
    }

    static String status(WebDriver driver) {
        return driver.findElement(By.id("status")).getText();
    }

    static List<String> messages(WebDriver driver) {
        return driver.findElements(By.cssSelector("#messages li")).stream().map(WebElement::getText).toList();
    }

    /** Writes a browser error's whole text (Selenium's build, system and capabilities) to a file under target/. */
    String report(Throwable e) {
        return BrowserSupply.report(testName, e);
    }

    /** The README's picture of the chat: step05-browser-chat/target/chat-screenshot.png. */
    static void screenshot(WebDriver driver) throws IOException {
        // The bytes, not OutputType.FILE: that one is a temp file, deleted only when the JVM exits normally.
        byte[] png = ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES);
        Path target = Path.of("target", "chat-screenshot.png");
        Files.createDirectories(target.getParent());
        Files.write(target, png);
    }
}
