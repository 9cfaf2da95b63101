package wschat.frame;

import static org.assertj.core.api.Assertions.assertThat;
import static wschat.frame.WireBytes.clientFrame;
import static wschat.frame.WireBytes.concat;
import static wschat.frame.WireBytes.hex;
import static wschat.frame.WireBytes.serverFrame;
import static wschat.frame.WireBytes.shortHex;
import static wschat.frame.WireBytes.stream;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import wschat.course.RandomData;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import wschat.course.Thrown;

@DisplayName("Exercises 2-5 - FrameDecoder: read one frame in the order of the §5.2 diagram")
class FrameDecoderTest {

    static final int LIMIT = FrameDecoder.DEFAULT_MAX_PAYLOAD_LENGTH;
    /** Printed by the random-data tests' failures, so that a failure can be replayed with new Random(seed). */
    final long seed = RandomData.newSeed();
    final Random random = new Random(seed);
    final FrameDecoder server = FrameDecoder.forServer(LIMIT);
    final FrameDecoder client = FrameDecoder.forClient(LIMIT);

    @Nested
    @DisplayName("Exercise 2 - the two header bytes, the masking key and the payload (§5.2, §5.3, §5.7)")
    class HeaderBytes {

        @Test
        @DisplayName("§5.7: 81 85 37 fa 21 3d 7f 9f 4d 51 58 is a masked, final text frame \"Hello\"")
        void maskedHello() throws IOException {
            Frame frame = decode(server, hex("818537fa213d7f9f4d5158"));
            assertThat(frame.fin()).as("FIN bit of 0x81 (1000_0001)").isTrue();
            assertThat(frame.opcode()).as("opcode of 0x81").isEqualTo(Opcode.TEXT);
            assertThat(frame.masked()).as("MASK bit of 0x85 (1000_0101)").isTrue();
            assertThat(hex(frame.maskingKey())).as("masking key").isEqualTo("37 fa 21 3d");
            assertThat(hex(frame.payload())).as("payload, unmasked (§5.3)").isEqualTo(hex("Hello".getBytes()));
        }

        @Test
        @DisplayName("§5.7: a masked Pong 8a 85 37 fa 21 3d 7f 9f 4d 51 58 carries \"Hello\"")
        void maskedPong() throws IOException {
            Frame frame = decode(server, hex("8a8537fa213d7f9f4d5158"));
            assertThat(frame.opcode()).as("opcode of 0x8a").isEqualTo(Opcode.PONG);
            assertThat(frame.text()).isEqualTo("Hello");
        }

        @Test
        @DisplayName("§5.7: a client reads the unmasked frames a server sends (Hello, fragments Hel + lo, Ping)")
        void unmaskedExamples() throws IOException {
            Frame hello = decode(client, hex("810548656c6c6f"));
            assertThat(hello.opcode()).isEqualTo(Opcode.TEXT);
            assertThat(hello.masked()).as("MASK bit of 0x05").isFalse();
            assertThat(hello.text()).isEqualTo("Hello");

            InputStream in = stream(hex("010348656c" + "80026c6f"));
            Frame first = client.readFrame(in);
            Frame last = client.readFrame(in);
            assertThat(first.fin()).as("FIN of 0x01: not the final fragment").isFalse();
            assertThat(first.opcode()).as("opcode of 0x01").isEqualTo(Opcode.TEXT);
            assertThat(first.text()).isEqualTo("Hel");
            assertThat(last.fin()).as("FIN of 0x80: the final fragment").isTrue();
            assertThat(last.opcode()).as("opcode of 0x80").isEqualTo(Opcode.CONTINUATION);
            assertThat(last.text()).isEqualTo("lo");

            Frame ping = decode(client, hex("890548656c6c6f"));
            assertThat(ping.opcode()).as("opcode of 0x89").isEqualTo(Opcode.PING);
            assertThat(ping.text()).isEqualTo("Hello");
        }

        @ParameterizedTest(name = "length {0}")
        @ValueSource(ints = {0, 1, 125})
        @DisplayName("7-bit lengths 0, 1 and 125: the length field is the length itself")
        void sevenBitLengths(int length) throws IOException {
            byte[] payload = randomBytes(length);
            byte[] wire = clientFrame(0x82, randomBytes(4), payload);

            Frame frame = decode(server, wire);

            assertThat(hex(frame.payload())).as("payload of %s", shortHex(wire)).isEqualTo(hex(payload));
        }

        @RepeatedTest(20)
        @Order(RandomData.LAST)
        @DisplayName("random short frames: every opcode, FIN on or off, random key and payload")
        void randomShortFrames() throws IOException {
            Opcode opcode = Opcode.values()[random.nextInt(Opcode.values().length)];
            boolean fin = opcode.isControl() || random.nextBoolean();
            byte[] payload = randomBytes(random.nextInt(126));
            byte[] key = randomBytes(4);
            int byte0 = (fin ? 0x80 : 0) | opcode.code();

            Frame frame = decode(server, clientFrame(byte0, key, payload));

            assertThat(frame.fin()).as("FIN of byte 0x%02x (seed %d)", byte0, seed).isEqualTo(fin);
            assertThat(frame.opcode()).as("opcode of byte 0x%02x (seed %d)", byte0, seed).isEqualTo(opcode);
            assertThat(hex(frame.maskingKey())).as("masking key (seed %d)", seed).isEqualTo(hex(key));
            RandomData.assertSameBytes(frame.payload(), payload, String.format("payload of %d random bytes, unmasked with "
                    + "key %s (§5.3; seed %d)", payload.length, hex(key), seed));
        }
    }

    @Nested
    @DisplayName("Exercise 3 - payload lengths: 7 bits, or 126 + 16 bits, or 127 + 64 bits (§5.2)")
    class Lengths {

        @ParameterizedTest(name = "length {0}")
        @ValueSource(ints = {126, 127, 65535, 65536, 70000})
        @DisplayName("masked binary frames at each boundary of the 16- and 64-bit forms decode to the same payload")
        void boundaries(int length) throws IOException {
            byte[] payload = randomBytes(length);
            byte[] key = randomBytes(4);
            byte[] wire = clientFrame(0x82, key, payload);

            Frame frame = decode(server, wire);

            assertThat(frame.payload().length).as("payload length of %s", shortHex(wire)).isEqualTo(length);
            assertThat(Arrays.equals(frame.payload(), payload))
                    .as("payload of %d bytes unmasked with key %s", length, hex(key)).isTrue();
        }

        @Test
        @DisplayName("§5.7: 256 bytes of binary data in one unmasked frame: 82 7e 01 00 + data")
        void rfc256() throws IOException {
            byte[] payload = randomBytes(256);
            Frame frame = decode(client, concat(hex("827e0100"), payload));
            assertThat(frame.payload().length).as("the 16-bit length 01 00 is 256").isEqualTo(256);
            assertThat(Arrays.equals(frame.payload(), payload)).as("payload").isTrue();
        }

        @Test
        @DisplayName("§5.7: 64 KiB of binary data in one unmasked frame: 82 7f 00 00 00 00 00 01 00 00 + data")
        void rfc64k() throws IOException {
            byte[] payload = randomBytes(65536);
            Frame frame = decode(client, concat(hex("827f0000000000010000"), payload));
            assertThat(frame.payload().length).as("the 64-bit length 00 00 00 00 00 01 00 00 is 65536")
                    .isEqualTo(65536);
            assertThat(Arrays.equals(frame.payload(), payload)).as("payload").isTrue();
        }

        @Test
        @DisplayName("lengths are unsigned: 16-bit ff ff is 65535, not -1 (Java bytes and shorts are signed)")
        void unsignedLengths() throws IOException {
            byte[] payload = randomBytes(65535);
            Frame frame = decode(client, concat(hex("827effff"), payload));
            assertThat(frame.payload().length).as("the 16-bit length ff ff").isEqualTo(65535);
            byte[] payload200 = randomBytes(200);
            Frame frame200 = decode(client, concat(hex("827e00c8"), payload200));
            assertThat(frame200.payload().length).as("the 16-bit length 00 c8 (0xc8 is -56 as a Java byte)")
                    .isEqualTo(200);
            byte[] payload98504 = randomBytes(98504);
            Frame frame98504 = decode(client, concat(hex("827f00000000000180c8"), payload98504));
            assertThat(frame98504.payload().length).as("the 64-bit length 00 00 00 00 00 01 80 c8 (0x80 is -128 "
                    + "and 0xc8 is -56 as Java bytes: assembled as signed bytes, the length comes out wrong)")
                    .isEqualTo(98504);
        }
    }

    @Nested
    @DisplayName("Exercise 4 - the rules: each broken MUST fails the connection with its close code (§5, §7.4.1)")
    class Rules {

        @Test
        @DisplayName("§5.1: a server fails an unmasked client frame with 1002")
        void unmaskedClientFrame() {
            assertFails(server, hex("810548656c6c6f"), CloseCode.PROTOCOL_ERROR, "unmasked frame from a client, §5.1");
        }

        @Test
        @DisplayName("§5.1: a client fails a masked server frame with 1002")
        void maskedServerFrame() {
            assertFails(client, hex("818537fa213d7f9f4d5158"), CloseCode.PROTOCOL_ERROR,
                    "masked frame from a server, §5.1");
        }

        @ParameterizedTest(name = "byte 0 = 0x{0}")
        @ValueSource(strings = {"c1", "a1", "91", "f1"})
        @DisplayName("§5.2: RSV1, RSV2 or RSV3 set without a negotiated extension is 1002")
        void reservedBits(String byte0) {
            byte[] wire = clientFrame(Integer.parseInt(byte0, 16), randomBytes(4), "Hello".getBytes());
            assertFails(server, wire, CloseCode.PROTOCOL_ERROR, "reserved bits set in 0x" + byte0 + ", §5.2");
        }

        @ParameterizedTest(name = "opcode 0x{0}")
        @ValueSource(ints = {3, 4, 5, 6, 7, 0xB, 0xC, 0xD, 0xE, 0xF})
        @DisplayName("§5.2: a reserved opcode is 1002")
        void reservedOpcodes(int opcode) {
            byte[] wire = clientFrame(0x80 | opcode, randomBytes(4), new byte[0]);
            assertFails(server, wire, CloseCode.PROTOCOL_ERROR, "reserved opcode 0x" + Integer.toHexString(opcode)
                    + ", §5.2");
        }

        @ParameterizedTest(name = "opcode 0x{0}")
        @ValueSource(ints = {0x8, 0x9, 0xA})
        @DisplayName("§5.5: a control frame with FIN = 0 (fragmented) is 1002")
        void fragmentedControlFrame(int opcode) {
            byte[] wire = clientFrame(opcode, randomBytes(4), new byte[0]);
            assertFails(server, wire, CloseCode.PROTOCOL_ERROR, "control frame without FIN, §5.5");
        }

        @ParameterizedTest(name = "opcode 0x{0}")
        @ValueSource(ints = {0x8, 0x9, 0xA})
        @DisplayName("§5.5: a control frame with a payload over 125 bytes is 1002")
        void longControlFrame(int opcode) throws IOException {
            Frame longest = decode(server, clientFrame(0x80 | opcode, randomBytes(4), randomBytes(125)));
            assertThat(longest.payload()).as("a control frame of exactly 125 bytes is allowed, §5.5").hasSize(125);
            byte[] wire = clientFrame(0x80 | opcode, randomBytes(4), randomBytes(126));
            assertFails(server, wire, CloseCode.PROTOCOL_ERROR, "control frame of 126 bytes, §5.5");
        }

        @Test
        @DisplayName("§5.2: a 64-bit length with its most significant bit set is 1002")
        void topBitOf64BitLength() {
            byte[] wire = hex("82ff" + "8000000000000005" + "01020304" + "0102030405");
            assertFails(server, wire, CloseCode.PROTOCOL_ERROR, "64-bit length with the top bit set, §5.2");
        }

        @Test
        @DisplayName("§5.2: a length not in its shortest form (5 sent as 126 + 00 05) is 1002")
        void nonMinimalLength() {
            assertFails(server, hex("82fe0005" + "01020304" + "0102030405"), CloseCode.PROTOCOL_ERROR,
                    "length 5 in the 16-bit form, §5.2 'the minimal number of bytes MUST be used'");
            assertFails(server, concat(hex("82fe007d" + "01020304"), randomBytes(125)), CloseCode.PROTOCOL_ERROR,
                    "length 125 in the 16-bit form: 125 still fits in 7 bits, §5.2");
            assertFails(server, hex("82ff0000000000000005" + "01020304" + "0102030405"), CloseCode.PROTOCOL_ERROR,
                    "length 5 in the 64-bit form, §5.2 'the minimal number of bytes MUST be used'");
            for (int length : new int[] {200, 65535}) {
                byte[] wire = concat(hex(String.format("82ff%016x", length) + "01020304"), randomBytes(length));
                assertFails(server, wire, CloseCode.PROTOCOL_ERROR, "length " + length
                        + " in the 64-bit form: it fits in 16 bits, §5.2 'the minimal number of bytes MUST be used'");
            }
        }
    }

    @Nested
    @DisplayName("Exercise 2 - exact reads: bytes that arrive late, in pieces, or never (§5.2)")
    class ExactReads {

        @Test
        @DisplayName("a frame that arrives one byte at a time decodes the same (TCP may split anywhere)")
        void oneByteAtATime() throws IOException {
            byte[] payload = randomBytes(125); // the 7-bit form: exact reads are exercise 2
            byte[] key = randomBytes(4);
            Frame frame = server.readFrame(WireBytes.trickle(clientFrame(0x82, key, payload)));
            assertThat(hex(frame.maskingKey())).as("masking key read through a stream that gives one byte per read: "
                    + "read it with readFully, a plain read(byte[]) may return after 1 byte").isEqualTo(hex(key));
            assertThat(hex(frame.payload())).as("payload read through a stream that gives one byte per read")
                    .isEqualTo(hex(payload));
        }

        @Test
        @DisplayName("two frames in one read: the first call returns the first frame and leaves the second")
        void twoFramesInOneRead() throws IOException {
            byte[] first = clientFrame(0x81, randomBytes(4), "first".getBytes());
            byte[] second = clientFrame(0x82, randomBytes(4), randomBytes(100));
            byte[] trailer = hex("deadbeef");
            InputStream in = stream(concat(first, second, trailer));

            assertThat(server.readFrame(in).text()).isEqualTo("first");
            assertThat(server.readFrame(in).payload()).hasSize(100);
            assertThat(hex(in.readAllBytes())).as("bytes left after two frames: none of them may be consumed")
                    .isEqualTo("de ad be ef");
        }

        @ParameterizedTest(name = "cut after {0} bytes")
        @ValueSource(ints = {0, 1, 2, 3, 5, 9, 10, 11, 50})
        @DisplayName("a stream that ends inside a frame is an EOFException, wherever it is cut")
        void endOfStream(int cut) {
            byte[] wire = clientFrame(0x82, randomBytes(4), randomBytes(100)); // 2 + 4 + 100 bytes
            byte[] cutWire = Arrays.copyOf(wire, cut);
            Thrown.expect(EOFException.class, "readFrame(" + shortHex(cutWire) + ")", () -> server.readFrame(stream(cutWire)),
                    "an EOFException after " + cut + " of " + wire.length + " bytes: the stream ends inside the frame");
        }
    }

    @Nested
    @DisplayName("Exercise 5 - the limit: too long is 1009, answered before the payload is read (§10.4)")
    class Limit {

        @Test
        @DisplayName("§10.4: a length over the limit is 1009; exactly the limit is accepted")
        void overTheLimit() throws IOException {
            FrameDecoder small = FrameDecoder.forServer(1000);
            byte[] payload = randomBytes(1000);
            Frame frame = small.readFrame(stream(clientFrame(0x82, randomBytes(4), payload)));
            assertThat(frame.payload()).as("a 1000-byte payload with a limit of 1000: exactly the limit is accepted")
                    .hasSize(1000);

            byte[] wire = clientFrame(0x82, randomBytes(4), randomBytes(1001));
            assertFails(small, wire, CloseCode.MESSAGE_TOO_BIG, "1001 bytes with a limit of 1000, §7.4.1");
        }

        @Test
        @DisplayName("§10.4: a declared length over the limit is 1009 before any payload is read or allocated")
        void checkedBeforeReading() {
            // Headers that declare too many bytes and send none: only a length check made before
            // reading the payload can answer them; reading first would end in EOFException instead.
            FrameDecoder small = FrameDecoder.forServer(1000);
            assertFails(small, hex("82fe03e9" + "01020304"), CloseCode.MESSAGE_TOO_BIG,
                    "a declared length of 1001 with a limit of 1000, and no payload sent");
            byte[] huge = hex("82ff0000010000000000" + "01020304");
            assertFails(small, huge, CloseCode.MESSAGE_TOO_BIG, "a declared length of 2^40 bytes");
            assertFails(server, huge, CloseCode.MESSAGE_TOO_BIG, "a declared length of 2^40 bytes, default limit");
        }
    }

    Frame decode(FrameDecoder decoder, byte[] wire) throws IOException {
        InputStream in = stream(wire);
        Frame frame = decoder.readFrame(in);
        assertThat(frame).as("readFrame(%s)", shortHex(wire)).isNotNull();
        assertThat(in.available()).as("bytes left unread after decoding %s: a frame must be read whole",
                shortHex(wire)).isZero();
        return frame;
    }

    static void assertFails(FrameDecoder decoder, byte[] wire, int closeCode, String rule) {
        WebSocketException thrown = Thrown.expect(WebSocketException.class, "readFrame(" + shortHex(wire) + ")",
                () -> decoder.readFrame(stream(wire)),
                "a WebSocketException with close code " + closeCode + " (" + rule + ")");
        assertThat(thrown.closeCode()).as("close code for %s", rule).isEqualTo(closeCode);
    }

    byte[] randomBytes(int n) {
        byte[] bytes = new byte[n];
        random.nextBytes(bytes);
        return bytes;
    }
}
