package wschat.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import wschat.frame.CloseCode;
import wschat.frame.Frame;
import wschat.frame.Opcode;

@DisplayName("Exercise 3 - ChatSession: what each frame means (RFC 6455 §5.4-§5.6, §7)")
class ChatSessionTest extends ChatServerFixture {

    @Override
    ChatConfig config() {
        return ChatConfig.defaults().withPort(0).withMaxMessageBytes(100_000);
    }

    @Nested
    @DisplayName("Exercise 3 - messages (§5.6): every text message goes to everyone as \"name: text\"")
    class Messages {

        @Test
        @DisplayName("three clients: one's message reaches all three, the sender included")
        void broadcastToAll() {
            try (ChatClient a = ChatClient.connect(server.port());
                 ChatClient b = ChatClient.connect(server.port());
                 ChatClient c = ChatClient.connect(server.port())) {
                String nameA = a.awaitName();
                b.awaitName();
                c.awaitName();
                String text = "hello " + new Random().nextInt(1_000_000);
                a.send(text);
                for (ChatClient client : new ChatClient[] {a, b, c}) {
                    client.awaitMessage(nameA + ": " + text);
                }
            }
        }

        @Test
        @DisplayName("everyone can talk: messages from each of two clients reach both")
        void bothWays() {
            try (ChatClient a = ChatClient.connect(server.port());
                 ChatClient b = ChatClient.connect(server.port())) {
                String nameA = a.awaitName();
                String nameB = b.awaitName();
                a.send("hi from a");
                b.awaitMessage(nameA + ": hi from a");
                b.send("hi from b, ü€😀");
                a.awaitMessage(nameB + ": hi from b, ü€😀");
                b.awaitMessage(nameB + ": hi from b, ü€😀");
            }
        }

        @Test
        @DisplayName("a 70,000-byte message (64-bit length, §5.2) arrives intact")
        void bigMessage() {
            try (ChatClient a = ChatClient.connect(server.port());
                 ChatClient b = ChatClient.connect(server.port())) {
                String nameA = a.awaitName();
                b.awaitName();
                StringBuilder text = new StringBuilder();
                Random random = new Random();
                while (text.length() < 70_000) {
                    text.append((char) ('a' + random.nextInt(26)));
                }
                a.send(text.toString());
                String received = b.next();
                while (received.startsWith("* ")) {
                    received = b.next();
                }
                assertThat(received.length()).as("length of the broadcast of a 70,000-char message")
                        .isEqualTo(nameA.length() + 2 + 70_000);
                assertThat(received).as("the broadcast of a 70,000-char message").isEqualTo(nameA + ": " + text);
            }
        }

        @Test
        @DisplayName("§5.4: a message sent in fragments is broadcast once, whole")
        void fragmentedMessage() {
            try (ChatClient a = ChatClient.connect(server.port());
                 ChatClient b = ChatClient.connect(server.port())) {
                String nameA = a.awaitName();
                b.awaitName();
                a.sendFragments("Hel", "l", "o");
                b.awaitMessage(nameA + ": Hello");
            }
        }

        @Test
        @DisplayName("§5.4, §5.5: a ping between two fragments is answered, and the message still arrives whole")
        void pingBetweenFragments() throws IOException {
            try (ChatClient watcher = ChatClient.connect(server.port());
                 RawClient raw = RawClient.upgraded(server.port())) {
                watcher.awaitName();
                String name = raw.awaitName();
                raw.sendFrame(new Frame(false, Opcode.TEXT, utf8("Hel")));
                raw.sendFrame(new Frame(Opcode.PING, utf8("in between")));
                Frame pong = raw.readFrame("the pong to the ping between two fragments");
                while (pong.opcode() == Opcode.TEXT) {
                    pong = raw.readFrame("the pong to the ping between two fragments"); // a join notice may come first
                }
                assertThat(pong.opcode()).as("answer to a ping sent between two fragments").isEqualTo(Opcode.PONG);
                assertThat(pong.text()).isEqualTo("in between");
                raw.sendFrame(new Frame(true, Opcode.CONTINUATION, utf8("lo")));
                watcher.awaitMessage(name + ": Hello");
            }
        }
    }

    @Nested
    @DisplayName("Exercise 3 - control frames (§5.5)")
    class ControlFrames {

        @Test
        @DisplayName("§5.5.2, §5.5.3: a ping gets a pong with the same application data")
        void pingPong() {
            try (ChatClient a = ChatClient.connect(server.port())) {
                a.awaitName();
                byte[] data = new byte[1 + new Random().nextInt(125)];
                new Random().nextBytes(data);
                a.ping(data);
                assertThat(HexFormat.of().formatHex(a.nextPong())).as("pong payload for ping %s",
                        HexFormat.of().formatHex(data)).isEqualTo(HexFormat.of().formatHex(data));
            }
        }

        @Test
        @DisplayName("§5.5.1: a close frame gets a close frame with the same code, and the others see the leave")
        void closeHandshake() {
            int code = 3000 + new Random().nextInt(2000); // an application's code: the server echoes it
            try (ChatClient stays = ChatClient.joined(server.port());
                 ChatClient leaves = ChatClient.joined(server.port())) {
                leaves.sendClose(code, "bye");
                ChatClient.Close close = leaves.awaitClose();
                assertThat(close.code()).as("the code of the server's close reply to close(%d) (§5.5.1: echo the code); "
                        + "it closed with %s", code, close.text()).isEqualTo(code);
                stays.awaitMessage("* " + leaves.name + " left");
                stays.send("after");
                assertThat(stays.next()).as("the next message after the leave notice: one leave, one notice")
                        .isEqualTo(stays.name + ": after");
            }
        }

        @Test
        @DisplayName("§5.5.3: an unsolicited pong is allowed and needs no answer; the chat goes on")
        void unsolicitedPong() throws IOException {
            try (ChatClient watcher = ChatClient.joined(server.port());
                 RawClient raw = RawClient.upgraded(server.port())) {
                String name = raw.awaitName();
                raw.sendFrame(new Frame(Opcode.PONG, utf8("heartbeat")));
                raw.sendFrame(new Frame(Opcode.TEXT, utf8("still here")));
                watcher.awaitMessage(name + ": still here");
                Frame next = raw.readFrame();
                assertThat(next.opcode()).as("the first frame the client got after its unsolicited pong and a text "
                        + "message (%s): the broadcast of its text. A pong needs no answer (§5.5.3); answering pongs with "
                        + "pongs makes two such endpoints ping-pong forever (step 04, exercise 3)", next)
                        .isEqualTo(Opcode.TEXT);
            }
        }

        @Test
        @DisplayName("§5.5.1, §7.4.1: a close frame without a code gets 1000 back, never 1005 (which is never sent)")
        void closeWithoutCode() throws IOException {
            try (RawClient raw = RawClient.upgraded(server.port())) {
                raw.awaitName();
                raw.sendFrame(new Frame(Opcode.CLOSE, new byte[0]));
                Frame reply = raw.readUntilClose();
                assertThat(HexFormat.of().formatHex(reply.payload()))
                        .as("payload of the reply to an empty close frame: 1000 is 03e8 (the server closed with %s)",
                                RawClient.close(reply).text()).startsWith("03e8");
            }
        }

        @Test
        @DisplayName("§5.5.1: after a close frame, nothing more is handled: a text frame sent behind it never reaches the room")
        void nothingAfterClose() throws IOException {
            try (ChatClient watcher = ChatClient.joined(server.port());
                 RawClient raw = RawClient.upgraded(server.port())) {
                String name = raw.awaitName();
                watcher.awaitMessage("* " + name + " joined");
                byte[] key = {1, 2, 3, 4};
                byte[] close = wschat.frame.FrameEncoder.encodeMasked(new Frame(Opcode.CLOSE, HexFormat.of().parseHex("03e8")), key);
                byte[] text = wschat.frame.FrameEncoder.encodeMasked(new Frame(Opcode.TEXT, utf8("sent after my close")), key);
                byte[] both = ByteBuffer.allocate(close.length + text.length).put(close).put(text).array();
                raw.sendRaw(both); // one write: the text frame is already there when the close is handled
                Frame reply = raw.readUntilClose();
                assertThat(HexFormat.of().formatHex(reply.payload()))
                        .as("payload of the close reply to close(1000): the code echoed, 03e8 (the server closed with %s)",
                                RawClient.close(reply).text()).startsWith("03e8");
                String next = watcher.next();
                assertThat(next).as("what the others saw after %s sent a close frame and then a text frame. §5.5.1: once "
                        + "it has answered a close, the server considers the connection closed and handles no more frames: "
                        + "onFrame(CLOSE) returns false, so the connection stops reading (step 04, exercise 3)", name)
                        .isEqualTo("* " + name + " left");
            }
        }

        @Test
        @DisplayName("§7.1.1: after the close exchange, the server ends the TCP connection")
        void serverEndsTcp() throws IOException {
            try (RawClient raw = RawClient.upgraded(server.port())) {
                raw.awaitName();
                raw.sendFrame(new Frame(Opcode.CLOSE, HexFormat.of().parseHex("03e8")));
                Frame reply = raw.readUntilClose();
                assertThat(HexFormat.of().formatHex(reply.payload()))
                        .as("payload of the close reply to close(1000): the code echoed, 03e8 (the server closed with %s)",
                                RawClient.close(reply).text()).startsWith("03e8");
                assertThat(raw.serverClosesTcp()).as("the server closes TCP after the close exchange (§7.1.1)")
                        .isTrue();
            }
        }
    }

    @Nested
    @DisplayName("Exercise 3 - broken rules: a close frame with the code, then the end; the room goes on (§7.1.7, §7.4.1)")
    class BrokenRules {

        @Test
        @DisplayName("an unmasked frame from the client is 1002 (§5.1)")
        void unmaskedFrame() throws IOException {
            assertClosedWith(CloseCode.PROTOCOL_ERROR, "an unmasked text frame (§5.1)",
                    raw -> raw.sendRaw(HexFormat.of().parseHex("810548656c6c6f")));
        }

        @Test
        @DisplayName("a continuation frame that continues nothing is 1002 (§5.4)")
        void strayContinuation() throws IOException {
            assertClosedWith(CloseCode.PROTOCOL_ERROR, "CONTINUATION with no message started (§5.4)",
                    raw -> raw.sendFrame(new Frame(true, Opcode.CONTINUATION, utf8("lo"))));
        }

        @Test
        @DisplayName("text that is not UTF-8 is 1007 (§8.1)")
        void invalidUtf8() throws IOException {
            assertClosedWith(CloseCode.INVALID_FRAME_PAYLOAD_DATA, "text payload c3 28 (§8.1)",
                    raw -> raw.sendFrame(new Frame(Opcode.TEXT, HexFormat.of().parseHex("c328"))));
        }

        @Test
        @DisplayName("a binary message is 1003: this chat takes text only (§7.4.1)")
        void binaryMessage() throws IOException {
            assertClosedWith(CloseCode.UNSUPPORTED_DATA, "a binary message",
                    raw -> raw.sendFrame(new Frame(Opcode.BINARY, new byte[] {1, 2, 3})));
        }

        @Test
        @DisplayName("a message over the limit is 1009, even in small fragments (§7.4.1, §10.4)")
        void tooBig() throws IOException {
            assertClosedWith(CloseCode.MESSAGE_TOO_BIG, "60,000 + 60,000 bytes with a limit of 100,000", raw -> {
                raw.sendFrame(new Frame(false, Opcode.TEXT, utf8("a".repeat(60_000))));
                raw.sendFrame(new Frame(true, Opcode.CONTINUATION, utf8("a".repeat(60_000))));
            });
        }

        @Test
        @DisplayName("a close frame with 1 byte of payload, half a code, is 1002 (§5.5.1)")
        void halfACloseCode() throws IOException {
            assertClosedWith(CloseCode.PROTOCOL_ERROR, "a close payload of 1 byte",
                    raw -> raw.sendFrame(new Frame(Opcode.CLOSE, new byte[] {0x03})));
        }

        @Test
        @DisplayName("a close frame whose reason is not UTF-8 is 1007 (§5.5.1, §8.1)")
        void closeReasonNotUtf8() throws IOException {
            assertClosedWith(CloseCode.INVALID_FRAME_PAYLOAD_DATA, "close(1000, reason c3 28)",
                    raw -> raw.sendFrame(new Frame(Opcode.CLOSE, HexFormat.of().parseHex("03e8c328"))));
        }

        @Test
        @DisplayName("a close frame with a code that may not be sent (1005) is 1002 (§7.4)")
        void invalidCloseCode() throws IOException {
            assertClosedWith(CloseCode.PROTOCOL_ERROR, "close(1005)",
                    raw -> raw.sendFrame(new Frame(Opcode.CLOSE, ByteBuffer.allocate(2).putShort((short) 1005).array())));
        }

        /** Sends something broken and expects: close frame with {@code code}, end of TCP, the room still works. */
        void assertClosedWith(int code, String what, RawAction action) throws IOException {
            try (ChatClient a = ChatClient.connect(server.port());
                 ChatClient b = ChatClient.connect(server.port());
                 RawClient raw = RawClient.upgraded(server.port())) {
                String nameA = a.awaitName();
                b.awaitName();
                raw.awaitName();
                action.run(raw);
                Frame close = raw.readUntilClose();
                assertThat(close.payload().length).as("close payload after %s: a 2-byte code at least", what)
                        .isGreaterThanOrEqualTo(2);
                int received = RawClient.closeCode(close);
                String reason = new String(close.payload(), 2, close.payload().length - 2, StandardCharsets.UTF_8);
                assertThat(received).as("close code after %s (the server closed with %d, reason \"%s\")", what,
                        received, reason).isEqualTo(code);
                assertThat(raw.serverClosesTcp()).as("the server ends TCP after failing the connection").isTrue();

                a.send("still here?");
                b.awaitMessage(nameA + ": still here?");
            }
        }
    }

    @FunctionalInterface
    interface RawAction {
        void run(RawClient raw) throws IOException;
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
