package wschat.server;

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
