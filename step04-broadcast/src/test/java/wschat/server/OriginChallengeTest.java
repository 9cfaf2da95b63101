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

    @ParameterizedTest(name = "Host: {0}, Origin: {1} -> {2}")
    @CsvSource(nullValues = "none", value = {
        "127.0.0.1:PORT, none, 101",
        "127.0.0.1:PORT, http://127.0.0.1:PORT, 101",
        "localhost:PORT, HTTP://LOCALHOST:PORT, 101",
        "127.0.0.1:PORT, http://localhost:3000, 101",
        "127.0.0.1:PORT, https://evil.example, 403",
        "127.0.0.1:PORT, http://127.0.0.1:PORT.evil.example, 403",
        "127.0.0.1:PORT, http://localhost:3001, 403",
        "127.0.0.1:PORT, null, 403",
    })
    @DisplayName("no Origin (not a browser), the same origin, or a configured one: 101; any other origin: 403")
    void origins(String host, String origin, int expected) throws IOException {
        String port = String.valueOf(server.port());
        String request = RawClient.UPGRADE.replace("Host: 127.0.0.1", "Host: " + host.replace("PORT", port));
        if (origin != null) {
            request = request.replace("\r\n\r\n", "\r\nOrigin: " + origin.replace("PORT", port) + "\r\n\r\n");
        }
        try (RawClient client = RawClient.tcp(server.port())) {
            client.sendRaw(request.getBytes(StandardCharsets.ISO_8859_1));
            String head = client.readResponseHead();
            assertThat(head).as("answer to a handshake with Host %s and Origin %s", host, origin)
                    .startsWith("HTTP/1.1 " + expected);
            if (expected == 101) {
                assertThat(client.awaitName()).as("name given after an allowed handshake").startsWith("guest-");
            }
        }
    }
}
