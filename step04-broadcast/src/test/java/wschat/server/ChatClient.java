package wschat.server;

import static org.assertj.core.api.Assertions.fail;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A chat client on the JDK's own WebSocket client ({@code java.net.http.WebSocket}), written by
 * nobody in this course: what it accepts, a real client accepts.
 *
 * <p>Waiting is done with timeouts, never sleeps, and a wait ends early with a clear failure when
 * the server closes the connection (for example with 1011 and a TODO message from a skeleton).
 */
final class ChatClient implements WebSocket.Listener, AutoCloseable {

    static final Duration WAIT = Duration.ofSeconds(10);

    /** A close frame the client received: the code and the reason. */
    record Close(int code, String reason) {
    }

    private final BlockingQueue<String> messages = new LinkedBlockingQueue<>();
    private final BlockingQueue<ByteBuffer> pongs = new LinkedBlockingQueue<>();
    private final CompletableFuture<Close> closed = new CompletableFuture<>();
    private final StringBuilder partial = new StringBuilder();
    private WebSocket webSocket;

    static ChatClient connect(int port) {
        return connect(URI.create("ws://127.0.0.1:" + port + "/chat"));
    }

    /**
     * A client in the room: connected, and told its name. Its 101 alone is not enough, since the
     * server adds a member to the room just after the handshake; its name says it is in.
     */
    static ChatClient joined(int port) {
        ChatClient client = connect(port);
        client.name = client.awaitName();
        return client;
    }

    /** The name from {@link #awaitName}, once called. */
    String name;

    static ChatClient connect(URI uri) {
        ChatClient client = new ChatClient();
        try {
            client.webSocket = HttpClient.newHttpClient().newWebSocketBuilder()
                    .connectTimeout(WAIT)
                    .buildAsync(uri, client)
                    .get(WAIT.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException | ExecutionException | TimeoutException e) {
            fail("the JDK WebSocket client could not connect to %s: %s", uri, String.valueOf(e.getCause() == null ? e : e.getCause()));
        }
        return client;
    }

    /** The next whole text message; fails after {@link #WAIT} or as soon as the server closes. */
    String next() {
        return next("a message");
    }

    /** The next whole text message, saying what was expected if none comes. */
    private String next(String expected) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        try {
            while (System.nanoTime() < deadline) {
                String message = messages.poll(20, TimeUnit.MILLISECONDS);
                if (message != null) {
                    return message;
                }
                if (closed.isDone() && messages.isEmpty()) {
                    Close close = closed.getNow(null);
                    fail("expected %s, but the server closed the connection with code %d: \"%s\" (the server log above has the whole story)",
                            expected, close.code(), close.reason());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return fail("expected %s, but no message arrived within %d s", expected, WAIT.toSeconds());
    }

    /** Skips messages until one equals {@code expected}; fails (listing what came) if it never does. */
    void awaitMessage(String expected) {
        StringBuilder seen = new StringBuilder();
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            String message = next("the message \"" + expected + "\"" + (seen.length() == 0 ? "" : " (before it came:"
                    + seen + ")"));
            if (message.equals(expected)) {
                return;
            }
            seen.append("\n  ").append(message.length() > 100 ? message.substring(0, 100) + "..." : message);
        }
        fail("expected the message \"%s\", but only these came:%s", expected, seen);
    }

    /** The name the server gave this client, from its first message {@code * you are guest-N}. */
    String awaitName() {
        String first = next();
        if (!first.startsWith("* you are ")) {
            fail("the first message must be \"* you are <name>\", but was \"%s\"", first);
        }
        return first.substring("* you are ".length());
    }

    void send(String text) {
        join(webSocket.sendText(text, true));
    }

    /** Sends a message as fragments: the first TEXT frame, then CONTINUATION frames (§5.4). */
    void sendFragments(String... parts) {
        for (int i = 0; i < parts.length; i++) {
            join(webSocket.sendText(parts[i], i == parts.length - 1));
        }
    }

    void ping(byte[] data) {
        join(webSocket.sendPing(ByteBuffer.wrap(data)));
    }

    /** The payload of the next pong. */
    byte[] nextPong() {
        try {
            ByteBuffer pong = pongs.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
            if (pong == null) {
                fail("no pong arrived within %d s (RFC 6455 §5.5.2: a ping MUST get a pong)", WAIT.toSeconds());
            }
            byte[] data = new byte[pong.remaining()];
            pong.get(data);
            return data;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    void sendClose(int code, String reason) {
        join(webSocket.sendClose(code, reason));
    }

    /** The server's close frame; fails if none comes within the wait. */
    Close awaitClose() {
        try {
            return closed.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException | ExecutionException | TimeoutException e) {
            return fail("the server sent no close frame within %d s", WAIT.toSeconds());
        }
    }

    /** Drops the TCP connection without a close frame, like a crashed browser. */
    void abort() {
        webSocket.abort();
    }

    @Override
    public void close() {
        if (webSocket != null) {
            webSocket.abort();
        }
    }

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            messages.add(partial.toString());
            partial.setLength(0);
        }
        ws.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onPong(WebSocket ws, ByteBuffer message) {
        pongs.add(ByteBuffer.allocate(message.remaining()).put(message).flip());
        ws.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
        closed.complete(new Close(statusCode, reason));
        return null;
    }

    @Override
    public void onError(WebSocket ws, Throwable error) {
        closed.complete(new Close(1006, "connection failed: " + error));
    }

    private static <T> T join(CompletableFuture<T> future) {
        try {
            return future.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException | ExecutionException | TimeoutException e) {
            return fail("sending failed: %s", String.valueOf(e.getCause() == null ? e : e.getCause()));
        }
    }
}
