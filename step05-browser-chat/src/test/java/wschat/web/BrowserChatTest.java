package wschat.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;
import wschat.server.ChatConfig;
import wschat.server.ChatServer;

/**
 * Two people chatting in a real browser (Chromium), through the page and chat.js you wrote, to the
 * server you wrote. See {@link BrowserSupply} for where the browser comes from.
 */
@DisplayName("Exercise 2 - chat.js: two users chat in a real browser")
class BrowserChatTest {

    static final Duration WAIT = Duration.ofSeconds(10);

    static ChatServer server;
    static BrowserSupply browsers;
    /** The Host header of every request for /chat: which address the page's script really used. */
    static final BlockingQueue<String> chatRequestHosts = new LinkedBlockingQueue<>();

    @BeforeAll
    static void start() throws IOException {
        server = ChatServer.start(ChatConfig.defaults().withPort(0), exchange -> {
            if (ChatServer.pathOf(exchange.request().target()).equals(ChatServer.CHAT_PATH)) {
                chatRequestHosts.add(String.valueOf(exchange.request().headers().get("Host")));
            }
            WebChatServer.handle(exchange);
        });
        browsers = BrowserSupply.find(server.port());
        System.out.println("Browser tests use " + browsers.description());
    }

    @AfterEach
    void closeBrowsers() {
        if (browsers != null) {
            browsers.closeBrowsers();
        }
    }

    @AfterAll
    static void stop() {
        if (browsers != null) {
            browsers.close();
        }
        if (server != null) {
            server.close();
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

        alice.findElement(By.id("message")).sendKeys("Hello Bob, ü€😀" + Keys.ENTER);
        awaitMessage(bob, aliceName + ": Hello Bob, ü€😀");
        awaitMessage(alice, aliceName + ": Hello Bob, ü€😀");
        assertThat(alice.findElement(By.id("message")).getAttribute("value"))
                .as("the text box after sending: cleared").isEmpty();

        bob.findElement(By.id("message")).sendKeys("Hi Alice");
        bob.findElement(By.id("send")).click();
        awaitMessage(alice, bobName + ": Hi Alice");

        screenshot(alice);
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
        mallory.findElement(By.id("message")).sendKeys(attack + Keys.ENTER);
        WebElement shown = new WebDriverWait(victim, WAIT)
                .withMessage(() -> "no message from " + malloryName + " in the victim's #messages")
                .until(d -> d.findElements(By.cssSelector("#messages li")).stream()
                        .filter(li -> li.getText().startsWith(malloryName + ": ")).findFirst().orElse(null));
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
        new WebDriverWait(leaver, WAIT)
                .withMessage(() -> "#status after clicking Close; it says \""
                        + leaver.findElement(By.id("status")).getText() + "\"")
                .until(d -> d.findElement(By.id("status")).getText().toLowerCase().contains("disconnected"));
        Object calls = ((JavascriptExecutor) leaver).executeScript("return window.closeCalls;");
        assertThat(String.valueOf(calls)).as("the arguments of the page's socket.close(...) calls: the code must be "
                + "1000, normal closure (§7.4.1)").startsWith("[[1000");
        assertThat(leaver.findElement(By.id("message")).isEnabled()).as("#message after the close").isFalse();
        assertThat(leaver.findElement(By.id("send")).isEnabled()).as("#send after the close").isFalse();
        awaitMessage(stayer, "* " + leaverName + " left");
    }

    @Test
    @DisplayName("the ws:// address comes from location: a page opened as 127.0.0.1 chats with one opened as localhost")
    void addressFromLocation() {
        WebDriver byName = open("localhost");
        String name = nameShown(byName);
        chatRequestHosts.clear();
        String url = browsers.baseUrl(server.port(), "127.0.0.1");
        WebDriver byAddress = load(url);
        String host;
        try {
            host = chatRequestHosts.poll(WAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
        assertThat(host).as("the Host of the WebSocket request made by the page opened at %s (null: no request for "
                + "/chat came): the ws:// address must come from location.host", url)
                .isEqualTo(URI.create(url).getAuthority());
        awaitConnected(byAddress, url);
        String otherName = nameShown(byAddress);
        byAddress.findElement(By.id("message")).sendKeys("from 127.0.0.1" + Keys.ENTER);
        awaitMessage(byName, otherName + ": from 127.0.0.1");
        byName.findElement(By.id("message")).sendKeys("from localhost" + Keys.ENTER);
        awaitMessage(byAddress, name + ": from localhost");
    }

    /** Opens the page in a new browser and waits until it says "connected". */
    WebDriver open(String host) {
        String url = browsers.baseUrl(server.port(), host);
        WebDriver driver = load(url);
        awaitConnected(driver, url);
        return driver;
    }

    /** Loads the page in a new browser. */
    WebDriver load(String url) {
        WebDriver driver;
        try {
            driver = browsers.newBrowser();
        } catch (IOException e) {
            return fail("could not start a browser: %s", String.valueOf(e));
        }
        driver.get(url);
        List<WebElement> status = driver.findElements(By.id("status"));
        if (status.isEmpty()) {
            fail("%s did not load the chat page (no #status element); the page shows: %s", url,
                    driver.findElement(By.tagName("body")).getText());
        }
        return driver;
    }

    /** Waits until the page says "connected". */
    void awaitConnected(WebDriver driver, String url) {
        new WebDriverWait(driver, WAIT)
                .withMessage(() -> "the page at " + url + " never said \"connected\": #status says \""
                        + driver.findElement(By.id("status")).getText()
                        + "\". Does chat.js open the WebSocket and update #status on open?")
                .until(d -> d.findElement(By.id("status")).getText().trim().equalsIgnoreCase("connected"));
    }

    /** The name in #name, once the server's "* you are <name>" arrived. */
    String nameShown(WebDriver driver) {
        new WebDriverWait(driver, WAIT)
                .withMessage(() -> "#name should show the name from \"* you are <name>\", it says \""
                        + driver.findElement(By.id("name")).getText() + "\"")
                .until(d -> d.findElement(By.id("name")).getText().startsWith("guest-"));
        return driver.findElement(By.id("name")).getText();
    }

    /** Waits until a <li> of #messages has exactly this text. */
    void awaitMessage(WebDriver driver, String text) {
        new WebDriverWait(driver, WAIT)
                .withMessage(() -> "no message \"" + text + "\" in #messages; it holds: " + driver
                        .findElements(By.cssSelector("#messages li")).stream().map(WebElement::getText).toList())
                .until(d -> d.findElements(By.cssSelector("#messages li")).stream()
                        .anyMatch(li -> li.getText().equals(text)));
    }

    /** The README's picture of the chat: step05-browser-chat/target/chat-screenshot.png. */
    static void screenshot(WebDriver driver) throws IOException {
        Path shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE).toPath();
        Path target = Path.of("target", "chat-screenshot.png");
        Files.createDirectories(target.getParent());
        Files.copy(shot, target, StandardCopyOption.REPLACE_EXISTING);
    }
}
