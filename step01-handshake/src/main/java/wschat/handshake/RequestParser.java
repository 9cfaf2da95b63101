package wschat.handshake;

/**
 * Parses a request head (as returned by {@link RequestHeadReader#readHead}) into an
 * {@link HttpRequest}.
 *
 * <pre>
 * GET /chat HTTP/1.1               request line: method SP target SP version
 * Host: server.example.com         header field: name ":" value
 * Upgrade: websocket
 * </pre>
 */
public final class RequestParser {

    private RequestParser() {
    }

    /**
     * Parses the request line and header fields.
     *
     * @throws HandshakeException with status 400 when a line is malformed
     */
    public static HttpRequest parse(String head) throws HandshakeException {
        // TODO exercise 3
        throw new UnsupportedOperationException("TODO step 01, exercise 3: write RequestParser.parse - split the head"
                + " on CR LF, the request line into METHOD TARGET VERSION, each header at its first colon;"
                + " HandshakeException(400, ...) for a malformed line."
                + " Read step01-handshake/README.md, \"Exercise 3\". Stuck? step01-handshake/HINTS.md");
    }
}
