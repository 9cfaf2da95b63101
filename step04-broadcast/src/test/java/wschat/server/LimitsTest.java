package wschat.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import wschat.frame.CloseCode;
import wschat.frame.Frame;
import wschat.frame.Opcode;

/**
 * The course's own test of provided code: the limits a server on a real network needs (RFC 6455 §10.4). Each limit gives a
 * clear answer to the client that hits it, and the rest of the room goes on chatting.
 */
@Tag("provided")
@DisplayName("Provided code - limits: each has a clear answer, and the others keep chatting (RFC 6455 §10.4)")
class LimitsTest {

    ChatServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    @DisplayName("a request head over 8 KiB gets 431 and the connection is closed")
    void headTooLarge() throws IOException {
        server = ChatServer.start(ChatConfig.defaults().withPort(0));
        try (Pair pair = Pair.connect(server.port()); RawClient big = RawClient.tcp(server.port())) {
            String padding = "X-Padding: " + "a".repeat(9000) + "\r\n";
            big.sendRaw(RawClient.UPGRADE.replace("\r\n\r\n", "\r\n" + padding + "\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            assertThat(big.readResponseHead()).as("answer to a 9 KiB request head").startsWith("HTTP/1.1 431");
            assertThat(big.serverClosesTcp()).as("the connection ends after the 431").isTrue();
            pair.assertStillChatting();
        }
    }

    @Test
    @DisplayName("a handshake not finished within the timeout: the connection is closed")
    void handshakeTimeout() throws IOException {
        server = ChatServer.start(ChatConfig.defaults().withPort(0).withHandshakeTimeout(Duration.ofMillis(300)));
        try (Pair pair = Pair.connect(server.port()); RawClient slow = RawClient.tcp(server.port())) {
            slow.sendRaw("GET /chat HTTP/1.1\r\nHost: 127.0.0.1\r\n".getBytes(StandardCharsets.ISO_8859_1));
            assertThat(slow.serverClosesTcp()).as("the server ends a connection whose head is still incomplete "
                    + "after the handshake timeout (300 ms here)").isTrue();
            pair.assertStillChatting();
        }
    }

    @Test
    @DisplayName("the handshake timeout is one deadline for the whole head: a client trickling a byte every 100 ms "
            + "is still cut off")
    void trickledHandshake() throws Exception {
        server = ChatServer.start(ChatConfig.defaults().withPort(0).withHandshakeTimeout(Duration.ofMillis(300)));
        ScheduledExecutorService trickle = Executors.newSingleThreadScheduledExecutor();
        try (Pair pair = Pair.connect(server.port()); RawClient slow = RawClient.tcp(server.port())) {
            byte[] head = RawClient.UPGRADE.getBytes(StandardCharsets.ISO_8859_1);
            AtomicInteger sent = new AtomicInteger();
            trickle.scheduleAtFixedRate(() -> {
                int i = sent.getAndIncrement();
                if (i < head.length) {
                    try {
                        slow.sendRaw(new byte[] {head[i]});
                    } catch (IOException closed) {
                        // the server cut the connection: what this test expects
                    }
                }
            }, 0, 100, TimeUnit.MILLISECONDS);
            assertThat(slow.serverClosesTcp()).as("the server ends a handshake that trickles in for longer than its "
                    + "timeout (300 ms here; a new timeout per byte would allow %d s)", head.length / 10).isTrue();
            assertThat(sent.get()).as("bytes sent, one per 100 ms, before the server cut the connection")
                    .isLessThan(head.length);
            pair.assertStillChatting();
        } finally {
            trickle.shutdownNow();
        }
    }

    @Test
    @DisplayName("a frame declaring 2^40 bytes gets 1009 at once: the length is never allocated ahead of the bytes")
    void hugeDeclaredLength() throws IOException {
        server = ChatServer.start(ChatConfig.defaults().withPort(0));
        try (Pair pair = Pair.connect(server.port()); RawClient raw = RawClient.upgraded(server.port())) {
            raw.awaitName();
            raw.sendRaw(HexFormat.of().parseHex("82ff0000010000000000" + "01020304")); // 2^40 bytes, none sent
            Frame close = raw.readUntilClose();
            assertThat(closeCode(close)).as("close code for a declared length of 2^40 bytes (the server closed with %s)",
                    RawClient.close(close).text()).isEqualTo(1009);
            pair.assertStillChatting();
        }
    }

    @Test
    @DisplayName("when the room is full, the next handshake gets 503; a free place lets the next one in")
    void connectionLimit() throws IOException {
        server = ChatServer.start(ChatConfig.defaults().withPort(0).withMaxConnections(2));
        try (Pair pair = Pair.connect(server.port())) {
            try (RawClient third = RawClient.tcp(server.port())) {
                third.sendRaw(RawClient.UPGRADE.getBytes(StandardCharsets.ISO_8859_1));
                assertThat(third.readResponseHead()).as("answer to a third client when the limit is 2")
                        .startsWith("HTTP/1.1 503");
            }
            pair.assertStillChatting();
            pair.b.sendClose(CloseCode.NORMAL_CLOSURE, "making room");
            pair.b.awaitClose();
            pair.a.awaitMessage("* " + pair.nameB + " left");
            try (ChatClient next = ChatClient.connect(server.port())) {
                assertThat(next.awaitName()).as("a client after one left").startsWith("guest-");
            }
        }
    }

    @Test
    @DisplayName("a client that stops reading is dropped with 1008 once its outbox passes its byte cap; the room goes on")
    void stalledClientIsDropped() throws IOException {
        server = ChatServer.start(ChatConfig.defaults().withPort(0).withOutboxLimitBytes(256 * 1024));
        try (Pair pair = Pair.connect(server.port()); RawClient stalled = RawClient.upgradedWithSmallBuffer(server.port())) {
            String stalledName = stalled.awaitName();
            pair.a.awaitMessage("* " + stalledName + " joined");
            String chunk = "x".repeat(32 * 1024);
            for (int i = 0; i < 512; i++) { // 16 MiB: far past the TCP buffers and the 256 KiB cap
                String text = i + " " + chunk;
                pair.a.send(text);
                // One at a time: both readers (the sender too) keep up, so only the stalled client's outbox grows.
                pair.a.awaitMessage(pair.nameA + ": " + text);
                pair.b.awaitMessage(pair.nameA + ": " + text);
            }

            // Now it reads: what was in flight, then the close frame that says why it was dropped.
            Frame close = stalled.readUntilClose();
            assertThat(closeCode(close)).as("close code for a client whose outbox passed 256 KiB (§7.4.1: 1008, "
                    + "policy violation); the server closed with %s", RawClient.close(close).text())
                    .isEqualTo(CloseCode.POLICY_VIOLATION);
            stalled.sendFrame(new Frame(Opcode.CLOSE, close.payload())); // it answers, as a client should
            pair.a.awaitMessage("* " + stalledName + " left");
            pair.assertStillChatting();
        }
    }

    static int closeCode(Frame close) {
        assertThat(close.opcode()).isEqualTo(Opcode.CLOSE);
        assertThat(close.payload().length).as("close payload: a 2-byte code at least").isGreaterThanOrEqualTo(2);
        return RawClient.closeCode(close);
    }

    /** Two well-behaved clients, to show the room still works after each abuse. */
    static final class Pair implements AutoCloseable {
        final ChatClient a;
        final ChatClient b;
        final String nameA;
        final String nameB;

        private Pair(ChatClient a, ChatClient b) {
            this.a = a;
            this.b = b;
            this.nameA = a.awaitName();
            this.nameB = b.awaitName();
        }

        static Pair connect(int port) {
            return new Pair(ChatClient.connect(port), ChatClient.connect(port));
        }

        void assertStillChatting() {
            String text = "still chatting " + System.nanoTime();
            a.send(text);
            b.awaitMessage(nameA + ": " + text);
        }

        @Override
        public void close() {
            a.close();
            b.close();
        }
    }
}
