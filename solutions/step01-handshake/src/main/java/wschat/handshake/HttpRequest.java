package wschat.handshake;

/**
 * An HTTP request head: the request line ({@code GET /chat HTTP/1.1}) and the header fields.
 *
 * @param method  the request method, e.g. {@code GET}
 * @param target  the request target, e.g. {@code /chat}
 * @param version the protocol version, e.g. {@code HTTP/1.1}
 * @param headers the header fields
 */
public record HttpRequest(String method, String target, String version, HttpHeaders headers) {
}
