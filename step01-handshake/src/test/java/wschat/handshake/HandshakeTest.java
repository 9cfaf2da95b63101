package wschat.handshake;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Random;
import java.util.function.Consumer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

@DisplayName("Exercise 4 and 5 - Handshake: Sec-WebSocket-Accept and the server's answer (RFC 6455 §4.2)")
class HandshakeTest {

    @Nested
    @DisplayName("Exercise 4 - acceptKey (§1.3, §4.2.2)")
    class AcceptKey {

        @Test
        @DisplayName("the RFC §1.3 example: dGhlIHNhbXBsZSBub25jZQ== gives s3pPLMBiTxaQ9kYGzzhZRbK+xOo=")
        void rfcExample() {
            assertThat(Handshake.acceptKey("dGhlIHNhbXBsZSBub25jZQ=="))
                    .as("base64(SHA-1(key + \"258EAFA5-E914-47DA-95CA-C5AB0DC85B11\")), RFC 6455 §1.3")
                    .isEqualTo("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
        }

        @RepeatedTest(5)
        @org.junit.jupiter.api.Order(wschat.course.RandomData.LAST)
        @DisplayName("random keys: base64(SHA-1(key + GUID)), with the key used as text, not decoded")
        void randomKeys() throws Exception {
            String key = randomKey(new Random());
            byte[] sha1 = MessageDigest.getInstance("SHA-1")
                    .digest((key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11").getBytes(StandardCharsets.US_ASCII));
            assertThat(Handshake.acceptKey(key))
                    .as("acceptKey(\"%s\"), RFC 6455 §4.2.2 item 5: the key as text (not base64-decoded) + the GUID, "
                            + "SHA-1, then the standard Base64 encoder (not the URL-safe one)", key)
                    .isEqualTo(Base64.getEncoder().encodeToString(sha1));
        }
    }

    @Nested
    @DisplayName("Exercise 5 - respond (§4.2.1, §4.2.2, §4.4)")
    class Respond {

        @Test
        @DisplayName("the RFC §1.3 request gets 101 Switching Protocols with Upgrade, Connection and Sec-WebSocket-Accept")
        void rfcRequestIsAccepted() throws HandshakeException {
            HttpResponse response = Handshake.respond(RequestParser.parse(RequestHeadReaderTest.RFC_REQUEST));

            assertThat(response.status()).as("status for a valid upgrade, §4.2.2").isEqualTo(101);
            assertThat(response.header("Upgrade")).as("Upgrade header of the 101").isEqualToIgnoringCase("websocket");
            assertThat(response.header("Connection")).as("Connection header of the 101").isEqualToIgnoringCase("Upgrade");
            assertThat(response.header("Sec-WebSocket-Accept")).as("Sec-WebSocket-Accept, §1.3")
                    .isEqualTo("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
            assertThat(new String(response.toBytes(), StandardCharsets.ISO_8859_1))
                    .as("the response on the wire").startsWith("HTTP/1.1 101 Switching Protocols\r\n")
                    .endsWith("\r\n\r\n");
        }

        @RepeatedTest(3)
        @org.junit.jupiter.api.Order(wschat.course.RandomData.LAST)
        @DisplayName("a browser's request (Connection: keep-alive, Upgrade; Upgrade: WebSocket; random key) gets 101")
        void browserRequestIsAccepted() throws HandshakeException {
            String key = randomKey(new Random());
            HttpResponse response = Handshake.respond(request(h -> {
                h.add("Connection", "keep-alive, Upgrade");
                h.add("Upgrade", "WebSocket");
                h.add("Sec-WebSocket-Key", key);
            }));
            assertThat(response.status()).as("status; body: %s", body(response)).isEqualTo(101);
            assertThat(response.header("Sec-WebSocket-Accept")).isEqualTo(Handshake.acceptKey(key));
        }

        @Test
        @DisplayName("a method other than GET is a 400 (§4.2.1 item 1)")
        void notGet() {
            HttpResponse response = Handshake.respond(new HttpRequest("POST", "/chat", "HTTP/1.1", validHeaders()));
            assertRefused(response, 400, "POST request");
        }

        @Test
        @DisplayName("an HTTP version below 1.1 is a 400; 1.1 or higher is fine (§4.2.1 item 1)")
        void httpVersion() {
            for (String version : new String[] {"HTTP/1.0", "HTTP/0.9", "HTTP/x", "HTTP/", "HTTP/1.x"}) {
                assertRefused(Handshake.respond(new HttpRequest("GET", "/chat", version, validHeaders())), 400, version);
            }
            for (String version : new String[] {"HTTP/1.1", "HTTP/1.2", "HTTP/2.0", "HTTP/2", "HTTP/3"}) {
                assertThat(Handshake.respond(new HttpRequest("GET", "/chat", version, validHeaders())).status())
                        .as("status for %s (1.1 or higher)", version).isEqualTo(101);
            }
        }

        @Test
        @DisplayName("a request without Host is a 400 (§4.2.1 item 2)")
        void noHost() {
            HttpHeaders headers = new HttpHeaders();
            headers.add("Upgrade", "websocket");
            headers.add("Connection", "Upgrade");
            headers.add("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==");
            headers.add("Sec-WebSocket-Version", "13");
            assertRefused(Handshake.respond(new HttpRequest("GET", "/", "HTTP/1.1", headers)), 400, "no Host");
        }

        @Test
        @DisplayName("Upgrade missing or not websocket is a 400 (§4.2.1 item 3)")
        void badUpgrade() {
            HttpHeaders missing = new HttpHeaders();
            missing.add("Host", "a");
            missing.add("Connection", "Upgrade");
            missing.add("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==");
            missing.add("Sec-WebSocket-Version", "13");
            assertRefused(Handshake.respond(new HttpRequest("GET", "/", "HTTP/1.1", missing)), 400, "no Upgrade");
            HttpResponse h2c = Handshake.respond(request(h -> h.add("Upgrade", "h2c")));
            assertRefused(h2c, 400, "Upgrade: h2c");
            assertThat(body(h2c)).as("the body of the 400 for Upgrade: h2c names the value it got, so that the client's "
                    + "developer sees what was wrong").contains("\"h2c\"");
        }

        @Test
        @DisplayName("Connection without the token Upgrade is a 400 (§4.2.1 item 4)")
        void badConnection() {
            HttpHeaders headers = new HttpHeaders();
            headers.add("Host", "a");
            headers.add("Upgrade", "websocket");
            headers.add("Connection", "keep-alive");
            headers.add("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==");
            headers.add("Sec-WebSocket-Version", "13");
            assertRefused(Handshake.respond(new HttpRequest("GET", "/", "HTTP/1.1", headers)), 400,
                    "Connection: keep-alive");
        }

        @Test
        @DisplayName("a Sec-WebSocket-Key that is not base64 of 16 bytes is a 400 (§4.1, §4.2.1 item 5)")
        void badKey() {
            String fifteenBytes = Base64.getEncoder().encodeToString(new byte[15]);
            String seventeenBytes = Base64.getEncoder().encodeToString(new byte[17]);
            String unpadded = Base64.getEncoder().withoutPadding().encodeToString(new byte[16]); // 22 chars, no "=="
            String notBase64 = "!".repeat(22) + "=="; // 24 characters, the right length, but not base64
            for (String key : new String[] {"not base64!", fifteenBytes, seventeenBytes, unpadded, notBase64}) {
                HttpHeaders headers = validHeadersWith("Sec-WebSocket-Key", key);
                String why = key.equals(unpadded)
                        ? " (22 characters without the \"==\" padding: a key is 24 characters of padded base64)" : "";
                assertRefused(Handshake.respond(new HttpRequest("GET", "/", "HTTP/1.1", headers)), 400,
                        "Sec-WebSocket-Key: " + key + why);
            }
            HttpHeaders noKey = validHeadersWith("Sec-WebSocket-Key", null);
            assertRefused(Handshake.respond(new HttpRequest("GET", "/", "HTTP/1.1", noKey)), 400,
                    "no Sec-WebSocket-Key");
        }

        @Test
        @DisplayName("another Sec-WebSocket-Version is a 426 that says Sec-WebSocket-Version: 13 (§4.2.2, §4.4)")
        void otherVersion() {
            HttpHeaders headers = validHeadersWith("Sec-WebSocket-Version", "8");
            HttpResponse response = Handshake.respond(new HttpRequest("GET", "/", "HTTP/1.1", headers));
            assertRefused(response, 426, "Sec-WebSocket-Version: 8");
            assertThat(response.header("Sec-WebSocket-Version"))
                    .as("a 426 tells the client which version the server speaks, §4.4").isEqualTo("13");
            assertThat(response.header("Upgrade")).as("a 426 names the protocol to upgrade to (RFC 7231 §6.5.15)")
                    .isEqualToIgnoringCase("websocket");
        }

        @Test
        @DisplayName("a missing Sec-WebSocket-Version is a 400 (§4.2.1 item 6)")
        void noVersion() {
            HttpHeaders headers = validHeadersWith("Sec-WebSocket-Version", null);
            assertRefused(Handshake.respond(new HttpRequest("GET", "/", "HTTP/1.1", headers)), 400,
                    "no Sec-WebSocket-Version");
        }

        private void assertRefused(HttpResponse response, int status, String what) {
            assertThat(response.status()).as("status for a request with %s; body: %s", what, body(response))
                    .isEqualTo(status);
            assertThat(response.header("Sec-WebSocket-Accept")).as("a refused handshake has no Sec-WebSocket-Accept")
                    .isNull();
            assertThat(body(response)).as("the body of a %d explains the problem to the client", status)
                    .isNotBlank();
        }
    }

    static String body(HttpResponse response) {
        return new String(response.body(), StandardCharsets.UTF_8).strip();
    }

    static String randomKey(Random random) {
        byte[] nonce = new byte[16];
        random.nextBytes(nonce);
        return Base64.getEncoder().encodeToString(nonce);
    }

    /** Valid upgrade headers; a null value leaves that header out. */
    static HttpHeaders validHeadersWith(String name, String value) {
        String[][] fields = {
            {"Host", "localhost"},
            {"Upgrade", "websocket"},
            {"Connection", "Upgrade"},
            {"Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ=="},
            {"Sec-WebSocket-Version", "13"},
        };
        HttpHeaders headers = new HttpHeaders();
        for (String[] field : fields) {
            String v = field[0].equals(name) ? value : field[1];
            if (v != null) {
                headers.add(field[0], v);
            }
        }
        return headers;
    }

    static HttpHeaders validHeaders() {
        return validHeadersWith("", null);
    }

    /** Host and version, plus whatever the test adds. */
    static HttpRequest request(Consumer<HttpHeaders> fields) {
        HttpHeaders headers = new HttpHeaders();
        headers.add("Host", "localhost");
        headers.add("Sec-WebSocket-Version", "13");
        fields.accept(headers);
        if (headers.get("Connection") == null) {
            headers.add("Connection", "Upgrade");
        }
        if (headers.get("Sec-WebSocket-Key") == null) {
            headers.add("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==");
        }
        return new HttpRequest("GET", "/chat", "HTTP/1.1", headers);
    }
}
