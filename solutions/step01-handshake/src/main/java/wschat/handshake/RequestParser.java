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
    }
}
