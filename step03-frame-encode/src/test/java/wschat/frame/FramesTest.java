package wschat.frame;

import static org.assertj.core.api.Assertions.assertThat;
import static wschat.frame.FrameEncoderTest.assertBytes;
import static wschat.frame.FrameEncoderTest.hex;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import wschat.course.RandomData;
import wschat.course.Thrown;

@DisplayName("Exercises 3 and 4 - Frames: text and close frames from application data (§5.5.1, §5.6)")
class FramesTest {

    @Nested
    @DisplayName("Exercise 3 - text (§5.6): the payload is UTF-8, its length counts bytes")
    class Text {

        @Test
        @DisplayName("\"ü€😀\" is 3 characters, 4 Java chars and 9 bytes: 81 09 c3 bc e2 82 ac f0 9f 98 80")
        void multiByteCharacters() {
            Frame frame = Frames.text("ü€😀");
            assertThat(frame.opcode()).as("opcode of text(\"ü€😀\"): use Opcode.TEXT (§5.6)").isEqualTo(Opcode.TEXT);
            assertThat(frame.fin()).as("FIN of text(\"ü€😀\"): a whole message in one frame, new Frame(opcode,"
                    + " payload) sets it").isTrue();
            assertBytes(frame.payload(), "c3 bc e2 82 ac f0 9f 98 80", "UTF-8 payload of \"ü€😀\" (2 + 3 + 4 bytes)",
                    "the payload is text.getBytes(StandardCharsets.UTF_8), never getBytes() without a charset (§5.6)");
            assertBytes(FrameEncoder.encode(frame), "81 09 c3 bc e2 82 ac f0 9f 98 80",
                    "encode(text(\"ü€😀\"))", "the length byte counts the payload's bytes (9), not the text's chars (4)");
        }

        @RepeatedTest(10)
        @Order(RandomData.LAST)
        @DisplayName("random text from all of Unicode: the payload is exactly its UTF-8 bytes")
        void randomText() {
            long seed = RandomData.newSeed();
            Random random = new Random(seed);
            StringBuilder text = new StringBuilder();
            int codePoints = random.nextInt(60);
            while (text.codePointCount(0, text.length()) < codePoints) {
                int cp = random.nextInt(Character.MAX_CODE_POINT + 1);
                if (Character.isDefined(cp) && Character.getType(cp) != Character.SURROGATE) {
                    text.appendCodePoint(cp);
                }
            }
            byte[] expected = text.toString().getBytes(StandardCharsets.UTF_8);
            Frame frame = Frames.text(text.toString());
            RandomData.assertSameBytes(frame.payload(), expected, String.format("payload of text(%d random code points): "
                    + "their UTF-8 bytes; the payload is text.getBytes(StandardCharsets.UTF_8), never getBytes() without "
                    + "a charset (§5.6; seed %d)", codePoints, seed));
        }
    }

    @Nested
    @DisplayName("Exercise 4 - close (§5.5.1): a 2-byte code, big-endian, then the reason in UTF-8")
    class Close {

        @Test
        @DisplayName("close(1000, \"bye\") carries 03 e8 62 79 65 and encodes as 88 05 03 e8 62 79 65")
        void normalClosure() {
            Frame frame = Frames.close(CloseCode.NORMAL_CLOSURE, "bye");
            assertThat(frame.opcode()).as("opcode of close(1000, \"bye\"): use Opcode.CLOSE (§5.5.1)")
                    .isEqualTo(Opcode.CLOSE);
            assertBytes(frame.payload(), "03 e8 62 79 65", "payload of close(1000, \"bye\"): 1000 = 0x03e8",
                    "the code in 2 bytes, big-endian (putShort on a ByteBuffer), then the reason in UTF-8 (§5.5.1)");
            assertBytes(FrameEncoder.encode(frame), "88 05 03 e8 62 79 65", "encode(close(1000, \"bye\"))",
                    "byte 0 is FIN 0x80 | CLOSE 0x8, byte 1 the payload's 5 bytes (§5.2, §5.5.1)");
        }

        @ParameterizedTest(name = "code {0}")
        @ValueSource(ints = {1001, 1002, 1007, 1009, 1011, 3000, 4999})
        @DisplayName("every code is written unsigned, big-endian, with an empty reason allowed")
        void codes(int code) {
            Frame frame = Frames.close(code, "");
            assertBytes(frame.payload(), hex(ByteBuffer.allocate(2).putShort((short) code).array()),
                    "payload of close(" + code + ", \"\")", "the code in 2 bytes, big-endian, high byte first, and"
                            + " nothing after it for an empty reason (§5.5.1)");
        }

        @Test
        @DisplayName("the reason may take 123 bytes, not 124: a control frame holds 125 (§5.5)")
        void reasonLimit() {
            assertThat(Frames.close(1000, "a".repeat(123)).payload().length)
                    .as("payload length of close(1000, 123 ASCII chars): 2 + 123 bytes, allowed (refuse only more than"
                            + " MAX_CLOSE_REASON_BYTES, §5.5)").isEqualTo(125);
            Thrown.expect(IllegalArgumentException.class, "Frames.close(1000, 124 ASCII chars)",
                    () -> Frames.close(1000, "a".repeat(124)), "an IllegalArgumentException: 2 + 124 bytes is over 125, §5.5");
            Thrown.expect(IllegalArgumentException.class, "Frames.close(1000, 42 x \"€\")",
                    () -> Frames.close(1000, "€".repeat(42)),
                    "an IllegalArgumentException: 42 x \"€\" is 42 chars but 2 + 126 bytes, over 125, §5.5");
        }

        @ParameterizedTest(name = "code {0}")
        @ValueSource(ints = {0, 999, 1004, 1005, 1006, 1015, 2000, 5000, 65535})
        @DisplayName("codes that must never be sent are refused: 1005, 1006, 1015 are for reports only (§7.4)")
        void invalidCodes(int code) {
            Thrown.expect(IllegalArgumentException.class, "Frames.close(" + code + ", \"\")", () -> Frames.close(code, ""),
                    "an IllegalArgumentException: " + code + " may not be sent, RFC 6455 §7.4.1 and §7.4.2");
        }
    }
}
