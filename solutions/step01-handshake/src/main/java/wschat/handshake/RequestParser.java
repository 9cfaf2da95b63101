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
        // BEGIN exercise 3
        String[] lines = head.split("\r\n", -1);

        String[] requestLine = lines[0].split(" ", -1);
        if (requestLine.length != 3 || requestLine[0].isEmpty() || requestLine[1].isEmpty()
                || !requestLine[2].startsWith("HTTP/")) {
            throw new HandshakeException(400, "malformed request line: \"" + lines[0]
                    + "\" (expected: METHOD SP TARGET SP HTTP/1.1)");
        }

        HttpHeaders headers = new HttpHeaders();
        for (int i = 1; i < lines.length; i++) {
            String line = lines[i];
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw new HandshakeException(400, "malformed header line: \"" + line
                        + "\" (expected: Name: value)");
            }
            String name = line.substring(0, colon);
            if (!name.strip().equals(name) || name.contains(" ")) {
                throw new HandshakeException(400, "malformed header name: \"" + name
                        + "\" (no spaces allowed in a field name)");
            }
            headers.add(name, line.substring(colon + 1));
        }
        return new HttpRequest(requestLine[0], requestLine[1], requestLine[2], headers);
        // INSTEAD
        // // TODO exercise 3
        // throw new UnsupportedOperationException("TODO step 01, exercise 3: write RequestParser.parse - split the head"
        //         + " on CR LF, the request line into METHOD TARGET VERSION, each header at its first colon;"
        //         + " HandshakeException(400, ...) for a malformed line."
        //         + " Read step01-handshake/README.md, \"Exercise 3\". Stuck? step01-handshake/HINTS.md");
        // END exercise 3
    }
}
