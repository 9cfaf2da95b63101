package wschat.handshake;
// BEGIN exercises 4, 5

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
// END exercises 4, 5

/**
 * The server's side of the opening handshake, RFC 6455 §4.2.
 *
 * <pre>
 * GET /chat HTTP/1.1                                 HTTP/1.1 101 Switching Protocols
 * Host: server.example.com                           Upgrade: websocket
 * Upgrade: websocket                        --&gt;      Connection: Upgrade
 * Connection: Upgrade                                Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=
 * Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==
 * Sec-WebSocket-Version: 13
 * </pre>
 */
public final class Handshake {

    /** The GUID every server appends to the client's key, RFC 6455 §1.3 and §4.2.2. */
    public static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    /** The only protocol version RFC 6455 defines, §4.1 and §4.4. */
    public static final String VERSION = "13";

    private Handshake() {
    }

    /**
     * {@code Sec-WebSocket-Accept} for a {@code Sec-WebSocket-Key}: base64(SHA-1(key + GUID)), §4.2.2.
     * The key is used as the text the client sent; it is not base64-decoded first.
     */
    public static String acceptKey(String key) {
        // BEGIN exercise 4
        try {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            byte[] digest = sha1.digest((key + GUID).getBytes(StandardCharsets.US_ASCII));
            return Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime must provide SHA-1", e);
        }
        // INSTEAD
        // // TODO exercise 4
        // throw new UnsupportedOperationException("TODO step 01, exercise 4: write Handshake.acceptKey -"
        //         + " base64(SHA-1(key + GUID)) with java.security.MessageDigest and java.util.Base64."
        //         + " Read step01-handshake/README.md, \"Exercise 4\". Stuck? step01-handshake/HINTS.md");
        // END exercise 4
    }

    /**
     * Checks a client's opening handshake in the order of §4.2.1 and answers it: 101 Switching
     * Protocols when it is valid, 426 Upgrade Required for another protocol version, 400 Bad
     * Request for anything else, with a body that names the rule.
     */
    public static HttpResponse respond(HttpRequest request) {
        // BEGIN exercise 5
        HttpHeaders headers = request.headers();

        // §4.2.1 item 1: an HTTP/1.1 or higher GET request.
        if (!request.method().equals("GET")) {
            return badRequest("the method must be GET, not " + request.method() + " (RFC 6455 §4.2.1)");
        }
        if (!isHttp11OrHigher(request.version())) {
            return badRequest("the version must be HTTP/1.1 or higher, not " + request.version() + " (RFC 6455 §4.2.1)");
        }
        // §4.2.1 item 2: a Host header field.
        if (headers.get("Host") == null) {
            return badRequest("a Host header is required (RFC 6455 §4.2.1)");
        }
        // §4.2.1 item 3: Upgrade holds "websocket", in any case.
        if (!headers.containsToken("Upgrade", "websocket")) {
            return badRequest("the Upgrade header must contain \"websocket\", got "
                    + quoted(headers.get("Upgrade")) + " (RFC 6455 §4.2.1)");
        }
        // §4.2.1 item 4: Connection holds the token "Upgrade", in any case, possibly among others.
        if (!headers.containsToken("Connection", "Upgrade")) {
            return badRequest("the Connection header must contain the token \"Upgrade\", got "
                    + quoted(headers.get("Connection")) + " (RFC 6455 §4.2.1)");
        }
        // §4.2.1 item 5: Sec-WebSocket-Key is base64 of a 16-byte nonce.
        String key = headers.get("Sec-WebSocket-Key");
        if (!isBase64Of16Bytes(key)) {
            return badRequest("Sec-WebSocket-Key must be 16 random bytes in base64, got "
                    + quoted(key) + " (RFC 6455 §4.2.1)");
        }
        // §4.2.1 item 6 and §4.4: version 13; another version gets 426 and the version we speak.
        String version = headers.get("Sec-WebSocket-Version");
        if (version == null) {
            return badRequest("a Sec-WebSocket-Version header is required (RFC 6455 §4.2.1)");
        }
        if (!version.equals(VERSION)) {
            return HttpResponse.error(426, "Upgrade Required",
                            "this server speaks WebSocket version 13 only, not " + version + " (RFC 6455 §4.2.2, §4.4)\n")
                    .header("Upgrade", "websocket") // a 426 names the protocol to upgrade to (RFC 7231 §6.5.15)
                    .header("Sec-WebSocket-Version", VERSION);
        }

        // §4.2.2: the answer that switches the connection to WebSocket.
        return new HttpResponse(101, "Switching Protocols")
                .header("Upgrade", "websocket")
                .header("Connection", "Upgrade")
                .header("Sec-WebSocket-Accept", acceptKey(key));
    }

    /** "HTTP/1.1" or a later version: HTTP/1.2, HTTP/2, ... (the digits after "HTTP/" compared as numbers). */
    private static boolean isHttp11OrHigher(String version) {
        String[] number = version.substring("HTTP/".length()).split("\\.", 2);
        try {
            int major = Integer.parseInt(number[0]);
            int minor = number.length > 1 ? Integer.parseInt(number[1]) : 0;
            return major > 1 || (major == 1 && minor >= 1);
        } catch (NumberFormatException notANumber) {
            return false;
        }
    }

    private static boolean isBase64Of16Bytes(String key) {
        // 16 bytes in base64 (RFC 4648, padded) are always 24 characters, the last two "==".
        if (key == null || key.length() != 24) {
            return false;
        }
        try {
            return Base64.getDecoder().decode(key).length == 16;
        } catch (IllegalArgumentException notBase64) {
            return false;
        }
    }

    private static HttpResponse badRequest(String explanation) {
        return HttpResponse.error(400, "Bad Request", explanation + "\n");
    }

    private static String quoted(String value) {
        return value == null ? "nothing" : "\"" + value + "\"";
        // INSTEAD
        // // TODO exercise 5
        // throw new UnsupportedOperationException("TODO step 01, exercise 5: write Handshake.respond - check the"
        //         + " request as RFC 6455 §4.2.1 lists (GET, Host, Upgrade, Connection, Sec-WebSocket-Key,"
        //         + " Sec-WebSocket-Version) and answer 101, 400 or 426 (HttpResponse.error helps)."
        //         + " Read step01-handshake/README.md, \"Exercise 5\". Stuck? step01-handshake/HINTS.md");
        // END exercise 5
    }
}
