package wschat.server;

import static org.assertj.core.api.Assertions.fail;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Optional;
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
 * the server closes the connection (for example with 1011 and a TODO message from a skeleton), or
 * soon after it failed on another connection of the same test.
 */
final class ChatClient implements WebSocket.Listener, AutoCloseable {

    static final Duration WAIT = Duration.ofSeconds(10);

    /** A close frame the client received: the code and the reason. */
    record Close(int code, String reason) {

        /** "1011 'TODO step 04, ...'", the reason as text; 1006 is no close frame at all (§7.1.5). */
        String text() {
            return code == 1006 ? "no close frame (1006: " + reason + ")" : code + " '" + reason + "'";
        }
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
    volatile String name;

    static ChatClient connect(URI uri) {
        ChatClient client = new ChatClient();
        try {
            client.webSocket = HttpClient.newHttpClient().newWebSocketBuilder()
                    .connectTimeout(WAIT)
                    .buildAsync(uri, client)
                    .get(WAIT.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException | ExecutionException | TimeoutException e) {
            fail("the JDK WebSocket client could not connect to %s: %s", uri, whyRefused(e.getCause() == null ? e : e.getCause()));
        }
        return client;
    }

    /** A refused upgrade says the server's status line and body; any other failure says itself. */
    static String whyRefused(Throwable cause) {
        if (cause instanceof java.net.http.WebSocketHandshakeException refused) {
            java.net.http.HttpResponse<?> answer = refused.getResponse();
            Object body = answer.body();
            return "the server answered " + answer.statusCode() + " instead of 101 Switching Protocols"
                    + (body == null || body.toString().isEmpty() ? "" : ", body: " + body)
                    + " (the server refused the upgrade)";
        }
        return String.valueOf(cause);
    }

    /** The next whole text message; fails after {@link #WAIT} or as soon as the server closes. */
    String next() {
        return next("a message");
    }

    /** The next whole text message, saying what was expected if none comes. */
    private String next(String expected) {
        return await(messages, expected, "");
    }

    /**
     * The next item of {@code queue}. Fails at once when the server has closed this connection and
     * nothing is left, soon after the server failed on another connection of the test (a 1011, see
     * {@link ServerLog#failedSince}) if nothing comes, and after {@link #WAIT} in any case.
     * {@code cameBefore} ends the failure message: the first line says what happened.
     */
    private <T> T await(BlockingQueue<T> queue, String expected, String cameBefore) {
        long start = System.nanoTime();
        long deadline = start + WAIT.toNanos();
        try {
            while (true) {
                T item = queue.poll(20, TimeUnit.MILLISECONDS);
                if (item != null) {
                    return item;
                }
                Close close = closed.getNow(null);
                if (close != null) {
                    item = queue.poll(); // what came just before the close
                    if (item != null) {
                        return item;
                    }
                    return fail("the server closed the connection with %s while %s waited for %s %s%s",
                            close.text(), who(), expected, ServerLog.seeLog(), cameBefore);
                }
                Optional<String> failed = ServerLog.failedSince(start);
                if (failed.isPresent()) {
                    return fail("%s waited %d ms for %s, but nothing came after the server failed: %s %s%s", who(),
                            millisSince(start), expected, failed.get(), ServerLog.seeLog(), cameBefore);
                }
                if (System.nanoTime() - deadline > 0) {
                    return fail("%s waited for %s, but nothing came within %d s%s", who(), expected, WAIT.toSeconds(),
                            cameBefore);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static long millisSince(long start) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    }

    /** This client in failure messages: its name once it has one. */
    private String who() {
        return name == null ? "the client" : name;
    }

    /** Skips messages until one equals {@code expected}; fails (listing what came) if it never does. */
    void awaitMessage(String expected) {
        StringBuilder seen = new StringBuilder();
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            String message = await(messages, "the message \"" + expected + "\"",
                    seen.length() == 0 ? "" : "\nwhat came before:" + seen);
            if (message.equals(expected)) {
                return;
            }
            seen.append("\n  ").append(message.length() > 100 ? message.substring(0, 100) + "..." : message);
        }
        fail("expected the message \"%s\", but only these came:%s", expected, seen);
    }

    /** The name the server gave this client, from its first message {@code * you are guest-N}. */
    String awaitName() {
        String first = next("its name, \"* you are <name>\"");
        if (!first.startsWith("* you are ")) {
            fail("the first message must be \"* you are <name>\", but was \"%s\"", first);
        }
        name = first.substring("* you are ".length());
        return name;
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
        ByteBuffer pong = await(pongs, "a pong (RFC 6455 §5.5.2: a ping MUST get a pong)", "");
        byte[] data = new byte[pong.remaining()];
        pong.get(data);
        return data;
    }

    void sendClose(int code, String reason) {
        join(webSocket.sendClose(code, reason));
    }

    /** The server's close frame; fails if none comes within the wait. */
    Close awaitClose() {
        long start = System.nanoTime();
        long deadline = start + WAIT.toNanos();
        try {
            while (true) {
                try {
                    return closed.get(20, TimeUnit.MILLISECONDS);
                } catch (TimeoutException notYet) {
                    // look around, then wait on
                }
                Optional<String> failed = ServerLog.failedSince(start);
                if (failed.isPresent()) {
                    return fail("%s waited %d ms for the server's close frame, but none came after the server failed: "
                            + "%s %s", who(), millisSince(start), failed.get(), ServerLog.seeLog());
                }
                if (System.nanoTime() - deadline > 0) {
                    return fail("%s waited for the server's close frame, but none came within %d s", who(),
                            WAIT.toSeconds());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        } catch (ExecutionException e) {
            throw new AssertionError(e); // never: the future is only ever completed with a value
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
        Close close = new Close(statusCode, reason);
        if (statusCode == 1011) { // internal error: the server's code threw, every wait of the test may end
            ServerLog.serverClosed(name == null ? "a connection" : name + "'s connection", close);
        }
        closed.complete(close);
        return null;
    }

    @Override
    public void onError(WebSocket ws, Throwable error) {
        closed.complete(new Close(1006, "connection failed: " + error));
    }

    private <T> T join(CompletableFuture<T> future) {
        try {
            return future.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException | ExecutionException | TimeoutException e) {
            Close close = closed.getNow(null);
            return fail("%s could not send: %s%s", who(), String.valueOf(e.getCause() == null ? e : e.getCause()),
                    close == null ? "" : " (the server had closed the connection with " + close.text() + ") "
                            + ServerLog.seeLog());
        }
    }
}
