package wschat.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import wschat.server.ChatConfig;
import wschat.course.OtherServer;
import wschat.server.ChatServer;

@DisplayName("Exercise 1 - Router: one port serves the page over HTTP and the chat over WebSocket (RFC 6455 §1.7, §4.2.1)")
class PageAndRoutesTest {

    ChatServer server;
    /** With -Dwschat.server=CLASS: that chat instead of the course's (tools/library-chat runs it). */
    OtherServer other;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @BeforeEach
    void start() throws IOException {
        if (OtherServer.requested()) {
            other = OtherServer.start("--port", "0");
        } else {
            server = WebChatServer.start(ChatConfig.defaults().withPort(0));
        }
    }

    @AfterEach
    void stop() {
        if (other != null) {
            other.close();
        } else {
            server.close();
        }
    }

    int port() {
        return other != null ? other.port() : server.port();
    }

    @Nested
    @DisplayName("Exercise 1 - the page")
    class Page {

        @Test
        @DisplayName("GET / is index.html, as text/html in UTF-8, with the chat's elements")
        void indexPage() {
            HttpResponse<String> response = get("/");
            assertThat(response.statusCode()).as("status of GET /").isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type")).as("Content-Type of GET /")
                    .hasValueSatisfying(type -> assertThat(type.toLowerCase()).startsWith("text/html")
                            .contains("charset=utf-8"));

            Document page = Jsoup.parse(response.body(), base());
            assertThat(page.select("meta[charset]").attr("charset")).as("<meta charset> of the page")
                    .isEqualToIgnoringCase("utf-8");
            for (String id : new String[] {"messages", "message", "send", "close", "status", "name", "composer"}) {
                assertThat(page.getElementById(id)).as("element #%s in index.html", id).isNotNull();
            }
            assertThat(page.getElementById("message").tagName()).as("#message is a text box").isEqualTo("input");
            assertThat(page.getElementById("send").tagName()).as("#send is a button").isEqualTo("button");
            assertThat(page.getElementById("close").tagName()).as("#close is a button").isEqualTo("button");
        }

        @Test
        @DisplayName("the script and stylesheet the page references are served, with their Content-Types")
        void scriptAndStylesheet() {
            Document page = Jsoup.parse(get("/").body(), base());
            Element script = page.selectFirst("script[src]");
            assertThat(script).as("a <script src=...> in index.html").isNotNull();
            HttpResponse<String> js = get(URI.create(script.absUrl("src")).getPath());
            assertThat(js.statusCode()).as("status of GET %s", script.attr("src")).isEqualTo(200);
            assertThat(js.headers().firstValue("Content-Type").orElse("")).as("Content-Type of the script")
                    .startsWith("text/javascript").contains("charset=utf-8");
            assertThat(js.body()).as("the script").contains("WebSocket");

            Element css = page.selectFirst("link[rel=stylesheet]");
            assertThat(css).as("a <link rel=stylesheet> in index.html").isNotNull();
            HttpResponse<String> style = get(URI.create(css.absUrl("href")).getPath());
            assertThat(style.statusCode()).as("status of GET %s", css.attr("href")).isEqualTo(200);
            assertThat(style.headers().firstValue("Content-Type").orElse("")).as("Content-Type of the stylesheet")
                    .startsWith("text/css");
        }

        @Test
        @DisplayName("a query string does not change the page: GET /?room=1 is index.html too")
        void queryString() {
            assertThat(get("/?room=1").statusCode()).as("status of GET /?room=1: route the path without its query,"
                    + " ChatServer.pathOf(request.target()), and / is index.html").isEqualTo(200);
        }
    }

    @Nested
    @DisplayName("Exercise 1 - the errors")
    class Errors {

        @ParameterizedTest(name = "GET {0}")
        @ValueSource(strings = {"/nothing-here", "/index.htm", "/../pom.xml", "/static/chat.js", "/%2e%2e/pom.xml",
            "/../wschat/web/Router.class", "/wschat/web/Router.class", "/static/../index.html", "/./chat.js",
            "/chat.js/", "//chat.js"})
        @DisplayName("an unknown path is 404, and no path reaches a file outside the page's own (only exact names are served)")
        void notFound(String path) throws IOException {
            assertThat(rawStatus("GET " + path + " HTTP/1.1\r\nHost: localhost\r\n\r\n"))
                    .as("status of GET %s: cut the leading / and serve the name only if StaticFiles.has it exactly,"
                            + " else Route.error(404)", path).isEqualTo(404);
        }

        @ParameterizedTest(name = "{0} /")
        @ValueSource(strings = {"POST", "PUT", "DELETE", "HEAD"})
        @DisplayName("a method other than GET is 405")
        void methodNotAllowed(String method) throws IOException {
            assertThat(rawStatus(method + " / HTTP/1.1\r\nHost: localhost\r\nContent-Length: 0\r\n\r\n"))
                    .as("status of %s /: any method but GET is Route.error(405)", method).isEqualTo(405);
        }

        @Test
        @DisplayName("the method comes first: POST /chat with the upgrade headers is 405, not the handshake's 400")
        void methodBeforeUpgrade() throws IOException {
            assertThat(rawStatus(upgradeRequest("POST /chat", "websocket", "Upgrade")))
                    .as("status of POST /chat with Upgrade: websocket: check the method before the upgrade"
                            + " (405 before Route.chat())").isEqualTo(405);
        }

        @Test
        @DisplayName("a plain GET /chat (no Upgrade) is 426 Upgrade Required; an upgrade elsewhere is 404")
        void chatWithoutUpgrade() throws IOException {
            assertThat(get("/chat").statusCode()).as("status of GET /chat without Upgrade headers: Route.error(426),"
                    + " the address speaks WebSocket only").isEqualTo(426);
                assertThat(rawStatus(upgradeRequest("GET /elsewhere", "websocket", "Upgrade"))).as("status of a WebSocket upgrade at /elsewhere: an upgrade goes to"
                    + " Route.chat() only at ChatServer.CHAT_PATH, elsewhere Route.error(404)").isEqualTo(404);
        }
    }

    @Test
    @DisplayName("the upgrade as Firefox sends it, Connection: keep-alive, Upgrade, goes to the chat: 101 (§4.2.1: a token in a list)")
    void firefoxUpgrade() throws IOException {
        String firefox = "GET /chat HTTP/1.1\r\nHost: 127.0.0.1:" + port() + "\r\n"
                + "User-Agent: Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0\r\n"
                + "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                + "Connection: keep-alive, Upgrade\r\nUpgrade: websocket\r\n\r\n";
        assertThat(rawStatus(firefox)).as("status of Firefox's upgrade to /chat, whose Connection is \"keep-alive, Upgrade\" "
                + "(426 or 404: the router did not see an upgrade). Connection is a comma-separated list: look for the "
                + "token with containsToken(\"Connection\", \"Upgrade\"), never compare the whole value (RFC 6455 §4.2.1; "
                + "step 05, exercise 1)").isEqualTo(101);
    }

    @Test
    @DisplayName("the same port upgrades /chat to WebSocket: the JDK client connects and gets its name")
    void chatOnTheSamePort() throws Exception {
        assertThat(rawStatus(upgradeRequest("GET /chat", "websocket", "Upgrade"))).as("status of a WebSocket upgrade"
                + " to /chat: an upgrade at ChatServer.CHAT_PATH is Route.chat()").isEqualTo(101);
        java.util.concurrent.CompletableFuture<String> first = new java.util.concurrent.CompletableFuture<>();
        WebSocket ws;
        try {
            ws = http.newWebSocketBuilder()
                    .buildAsync(URI.create("ws://127.0.0.1:" + port() + "/chat"), new WebSocket.Listener() {
                        @Override
                        public java.util.concurrent.CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
                            first.complete(data.toString());
                            return null;
                        }
                    })
                    .get(10, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            String answer = e.getCause() instanceof java.net.http.WebSocketHandshakeException refused
                    ? "the server answered " + refused.getResponse().statusCode() : String.valueOf(e.getCause());
            ws = fail("the JDK's WebSocket client could not connect to ws://127.0.0.1:%d/chat: %s; expected 101 and"
                    + " the chat (Route.chat())", port(), answer);
        }
        assertThat(first.get(10, TimeUnit.SECONDS)).as("first message on ws://.../chat").startsWith("* you are ");
        ws.abort();
    }

    @ParameterizedTest(name = "Upgrade: {0}, Connection: {1}")
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
        "WebSocket | keep-alive, Upgrade",
        "websocket | upgrade",
    })
    @DisplayName("an upgrade is told by its tokens, in any case (§4.2.1 items 3 and 4): Firefox's"
            + " Connection: keep-alive, Upgrade reaches the chat (101)")
    void upgradeTokens(String upgrade, String connection) throws IOException {
        assertThat(rawStatus(upgradeRequest("GET /chat", upgrade, connection))).as("status of GET /chat with Upgrade: %s and Connection: %s: test the tokens"
                + " with request.headers().containsToken(...), not the header's whole value with equals", upgrade,
                connection).isEqualTo(101);
    }

    /** A WebSocket opening handshake as raw bytes: {@code start} is the method and the path ("GET /chat"). */
    static String upgradeRequest(String start, String upgrade, String connection) {
        return start + " HTTP/1.1\r\nHost: localhost\r\nUpgrade: " + upgrade + "\r\nConnection: " + connection
                + "\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\nContent-Length: 0\r\n\r\n";
    }

    String base() {
        return "http://127.0.0.1:" + port() + "/";
    }

    HttpResponse<String> get(String path) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port() + path)).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            if (response.statusCode() == 500) {
                fail("GET %s: the server failed with 500: %s", path, response.body().strip());
            }
            return response;
        } catch (IOException | InterruptedException e) {
            return fail("GET %s failed: %s (did the server answer at all? see its log above)", path, e);
        }
    }

    /** Sends a request as raw bytes (the JDK client would normalise paths) and returns the status code. */
    int rawStatus(String request) throws IOException {
        try (java.net.Socket socket = new java.net.Socket(java.net.InetAddress.getLoopbackAddress(), port())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            String statusLine = new String(socket.getInputStream().readNBytes(12), StandardCharsets.ISO_8859_1);
            if (!statusLine.startsWith("HTTP/1.1 ")) {
                fail("expected an HTTP status line in answer to %s, got \"%s\"", request.lines().findFirst().orElse(""),
                        statusLine);
            }
            int status = Integer.parseInt(statusLine.substring(9, 12));
            if (status == 500) {
                String rest = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                int body = rest.indexOf("\r\n\r\n"); // the body is the exception; the head says only 500
                fail("%s: the server failed with 500: %s", request.lines().findFirst().orElse(""),
                        (body < 0 ? rest : rest.substring(body + 4)).strip());
            }
            return status;
        }
    }
}
