package wschat.frame;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.opentest4j.AssertionFailedError;
import wschat.course.RandomData;
import wschat.course.Thrown;

@DisplayName("Exercises 1 and 2 - FrameEncoder: the §5.2 diagram, written instead of read")
class FrameEncoderTest {

    /** Printed by the random-data tests' failures, so that a failure can be replayed with new Random(seed). */
    final long seed = RandomData.newSeed();
    final Random random = new Random(seed);

    @Nested
    @DisplayName("Exercise 1 - encode: a server's frames, unmasked, shortest length form (§5.2, §5.7)")
    class Encode {

        @Test
        @DisplayName("§5.7: a single-frame unmasked text message \"Hello\" is 81 05 48 65 6c 6c 6f")
        void hello() {
            assertBytes(FrameEncoder.encode(new Frame(Opcode.TEXT, utf8("Hello"))), "81 05 48 65 6c 6c 6f",
                    "encode(TEXT \"Hello\")", "byte 0 is FIN 0x80 | TEXT 0x1, byte 1 is MASK 0 | length 5 (a server"
                            + " never masks, §5.1), then the 5 payload bytes as they are (§5.2)");
        }

        @Test
        @DisplayName("§5.7: a fragmented text message: 01 03 48 65 6c (\"Hel\"), then 80 02 6c 6f (\"lo\")")
        void fragments() {
            assertBytes(FrameEncoder.encode(new Frame(false, Opcode.TEXT, utf8("Hel"))), "01 03 48 65 6c",
                    "encode(TEXT \"Hel\", FIN = 0)", "OR in 0x80 only when frame.fin() is true (§5.2)");
            assertBytes(FrameEncoder.encode(new Frame(true, Opcode.CONTINUATION, utf8("lo"))), "80 02 6c 6f",
                    "encode(CONTINUATION \"lo\", FIN = 1)", "FIN 0x80 | CONTINUATION 0x0: the opcode is"
                            + " frame.opcode().code() (§5.2)");
        }

        @Test
        @DisplayName("§5.2: RSV1-3 go out as the frame has them (0x40, 0x20, 0x10 in byte 0)")
        void reservedBits() {
            Frame rsv1 = new Frame(true, true, false, false, Opcode.TEXT, null, utf8("x"));
            Frame rsv23 = new Frame(true, false, true, true, Opcode.BINARY, null, new byte[0]);
            assertBytes(FrameEncoder.encode(rsv1), "c1 01 78", "encode(TEXT with RSV1) - byte 0 is 1100_0001",
                    "OR 0x40 into byte 0 when frame.rsv1() is true (§5.2)");
            assertBytes(FrameEncoder.encode(rsv23), "b2 00", "encode(BINARY with RSV2, RSV3) - byte 0 is 1011_0010",
                    "OR 0x20 into byte 0 when frame.rsv2() is true, 0x10 when frame.rsv3() is (§5.2)");
        }

        @Test
        @DisplayName("§5.7: an unmasked Ping with body \"Hello\" is 89 05 48 65 6c 6c 6f")
        void ping() {
            assertBytes(FrameEncoder.encode(Frames.ping(utf8("Hello"))), "89 05 48 65 6c 6c 6f",
                    "encode(PING \"Hello\")", "byte 0 is FIN 0x80 | PING 0x9 (§5.2, §5.5.2)");
        }

        @Test
        @DisplayName("§5.7: 256 bytes of binary data start 82 7e 01 00")
        void binary256() {
            byte[] payload = randomBytes(256);
            byte[] wire = FrameEncoder.encode(Frames.binary(payload));
            assertBytes(Arrays.copyOf(wire, 4), "82 7e 01 00", "header of a 256-byte binary frame", lengthRule(256));
            assertTotalLength(wire, 4, 256);
            assertBytes(Arrays.copyOfRange(wire, 4, wire.length), hex(payload), "the payload after the header",
                    "put the payload as it is, unmasked, right after the header");
        }

        @Test
        @DisplayName("§5.7: 64 KiB of binary data start 82 7f 00 00 00 00 00 01 00 00")
        void binary64k() {
            byte[] payload = randomBytes(65536);
            byte[] wire = FrameEncoder.encode(Frames.binary(payload));
            assertBytes(Arrays.copyOf(wire, 10), "82 7f 00 00 00 00 00 01 00 00", "header of a 65536-byte binary frame",
                    lengthRule(65536));
            assertTotalLength(wire, 10, 65536);
            assertBytes(Arrays.copyOfRange(wire, 10, wire.length), hex(payload), "the payload after the header",
                    "put the payload as it is, unmasked, right after the header");
        }

        @ParameterizedTest(name = "length {0} -> header {1}")
        @CsvSource({
            "0, 82 00",
            "125, 82 7d",
            "126, 82 7e 00 7e",
            "65535, 82 7e ff ff",
            "65536, 82 7f 00 00 00 00 00 01 00 00",
            "70000, 82 7f 00 00 00 00 00 01 11 70",
        })
        @DisplayName("each length boundary uses the shortest form (§5.2: 'the minimal number of bytes MUST be used')")
        void boundaries(int length, String header) {
            byte[] wire = FrameEncoder.encode(Frames.binary(randomBytes(length)));
            int headerLength = header.split(" ").length;
            assertBytes(Arrays.copyOf(wire, headerLength), header, "header of a " + length + "-byte binary frame",
                    lengthRule(length));
            assertTotalLength(wire, headerLength, length);
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"PING", "PONG", "CLOSE"})
        @DisplayName("§5.5: a control frame over 125 bytes or without FIN is refused (IllegalArgumentException)")
        void controlFrameRules(Opcode opcode) {
            Thrown.expect(IllegalArgumentException.class, "encode(" + opcode + " with 126 bytes)",
                    () -> FrameEncoder.encode(new Frame(opcode, new byte[126])),
                    "an IllegalArgumentException: a control frame carries at most 125 bytes, §5.5");
            Thrown.expect(IllegalArgumentException.class, "encode(" + opcode + " with FIN = 0)",
                    () -> FrameEncoder.encode(new Frame(false, opcode, new byte[1])),
                    "an IllegalArgumentException: control frames are never fragmented, §5.5");
            assertBytes(Arrays.copyOf(FrameEncoder.encode(new Frame(opcode, new byte[125])), 2),
                    String.format("%02x 7d", 0x80 | opcode.code()), "header of " + opcode + " with exactly 125 bytes",
                    "125 bytes is allowed: refuse only more than FrameDecoder.MAX_CONTROL_PAYLOAD_LENGTH (§5.5)");
        }

        @RepeatedTest(20)
        @Order(RandomData.LAST)
        @DisplayName("random frames round-trip through step 02's decoder (as a client reads them)")
        void roundTrip() {
            Frame frame = randomFrame();
            byte[] wire = FrameEncoder.encode(frame);
            Frame decoded = decode(FrameDecoder.forClient(1 << 20), wire, "encode(" + frame + ")");
            assertThat(new Frame(decoded.fin(), decoded.opcode(), new byte[0]))
                    .as("FIN and opcode of decode(encode(%s)) where encode gave %s (seed %d)", frame, shortHex(wire), seed)
                    .isEqualTo(new Frame(frame.fin(), frame.opcode(), new byte[0]));
            RandomData.assertSameBytes(decoded.payload(), frame.payload(), String.format("payload of decode(encode(%s)) "
                    + "where encode gave %s (seed %d)", frame, shortHex(wire), seed));
        }
    }

    @Nested
    @DisplayName("Exercise 2 - encodeMasked: a client's frames, MASK set, key, masked payload (§5.3, §5.7)")
    class EncodeMasked {

        @Test
        @DisplayName("§5.7: \"Hello\" masked with 37 fa 21 3d is 81 85 37 fa 21 3d 7f 9f 4d 51 58")
        void maskedHello() {
            assertBytes(FrameEncoder.encodeMasked(new Frame(Opcode.TEXT, utf8("Hello")), hex("37fa213d")),
                    "81 85 37 fa 21 3d 7f 9f 4d 51 58", "encodeMasked(TEXT \"Hello\", 37 fa 21 3d)",
                    "byte 1 is MASK 0x80 | length 5, then the 4-byte key, then the payload XORed with the key"
                            + " (§5.2, §5.3)");
        }

        @Test
        @DisplayName("§5.7: a masked Pong \"Hello\" is 8a 85 37 fa 21 3d 7f 9f 4d 51 58, and the frame is left unmasked")
        void maskedPong() {
            Frame pong = Frames.pong(utf8("Hello"));
            assertBytes(FrameEncoder.encodeMasked(pong, hex("37fa213d")), "8a 85 37 fa 21 3d 7f 9f 4d 51 58",
                    "encodeMasked(PONG \"Hello\", 37 fa 21 3d)", "byte 0 is FIN 0x80 | PONG 0xA, then as for a"
                            + " masked text frame (§5.2, §5.3)");
            assertBytes(pong.payload(), "48 65 6c 6c 6f", "the frame's own payload (\"Hello\") after encodeMasked",
                    "Masking.apply changes the array it is given: mask payload.clone(), not the frame's payload");
        }

        @Test
        @DisplayName("a masking key is exactly 4 bytes (§5.2): null or another length is refused (IllegalArgumentException)")
        void keyLength() {
            Thrown.expect(IllegalArgumentException.class, "encodeMasked(a frame, null)",
                    () -> FrameEncoder.encodeMasked(Frames.binary(new byte[1]), null),
                    "an IllegalArgumentException: a client's frame always has a 4-byte masking key, §5.2, §5.3");
            for (int length : new int[] {0, 3, 5}) {
                Thrown.expect(IllegalArgumentException.class, "encodeMasked(a frame, a " + length + "-byte key)",
                        () -> FrameEncoder.encodeMasked(Frames.binary(new byte[1]), new byte[length]),
                        "an IllegalArgumentException: a masking key is 4 bytes, §5.2");
            }
        }

        @ParameterizedTest(name = "length {0}")
        @ValueSource(ints = {0, 125, 126, 65535, 65536})
        @DisplayName("the MASK bit sits in byte 1 with every length form, the key right after the length")
        void lengthsWithMask(int length) {
            byte[] key = randomBytes(4);
            byte[] wire = FrameEncoder.encodeMasked(Frames.binary(randomBytes(length)), key);
            int headerLength = length <= 125 ? 2 : length <= 65535 ? 4 : 10;
            assertThat(wire[1] & 0x80).as("MASK bit (0x80) of byte 1 in %s: OR 0x80 into byte 1 in all three"
                    + " length forms (§5.2)", shortHex(wire)).isEqualTo(0x80);
            assertBytes(Arrays.copyOfRange(wire, headerLength, headerLength + 4), hex(key),
                    "masking key after the length of a " + length + "-byte frame",
                    "put the 4-byte key right after the " + (headerLength - 2) + " bytes of extended length (§5.2)");
            assertTotalLength(wire, headerLength + 4, length);
        }

        @RepeatedTest(20)
        @Order(RandomData.LAST)
        @DisplayName("random frames with random keys round-trip through step 02's decoder (as a server reads them)")
        void maskedRoundTrip() {
            Frame frame = randomFrame();
            byte[] key = randomBytes(4);
            byte[] wire = FrameEncoder.encodeMasked(frame, key);
            Frame decoded = decode(FrameDecoder.forServer(1 << 20), wire, "encodeMasked(" + frame + ", " + hex(key) + ")");
            assertThat(decoded.maskingKey()).as("masking key decoded from %s (seed %d)", shortHex(wire), seed).isEqualTo(key);
            assertThat(new Frame(decoded.fin(), decoded.opcode(), new byte[0]))
                    .as("FIN and opcode of decode(encodeMasked(%s)) where encodeMasked gave %s (seed %d)", frame,
                            shortHex(wire), seed)
                    .isEqualTo(new Frame(frame.fin(), frame.opcode(), new byte[0]));
            RandomData.assertSameBytes(decoded.payload(), frame.payload(), String.format("payload of decode(encodeMasked(%s)) "
                    + "where encodeMasked gave %s (seed %d)", frame, shortHex(wire), seed));
        }
    }

    Frame randomFrame() {
        Opcode opcode = Opcode.values()[random.nextInt(Opcode.values().length)];
        boolean fin = opcode.isControl() || random.nextBoolean();
        int length = opcode.isControl() ? random.nextInt(126)
                : switch (random.nextInt(3)) {
                    case 0 -> random.nextInt(126);
                    case 1 -> 126 + random.nextInt(65536 - 126);
                    default -> 65536 + random.nextInt(100_000);
                };
        return new Frame(fin, opcode, randomBytes(length));
    }

    byte[] randomBytes(int n) {
        byte[] bytes = new byte[n];
        random.nextBytes(bytes);
        return bytes;
    }

    /** Compares bytes as hex, says where the first difference is, and what to change ({@code fix}). */
    static void assertBytes(byte[] actual, String expectedHex, String what, String fix) {
        byte[] expected = hex(expectedHex);
        int at = Arrays.mismatch(actual, expected);
        if (at >= 0) { // both shown from a few bytes before the first difference, so the two texts always differ
            assertThat(around(actual, at)).as("%s, first difference at byte %d: %s", what, at, fix)
                    .isEqualTo(around(expected, at));
        }
    }

    /** Up to 24 bytes in hex from 8 before {@code at}, with "..." where bytes are left out. */
    static String around(byte[] bytes, int at) {
        int from = Math.max(0, Math.min(at, bytes.length) - 8);
        int to = Math.min(bytes.length, from + 24);
        return (from > 0 ? "... " : "") + HexFormat.ofDelimiter(" ").formatHex(bytes, from, to)
                + (to < bytes.length || from > 0 ? " ... (" + bytes.length + " bytes)" : "");
    }

    /** The header and the payload, nothing more: a longer array ends in zeros a client reads as another frame. */
    static void assertTotalLength(byte[] wire, int headerLength, int payloadLength) {
        assertThat(wire.length).as("total length: header (%d bytes) + payload (%d bytes); allocate exactly the"
                + " frame's size (README, Pitfalls, \"Sizing the result\")", headerLength, payloadLength)
                .isEqualTo(headerLength + payloadLength);
    }

    /** What §5.2 says about the length of a payload of {@code length} bytes. */
    static String lengthRule(int length) {
        return length <= 125 ? "0 to 125 bytes: byte 1 is the length itself (§5.2)"
                : length <= 0xFFFF ? "126 to 65535 bytes: byte 1 is 126 (7e), then the length in 2 bytes, big-endian"
                        + " (§5.2: the minimal number of bytes MUST be used)"
                : "65536 bytes and more: byte 1 is 127 (7f), then the length in 8 bytes, big-endian (§5.2)";
    }

    /** Step 02's decoder reads {@code wire}; a frame it refuses fails with the bytes and the decoder's reason. */
    static Frame decode(FrameDecoder decoder, byte[] wire, String what) {
        try {
            return decoder.readFrame(new ByteArrayInputStream(wire));
        } catch (IOException e) {
            throw new AssertionFailedError("step 02's decoder refused " + what + " = " + shortHex(wire) + ": " + e
                    + "; compare the header with the README's table (§5.2)", e);
        }
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] hex(String hex) {
        return HexFormat.of().parseHex(hex.replace(" ", ""));
    }

    static String hex(byte[] bytes) {
        return HexFormat.ofDelimiter(" ").formatHex(bytes);
    }

    static String shortHex(byte[] bytes) {
        return bytes.length <= 24 ? hex(bytes)
                : HexFormat.ofDelimiter(" ").formatHex(bytes, 0, 24) + " ... (" + bytes.length + " bytes)";
    }
}
