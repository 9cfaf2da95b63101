package wschat.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import wschat.course.Thrown;
import wschat.frame.CloseCode;
import wschat.frame.Frame;
import wschat.frame.Opcode;
import wschat.frame.WebSocketException;

@DisplayName("Exercise 2 - MessageAssembler: fragments become messages (RFC 6455 §5.4, §8.1)")
class MessageAssemblerTest {

    final MessageAssembler assembler = new MessageAssembler(1000);

    @Test
    @DisplayName("an unfragmented text frame (FIN = 1) is a whole message at once")
    void singleFrame() throws WebSocketException {
        Message message = assembler.accept(new Frame(Opcode.TEXT, utf8("Hello")));
        assertThat(message).as("accept(TEXT \"Hello\", FIN = 1)").isNotNull();
        assertThat(message.type()).isEqualTo(Opcode.TEXT);
        assertThat(message.text()).isEqualTo("Hello");
    }

    @Test
    @DisplayName("§5.4: TEXT FIN=0 \"Hel\", CONTINUATION FIN=0 \"l\", CONTINUATION FIN=1 \"o\" is \"Hello\"")
    void fragments() throws WebSocketException {
        assertThat(assembler.accept(new Frame(false, Opcode.TEXT, utf8("Hel"))))
                .as("after the first fragment: no message yet").isNull();
        assertThat(assembler.accept(new Frame(false, Opcode.CONTINUATION, utf8("l"))))
                .as("after a middle fragment: no message yet").isNull();
        Message message = assembler.accept(new Frame(true, Opcode.CONTINUATION, utf8("o")));
        assertThat(message).as("after the final fragment (FIN = 1)").isNotNull();
        assertThat(message.type()).as("a message's type is its first frame's opcode").isEqualTo(Opcode.TEXT);
        assertThat(message.text()).isEqualTo("Hello");

        Message next = assembler.accept(new Frame(Opcode.TEXT, utf8("next")));
        assertThat(next.text()).as("the next message starts from nothing").isEqualTo("next");
    }

    @RepeatedTest(5)
    @DisplayName("random text cut into random fragments, even inside a multi-byte character, comes back whole")
    void randomFragments() throws WebSocketException {
        Random random = new Random();
        String text = "ü€😀 chat ".repeat(1 + random.nextInt(20));
        byte[] bytes = utf8(text);
        Message message = null;
        int start = 0;
        int fragments = 0;
        while (start < bytes.length) {
            int end = Math.min(bytes.length, start + 1 + random.nextInt(20));
            Opcode opcode = start == 0 ? Opcode.TEXT : Opcode.CONTINUATION;
            message = assembler.accept(new Frame(end == bytes.length, opcode, Arrays.copyOfRange(bytes, start, end)));
            start = end;
            fragments++;
        }
        assertThat(message).as("message after %d fragments", fragments).isNotNull();
        assertThat(message.text()).isEqualTo(text);
    }

    @Test
    @DisplayName("binary messages are assembled too, with type BINARY")
    void binary() throws WebSocketException {
        assembler.accept(new Frame(false, Opcode.BINARY, new byte[] {1, 2}));
        Message message = assembler.accept(new Frame(true, Opcode.CONTINUATION, new byte[] {(byte) 0xff}));
        assertThat(message.type()).isEqualTo(Opcode.BINARY);
        assertThat(HexFormat.of().formatHex(message.payload())).isEqualTo("0102ff");
    }

    @Test
    @DisplayName("§5.4: a CONTINUATION frame with no message to continue is 1002")
    void continuationFirst() {
        assertFails(() -> assembler.accept(new Frame(true, Opcode.CONTINUATION, utf8("lo"))),
                CloseCode.PROTOCOL_ERROR, "CONTINUATION before any TEXT or BINARY frame");
    }

    @Test
    @DisplayName("§5.4: a new TEXT frame while a fragmented message is still open is 1002")
    void interleavedMessages() throws WebSocketException {
        assembler.accept(new Frame(false, Opcode.TEXT, utf8("Hel")));
        assertFails(() -> assembler.accept(new Frame(true, Opcode.TEXT, utf8("other"))),
                CloseCode.PROTOCOL_ERROR, "TEXT while the message \"Hel...\" waits for its CONTINUATION");
    }

    @Test
    @DisplayName("§10.4: a message over the limit is 1009, even when every fragment is small")
    void tooBig() throws WebSocketException {
        assembler.accept(new Frame(false, Opcode.TEXT, utf8("a".repeat(600))));
        assertFails(() -> assembler.accept(new Frame(true, Opcode.CONTINUATION, utf8("a".repeat(401)))),
                CloseCode.MESSAGE_TOO_BIG, "600 + 401 bytes with a limit of 1000");
        MessageAssembler exact = new MessageAssembler(1000);
        exact.accept(new Frame(false, Opcode.TEXT, utf8("a".repeat(600))));
        assertThat(exact.accept(new Frame(true, Opcode.CONTINUATION, utf8("a".repeat(400)))).payload())
                .as("exactly the limit is fine").hasSize(1000);
    }

    @Test
    @DisplayName("§8.1: a text message that is not valid UTF-8 is 1007 (c3 28 is a broken 2-byte sequence)")
    void invalidUtf8() {
        assertFails(() -> assembler.accept(new Frame(Opcode.TEXT, HexFormat.of().parseHex("48c328"))),
                CloseCode.INVALID_FRAME_PAYLOAD_DATA, "text payload 48 c3 28");
        MessageAssembler other = new MessageAssembler(1000);
        assertFails(() -> other.accept(new Frame(Opcode.TEXT, HexFormat.of().parseHex("eda080"))),
                CloseCode.INVALID_FRAME_PAYLOAD_DATA, "text payload ed a0 80 (a UTF-16 surrogate, not allowed in UTF-8)");
    }

    /** {@code call} must throw a WebSocketException with {@code code}; when it returns, the failure says what. */
    static void assertFails(Thrown.Call call, int code, String what) {
        WebSocketException thrown = Thrown.expect(WebSocketException.class, "MessageAssembler.accept",
                () -> shown(call.call()), "a WebSocketException with close code " + code + " for " + what);
        assertThat(thrown.closeCode()).as("close code for %s", what).isEqualTo(code);
    }

    /** What accept returned, readable: null (more fragments to come) or the message. */
    static String shown(Object returned) {
        if (!(returned instanceof Message message)) {
            return returned == null ? "null (a message still to be continued)" : String.valueOf(returned);
        }
        String hex = HexFormat.of().formatHex(message.payload(), 0, Math.min(message.payload().length, 16))
                + (message.payload().length > 16 ? "..." : "");
        String text = message.type() == Opcode.TEXT ? "\"" + message.text() + "\"" : "";
        return "a " + message.type() + " message of " + message.payload().length + " bytes, "
                + (text.length() > 60 ? text.substring(0, 60) + "...\"" : text) + " (" + hex + ")";
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
