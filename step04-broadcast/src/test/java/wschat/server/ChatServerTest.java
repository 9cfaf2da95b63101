package wschat.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import wschat.frame.CloseCode;
import wschat.frame.Frame;
import wschat.frame.Opcode;

/**
 * The server around your room and session: nothing one client does may stop the others.
 * These pass once exercises 1-3 do; read them to see what the provided code guarantees.
 */
@DisplayName("Exercises together - one client never stops the room (RFC 6455 §7, §10.4)")
class ChatServerTest extends ChatServerFixture {

    @Test
    @DisplayName("an abrupt disconnect (TCP reset, no close frame) removes the client; the others chat on")
    void abruptDisconnect() throws IOException {
        try (ChatClient a = ChatClient.connect(server.port());
             ChatClient b = ChatClient.connect(server.port())) {
            String nameA = a.awaitName();
            b.awaitName();
            RawClient raw = RawClient.upgraded(server.port());
            String rawName = raw.awaitName();
            a.awaitMessage("* " + rawName + " joined");
            raw.sendFrame(new Frame(false, Opcode.TEXT, "half a mess".getBytes(StandardCharsets.UTF_8)));
            raw.reset();
            a.awaitMessage("* " + rawName + " left");
            a.send("after the crash");
            b.awaitMessage(nameA + ": after the crash");
        }
    }

    @Test
    @DisplayName("a client that never reads does not delay the others (each client has its own outbox)")
    void stalledReader() throws IOException {
        try (ChatClient sender = ChatClient.connect(server.port());
             ChatClient reader = ChatClient.connect(server.port());
             RawClient stalled = RawClient.upgradedWithSmallBuffer(server.port())) {
            String senderName = sender.awaitName();
            reader.awaitName();
            // The stalled client reads nothing from now on, and its receive buffer is small (set before connecting,
            // so the kernel cannot grow it): the server's writes to it stop once its socket's send buffer is full,
            // at most 4 MiB on Linux (tcp_wmem). 12 MiB is far more than that, and less than the outbox's 8 MiB cap
            // plus what the sockets hold, so the stalled client is queued for, then dropped, never waited for.
            String chunk = "x".repeat(32 * 1024);
            int messages = 384;
            try {
                for (int i = 0; i < messages; i++) {
                    sender.send(i + " " + chunk);
                }
                sender.send("the end");
                reader.awaitMessage(senderName + ": the end");
            } catch (AssertionError e) {
                throw new AssertionError("12 MiB of messages did not get through while one client read nothing: a broadcast "
                        + "waited for the client that does not read. Outbox.send must only queue the frame for the "
                        + "member's own writer thread, never write to the socket on the broadcaster's thread (step 04 "
                        + "README, \"Why broadcast must never block\"; RFC 6455 §10.4). What failed: " + e.getMessage(), e);
            }
        }
    }

    @Test
    @DisplayName("a client that connects and sends nothing, or half a request, blocks nobody")
    void silentAndHalfHandshakes() throws IOException {
        try (RawClient silent = RawClient.tcp(server.port());
             RawClient half = RawClient.tcp(server.port())) {
            half.sendRaw("GET /chat HTTP/1.1\r\nHost: 127.0.0.1\r\nUpg".getBytes(StandardCharsets.ISO_8859_1));
            try (ChatClient a = ChatClient.connect(server.port());
                 ChatClient b = ChatClient.connect(server.port())) {
                String nameA = a.awaitName();
                b.awaitName();
                a.send("nobody waits for them");
                b.awaitMessage(nameA + ": nobody waits for them");
            }
        }
    }

    @Test
    @DisplayName("stopping the server closes every client with 1001, going away (§7.4.1)")
    void stopSays1001() throws InterruptedException {
        ChatClient a = ChatClient.connect(server.port());
        ChatClient b = ChatClient.connect(server.port());
        a.awaitName();
        b.awaitName();
        CountDownLatch stopped = new CountDownLatch(1);
        new Thread(() -> {
            server.close();
            stopped.countDown();
        }).start();
        assertThat(a.awaitClose().code()).as("close code when the server stops").isEqualTo(CloseCode.GOING_AWAY);
        assertThat(b.awaitClose().code()).as("close code when the server stops").isEqualTo(CloseCode.GOING_AWAY);
        assertThat(stopped.await(10, TimeUnit.SECONDS)).as("server.close() returns").isTrue();
    }

    @Test
    @DisplayName("a bad handshake gets its HTTP error (404 elsewhere than /chat, 400 for a bad key); the room is unaffected")
    void badHandshakes() throws IOException {
        try (ChatClient a = ChatClient.connect(server.port())) {
            String nameA = a.awaitName();
            try (RawClient wrongPath = RawClient.tcp(server.port())) {
                wrongPath.sendRaw(RawClient.UPGRADE.replace("GET /chat ", "GET /elsewhere ")
                        .getBytes(StandardCharsets.ISO_8859_1));
                assertThat(wrongPath.readResponseHead()).as("answer to an upgrade at /elsewhere")
                        .startsWith("HTTP/1.1 404");
            }
            try (RawClient badKey = RawClient.tcp(server.port())) {
                badKey.sendRaw(RawClient.UPGRADE.replace("dGhlIHNhbXBsZSBub25jZQ==", "short")
                        .getBytes(StandardCharsets.ISO_8859_1));
                assertThat(badKey.readResponseHead()).as("answer to Sec-WebSocket-Key: short")
                        .startsWith("HTTP/1.1 400");
            }
            a.send("fine");
            a.awaitMessage(nameA + ": fine");
        }
    }
}
