package wschat.handshake;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An HTTP response: status line, header fields in the order they were added, and a body.
 *
 * <pre>
 * HTTP/1.1 101 Switching Protocols\r\n
 * Upgrade: websocket\r\n
 * Connection: Upgrade\r\n
 * Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n
 * \r\n
 * </pre>
 */
public final class HttpResponse {

    private final int status;
    private final String reason;
    private final Map<String, String> headers = new LinkedHashMap<>();
    private byte[] body = new byte[0];

    public HttpResponse(int status, String reason) {
        this.status = status;
        this.reason = reason;
    }

    /** A response with a short plain-text body that tells the client what went wrong. */
    public static HttpResponse error(int status, String reason, String explanation) {
        return new HttpResponse(status, reason)
                .header("Content-Type", "text/plain; charset=utf-8")
                .header("Connection", "close")
                .body(explanation.getBytes(StandardCharsets.UTF_8));
    }

    /** The response for a {@link HandshakeException}, with its status and message. */
    public static HttpResponse error(HandshakeException e) {
        return error(e.status(), reasonPhrase(e.status()), e.getMessage() + "\n");
    }

    /** Adds (or replaces) one header field. */
    public HttpResponse header(String name, String value) {
        headers.put(name, value);
        return this;
    }

    /** Sets the body; a {@code Content-Length} header is written for any status but 101. */
    public HttpResponse body(byte[] body) {
        this.body = body.clone();
        return this;
    }

    public int status() {
        return status;
    }

    public String reason() {
        return reason;
    }

    /** The value of a header field, or {@code null}. Names compare exactly as they were added. */
    public String header(String name) {
        return headers.get(name);
    }

    public byte[] body() {
        return body.clone();
    }

    /** The bytes on the wire: status line, header lines, blank line, body. */
    public byte[] toBytes() {
        StringBuilder head = new StringBuilder();
        head.append("HTTP/1.1 ").append(status).append(' ').append(reason).append("\r\n");
        headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
        if (status != 101 && !headers.containsKey("Content-Length")) {
            head.append("Content-Length: ").append(body.length).append("\r\n");
        }
        head.append("\r\n");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        out.writeBytes(body);
        return out.toByteArray();
    }

    /** The reason phrase for the status codes this course uses. */
    public static String reasonPhrase(int status) {
        return switch (status) {
            case 101 -> "Switching Protocols";
            case 200 -> "OK";
            case 400 -> "Bad Request";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 408 -> "Request Timeout";
            case 426 -> "Upgrade Required";
            case 431 -> "Request Header Fields Too Large";
            case 500 -> "Internal Server Error";
            case 503 -> "Service Unavailable";
            default -> "Status " + status;
        };
    }

    @Override
    public String toString() {
        return "HTTP/1.1 " + status + " " + reason + " " + headers;
    }
}
