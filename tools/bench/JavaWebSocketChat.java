import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicInteger;
import org.java_websocket.WebSocket;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.server.WebSocketServer;

/**
 * The benchmark's peer: the course's broadcast chat (names, join and leave notices, every text to
 * everyone as "name: text") on Java-WebSocket 1.6.0, a selector thread and worker threads, as that
 * library's own chat example does it. Started by tools/BroadcastBenchmark.java:
 * {@code java -cp <Java-WebSocket class path> tools/bench/JavaWebSocketChat.java PORT}. Loopback only.
 */
public class JavaWebSocketChat extends WebSocketServer {

    private final AtomicInteger guests = new AtomicInteger();

    JavaWebSocketChat(int port) {
        super(new InetSocketAddress("127.0.0.1", port));
        setTcpNoDelay(true);
        setReuseAddr(true);
    }

    @Override
    public void onOpen(WebSocket conn, ClientHandshake handshake) {
        String name = "guest-" + guests.incrementAndGet();
        conn.setAttachment(name);
        conn.send("* you are " + name);
        broadcast("* " + name + " joined");
    }

    @Override
    public void onClose(WebSocket conn, int code, String reason, boolean remote) {
        if (conn.getAttachment() != null) {
            broadcast("* " + conn.getAttachment() + " left");
        }
    }

    @Override
    public void onMessage(WebSocket conn, String message) {
        broadcast(conn.getAttachment() + ": " + message); // encoded once, the same frame to every connection
    }

    @Override
    public void onMessage(WebSocket conn, ByteBuffer message) {
        conn.close(1003, "this chat accepts text messages only");
    }

    @Override
    public void onError(WebSocket conn, Exception ex) {
        // a client went away: nothing to report in a benchmark
    }

    @Override
    public void onStart() {
        System.out.println("Java-WebSocket chat at ws://127.0.0.1:" + getPort() + "/chat");
    }

    public static void main(String[] args) {
        new JavaWebSocketChat(Integer.parseInt(args[0])).start();
    }
}
