package wschat.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Going further: the Origin check against cross-site WebSocket hijacking (RFC 6455 §10.2).
 * Write {@code OriginPolicy.allows}; step04-broadcast/README.md, "Going further", explains the attack.
 */
@Tag("challenge")
@DisplayName("Challenge origin - OriginPolicy: only the chat's own pages may connect (RFC 6455 §10.2)")
class OriginChallengeTest extends ChatServerFixture {

    @Override
    ChatConfig config() {
        return ChatConfig.defaults().withPort(0)
                .withAllowedOrigins(Set.of("http://localhost:3000"));
    }

    // Each allowed case is tested with its forgery: a stub that allows everything must fail every row.
    @ParameterizedTest(name = "Host: {0}, Origin: {1} -> 101; Origin: {2} -> 403")
    @CsvSource(nullValues = "none", value = {
        "127.0.0.1:PORT, none, https://evil.example",
        "127.0.0.1:PORT, http://127.0.0.1:PORT, http://127.0.0.1:PORT.evil.example",
        "localhost:PORT, HTTP://LOCALHOST:PORT, HTTP://LOCALHOST:PORT.evil.example",
        "127.0.0.1:PORT, http://localhost:3000, http://localhost:3000.evil.example",
    })
    @DisplayName("no Origin (not a browser), the same origin, or a configured one: 101; the same with .evil.example after it: 403")
    void allowedAndForged(String host, String origin, String forged) throws IOException {
        assertAnswer(host, origin, 101);
        assertAnswer(host, forged, 403);
    }

    @ParameterizedTest(name = "Host: {0}, Origin: {1} -> 403")
    @CsvSource({
        "127.0.0.1:PORT, https://evil.example",
        "127.0.0.1:PORT, http://localhost:3001",
        "127.0.0.1:PORT, null",
    })
    @DisplayName("any other origin, and Origin: null (a sandboxed page): 403")
    void refused(String host, String origin) throws IOException {
        assertAnswer(host, origin, 403);
    }

    void assertAnswer(String host, String origin, int expected) throws IOException {
        String port = String.valueOf(server.port());
        String request = RawClient.UPGRADE.replace("Host: 127.0.0.1", "Host: " + host.replace("PORT", port));
        if (origin != null) {
            request = request.replace("\r\n\r\n", "\r\nOrigin: " + origin.replace("PORT", port) + "\r\n\r\n");
        }
        try (RawClient client = RawClient.tcp(server.port())) {
            client.sendRaw(request.getBytes(StandardCharsets.ISO_8859_1));
            String head = client.readResponseHead();
            assertThat(head).as("answer to a handshake with Host %s and Origin %s (expected %d%s)", host, origin,
                    expected, expected == 403 ? ": RFC 6455 §10.2, a page from another origin" : "")
                    .startsWith("HTTP/1.1 " + expected);
            if (expected == 101) {
                assertThat(client.awaitName()).as("name given after an allowed handshake").startsWith("guest-");
            }
        }
    }
}
