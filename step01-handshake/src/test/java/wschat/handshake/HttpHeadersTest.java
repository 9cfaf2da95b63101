package wschat.handshake;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Exercise 1 - HttpHeaders: a case-insensitive header map (RFC 6455 §4.1)")
class HttpHeadersTest {

    @Test
    @DisplayName("a header is found under any capitalisation of its name (§4.1: field names are case-insensitive)")
    void namesAreCaseInsensitive() {
        Random random = new Random();
        String name = "Sec-WebSocket-Key";
        HttpHeaders headers = new HttpHeaders();
        String added = randomCase(name, random);
        headers.add(added, "dGhlIHNhbXBsZSBub25jZQ==");

        for (String lookup : new String[] {name, name.toLowerCase(Locale.ROOT), name.toUpperCase(Locale.ROOT),
                randomCase(name, random)}) {
            assertThat(headers.get(lookup))
                    .as("get(\"%s\") after add(\"%s\", ...): HTTP header names are case-insensitive", lookup, added)
                    .isEqualTo("dGhlIHNhbXBsZSBub25jZQ==");
        }
    }

    @Test
    @DisplayName("values are stored without the spaces around them")
    void valuesAreTrimmed() {
        HttpHeaders headers = new HttpHeaders();
        headers.add("Host", "   localhost:8080 \t");
        assertThat(headers.get("Host"))
                .as("the spaces after \"Host:\" are not part of the value")
                .isEqualTo("localhost:8080");
    }

    @Test
    @DisplayName("a header sent twice is one comma-separated list, in the order received")
    void repeatedHeadersAreJoined() {
        HttpHeaders headers = new HttpHeaders();
        headers.add("Connection", "keep-alive");
        headers.add("connection", " Upgrade");
        assertThat(headers.get("CONNECTION"))
                .as("two Connection fields become one list joined with \", \"")
                .isEqualTo("keep-alive, Upgrade");
    }

    @Test
    @DisplayName("a missing header is null")
    void missingHeaderIsNull() {
        HttpHeaders headers = new HttpHeaders();
        headers.add("Host", "example.com");
        assertThat(headers.get("Upgrade")).as("get() of a header that was never added").isNull();
        assertThat(headers.containsToken("Upgrade", "websocket"))
                .as("containsToken() of a header that was never added").isFalse();
    }

    @Test
    @DisplayName("containsToken finds a token in a comma-separated list, in any case (browsers send \"keep-alive, Upgrade\")")
    void tokensInALists() {
        HttpHeaders headers = new HttpHeaders();
        headers.add("Connection", "keep-alive, Upgrade");
        headers.add("Upgrade", "WebSocket");
        headers.add("X-List", "a,b ,  upgrade  ");
        assertThat(headers.containsToken("connection", "Upgrade"))
                .as("\"keep-alive, Upgrade\" contains the token Upgrade").isTrue();
        assertThat(headers.containsToken("Connection", "upgrade"))
                .as("tokens compare case-insensitively").isTrue();
        assertThat(headers.containsToken("Upgrade", "websocket"))
                .as("\"WebSocket\" is the token websocket").isTrue();
        assertThat(headers.containsToken("X-List", "Upgrade"))
                .as("spaces around a list element do not count").isTrue();
    }

    @Test
    @DisplayName("containsToken matches whole tokens, not parts of them")
    void tokensAreWhole() {
        HttpHeaders headers = new HttpHeaders();
        headers.add("Connection", "keep-alive, Upgraded");
        headers.add("Upgrade", "websocket2");
        assertThat(headers.containsToken("Connection", "Upgrade"))
                .as("\"Upgraded\" is not the token \"Upgrade\"").isFalse();
        assertThat(headers.containsToken("Upgrade", "websocket"))
                .as("\"websocket2\" is not the token \"websocket\"").isFalse();
    }

    private static String randomCase(String s, Random random) {
        StringBuilder b = new StringBuilder();
        for (char c : s.toCharArray()) {
            b.append(random.nextBoolean() ? Character.toUpperCase(c) : Character.toLowerCase(c));
        }
        return b.toString();
    }
}
