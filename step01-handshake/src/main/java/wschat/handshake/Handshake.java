package wschat.handshake;

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
        // TODO exercise 4
        throw new UnsupportedOperationException("TODO step 01, exercise 4: write Handshake.acceptKey -"
                + " base64(SHA-1(key + GUID)) with java.security.MessageDigest and java.util.Base64."
                + " Read step01-handshake/README.md, \"Exercise 4\". Stuck? step01-handshake/HINTS.md");
    }

    /**
     * Checks a client's opening handshake in the order of §4.2.1 and answers it: 101 Switching
     * Protocols when it is valid, 426 Upgrade Required for another protocol version, 400 Bad
     * Request for anything else, with a body that names the rule.
     */
    public static HttpResponse respond(HttpRequest request) {
        // TODO exercise 5
        throw new UnsupportedOperationException("TODO step 01, exercise 5: write Handshake.respond - check the"
                + " request as RFC 6455 §4.2.1 lists (GET, Host, Upgrade, Connection, Sec-WebSocket-Key,"
                + " Sec-WebSocket-Version) and answer 101, 400 or 426 (HttpResponse.error helps)."
                + " Read step01-handshake/README.md, \"Exercise 5\". Stuck? step01-handshake/HINTS.md");
    }
}
