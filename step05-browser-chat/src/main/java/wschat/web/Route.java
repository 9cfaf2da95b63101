package wschat.web;

/**
 * Where a request goes: the chat (a WebSocket upgrade), a page from {@code static/}, or an HTTP error.
 *
 * @param kind     which of the three
 * @param resource for {@link Kind#PAGE}: the file name under {@code static/}, e.g. {@code index.html}
 * @param status   for {@link Kind#ERROR}: the HTTP status, e.g. 404
 */
public record Route(Kind kind, String resource, int status) {

    public enum Kind { CHAT, PAGE, ERROR }

    /** Hand the connection to the chat room: the WebSocket handshake happens there. */
    public static Route chat() {
        return new Route(Kind.CHAT, null, 0);
    }

    /** Serve a file from {@code static/}, e.g. {@code page("index.html")}. */
    public static Route page(String resource) {
        return new Route(Kind.PAGE, resource, 200);
    }

    /** Answer with an HTTP error status, e.g. {@code error(404)}. */
    public static Route error(int status) {
        return new Route(Kind.ERROR, null, status);
    }
}
