package wschat.handshake;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import wschat.course.Thrown;

@DisplayName("Exercise 3 - RequestParser: request line and header fields (RFC 6455 §4.1, §4.2.1)")
class RequestParserTest {

    @Test
    @DisplayName("parses the RFC §1.3 example request")
    void parsesTheRfcExample() throws HandshakeException {
        HttpRequest request = RequestParser.parse(RequestHeadReaderTest.RFC_REQUEST);

        assertThat(request.method()).as("method of \"GET /chat HTTP/1.1\"").isEqualTo("GET");
        assertThat(request.target()).as("target of \"GET /chat HTTP/1.1\"").isEqualTo("/chat");
        assertThat(request.version()).as("version of \"GET /chat HTTP/1.1\"").isEqualTo("HTTP/1.1");
        assertThat(request.headers().get("host")).as("Host").isEqualTo("server.example.com");
        assertThat(request.headers().get("sec-websocket-key")).as("Sec-WebSocket-Key")
                .isEqualTo("dGhlIHNhbXBsZSBub25jZQ==");
        assertThat(request.headers().get("Sec-WebSocket-Protocol")).as("a value with a comma stays whole")
                .isEqualTo("chat, superchat");
        assertThat(request.headers().get("Sec-WebSocket-Version")).isEqualTo("13");
    }

    @Test
    @DisplayName("a value may itself contain colons: only the first colon separates name from value")
    void valueWithColons() throws HandshakeException {
        int port = 1024 + new Random().nextInt(60000);
        HttpRequest request = RequestParser.parse("GET / HTTP/1.1\r\nHost: localhost:" + port
                + "\r\nOrigin: http://localhost:" + port);
        assertThat(request.headers().get("Host")).as("value of \"Host: localhost:%d\"", port)
                .isEqualTo("localhost:" + port);
        assertThat(request.headers().get("Origin")).as("value of \"Origin: http://localhost:%d\"", port)
                .isEqualTo("http://localhost:" + port);
    }

    @Test
    @DisplayName("header names in any case, repeated headers joined, values trimmed")
    void headerRules() throws HandshakeException {
        HttpRequest request = RequestParser.parse("GET /chat HTTP/1.1\r\n"
                + "HOST:example.com\r\n"
                + "connection: keep-alive\r\n"
                + "Connection:   Upgrade  \r\n"
                + "upgrade: WebSocket");
        assertThat(request.headers().get("Host")).as("\"HOST:example.com\" read as Host").isEqualTo("example.com");
        assertThat(request.headers().get("Connection")).as("two Connection lines, joined")
                .isEqualTo("keep-alive, Upgrade");
        assertThat(request.headers().containsToken("Upgrade", "websocket")).as("\"upgrade: WebSocket\"").isTrue();
    }

    @ParameterizedTest(name = "request line \"{0}\"")
    @ValueSource(strings = {"", "GET", "GET /chat", "GET /chat HTTP/1.1 extra", "GET  /chat HTTP/1.1",
        "GET /chat FTP/1.0"})
    @DisplayName("a malformed request line is a 400, never an ArrayIndexOutOfBoundsException")
    void malformedRequestLine(String requestLine) {
        HandshakeException thrown = Thrown.expect(HandshakeException.class,
                "parse(request line \"" + requestLine + "\")", () -> RequestParser.parse(requestLine + "\r\nHost: a"),
                "a HandshakeException(400, ...): a request line is METHOD SP TARGET SP HTTP/x.y");
        assertThat(thrown.status()).as("HTTP status for the request line \"%s\"", requestLine).isEqualTo(400);
    }

    @ParameterizedTest(name = "header line \"{0}\"")
    @ValueSource(strings = {"Host", ": no name", "No colon here", "Bad Name: value", " Host: folded"})
    @DisplayName("a malformed header line is a 400 with a message")
    void malformedHeaderLine(String line) {
        HandshakeException thrown = Thrown.expect(HandshakeException.class,
                "parse(header line \"" + line + "\")", () -> RequestParser.parse("GET / HTTP/1.1\r\n" + line),
                "a HandshakeException(400, ...): a header line is Name: value, no space in the name");
        assertThat(thrown.getMessage()).as("the exception's message for \"%s\"", line).isNotBlank();
        assertThat(thrown.status()).as("HTTP status for the header line \"%s\"", line).isEqualTo(400);
    }
}
