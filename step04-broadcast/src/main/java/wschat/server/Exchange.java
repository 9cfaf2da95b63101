package wschat.server;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import wschat.handshake.HttpRequest;
import wschat.handshake.HttpResponse;

/**
 * One HTTP request on a fresh connection, and the two ways to answer it: a plain HTTP response,
 * after which the connection closes, or the WebSocket upgrade into the chat room.
 */
public final class Exchange {

    private final ChatServer server;
    private final Socket socket;
    private final InputStream in;
    private final HttpRequest request;

    Exchange(ChatServer server, Socket socket, InputStream in, HttpRequest request) {
        this.server = server;
        this.socket = socket;
        this.in = in;
        this.request = request;
    }

    public HttpRequest request() {
        return request;
    }

    /** The room the server's chat members are in: step 05's long polling adds members of its own. */
    public Room room() {
        return server.room();
    }

    /**
     * Reads the request's body, as long as its {@code Content-Length} says (none: an empty body).
     * Step 05's {@code POST /send} carries a chat message this way.
     *
     * @return the body, or {@code null} when the length is missing with a {@code Transfer-Encoding},
     *         is not a number, or is over {@code maxBytes}: the handler answers with an error
     * @throws IOException when the body ends early, or does not arrive within 10 seconds
     */
    public byte[] readBody(int maxBytes) throws IOException {
        String length = request.headers().get("Content-Length");
        if (length == null) {
            return request.headers().get("Transfer-Encoding") == null ? new byte[0] : null;
        }
        long bytes;
        try {
            bytes = Long.parseLong(length.strip());
        } catch (NumberFormatException e) {
            return null;
        }
        if (bytes < 0 || bytes > maxBytes) {
            return null;
        }
        socket.setSoTimeout(10_000); // the head had its deadline; a body that trickles gets one too
        byte[] body = in.readNBytes((int) bytes);
        if (body.length < bytes) {
            throw new EOFException("the body ended after " + body.length + " of " + bytes + " bytes");
        }
        return body;
    }

    /** Sends an HTTP response; the connection closes after it. */
    public void respond(HttpResponse response) throws IOException {
        socket.getOutputStream().write(response.toBytes());
        socket.getOutputStream().flush();
    }

    /**
     * Checks the origin (§10.2) and the handshake (§4.2), and if both pass, answers 101 and runs
     * the chat connection until it ends.
     */
    public void upgradeToChat() throws IOException {
        server.upgrade(socket, in, request);
    }
}
