package wschat.frame;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Exercises 2 to 5 together: thousands of broken frames, made by mutating valid ones with a seeded random
 * generator. A decoder may only return a frame, throw {@link WebSocketException} with a close code,
 * or throw {@link EOFException}. Anything else, or memory allocated past the limit, is a bug; the
 * failure prints the seed and the case so that it can be replayed with {@code -Dfuzz.seed=...}.
 */
@DisplayName("Exercises 2-5 together - fuzzing the decoder: a frame, a close code, or EOF, and nothing else (RFC 6455 §5.2, §10.4)")
class DecoderFuzzTest {

    static final int CASES = 5000;
    static final int LIMIT = 64 * 1024;

    @Test
    @DisplayName("5,000 mutated frames (flipped bits, cut streams, wrong lengths, random opcodes)")
    void mutatedFrames() {
        long seed = Long.getLong("fuzz.seed", System.nanoTime());
        Random random = new Random(seed);
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        warmUp(random);
        int frames = 0;
        int closeCodes = 0;
        int eofs = 0;
        for (int i = 0; i < CASES; i++) {
            byte[] wire = mutate(valid(random), random);
            String replay = "case " + i + " of seed " + seed + " (replay with -Dfuzz.seed=" + seed + "): "
                    + HexFormat.ofDelimiter(" ").formatHex(wire, 0, Math.min(wire.length, 32))
                    + (wire.length > 32 ? " ... (" + wire.length + " bytes)" : "");
            // Only the decoder's own work is measured: the assertions come after.
            Object outcome;
            long allocatedBefore = threads.getCurrentThreadAllocatedBytes();
            try {
                outcome = FrameDecoder.forServer(LIMIT).readFrame(new ByteArrayInputStream(wire));
            } catch (Throwable e) {
                outcome = e;
            }
            long allocated = threads.getCurrentThreadAllocatedBytes() - allocatedBefore;

            if (outcome instanceof Frame frame) {
                assertThat(frame.payload().length).as("%s: payload within the limit", replay).isLessThanOrEqualTo(LIMIT);
                frames++;
            } else if (outcome instanceof WebSocketException e) {
                assertThat(e.closeCode()).as("%s: close code of %s", replay, e.getMessage())
                        .isIn(CloseCode.PROTOCOL_ERROR, CloseCode.MESSAGE_TOO_BIG);
                closeCodes++;
            } else if (outcome instanceof EOFException) {
                eofs++;
            } else {
                fail("%s: the decoder returned %s; only a Frame, a WebSocketException or an EOFException may come out",
                        replay, outcome);
            }
            assertThat(allocated).as("%s: bytes allocated while decoding (the limit is %d; a declared length "
                    + "must never be allocated ahead of the bytes arriving)", replay, LIMIT)
                    .isLessThan(4L * LIMIT + 256 * 1024);
        }
        System.out.printf("decoder fuzz, seed %d: %d frames, %d close codes, %d EOFs%n", seed, frames, closeCodes, eofs);
        assertThat(frames).as("some mutations stay valid frames (seed %d)", seed).isPositive();
        assertThat(closeCodes).as("some mutations break a rule (seed %d)", seed).isPositive();
        assertThat(eofs).as("some mutations cut the stream (seed %d)", seed).isPositive();
    }

    /** Loads and compiles the decoder's classes first, so that their one-time cost is not measured as allocation. */
    static void warmUp(Random random) {
        for (int i = 0; i < 200; i++) {
            try {
                FrameDecoder.forServer(LIMIT).readFrame(new ByteArrayInputStream(mutate(valid(random), random)));
            } catch (Exception expected) {
                // a close code or an end of stream: both are fine here
            }
        }
    }

    /** A valid masked client frame, built from the §5.2 diagram. */
    static byte[] valid(Random random) {
        int[] opcodes = {0x0, 0x1, 0x2, 0x8, 0x9, 0xA};
        int opcode = opcodes[random.nextInt(opcodes.length)];
        boolean control = opcode >= 0x8;
        boolean fin = control || random.nextBoolean();
        int length = control ? random.nextInt(126) : switch (random.nextInt(3)) {
            case 0 -> random.nextInt(126);
            case 1 -> 126 + random.nextInt(2000);
            default -> 65536 + random.nextInt(1000);
        };
        byte[] payload = new byte[length];
        random.nextBytes(payload);
        byte[] key = new byte[4];
        random.nextBytes(key);
        return WireBytes.clientFrame((fin ? 0x80 : 0) | opcode, key, payload);
    }

    /** One or two random defects. */
    static byte[] mutate(byte[] wire, Random random) {
        byte[] out = wire.clone();
        int defects = 1 + random.nextInt(2);
        for (int d = 0; d < defects; d++) {
            switch (random.nextInt(5)) {
                case 0 -> out[random.nextInt(out.length)] ^= (byte) (1 << random.nextInt(8)); // a flipped bit
                case 1 -> out[random.nextInt(Math.min(out.length, 14))] ^= (byte) (1 << random.nextInt(8)); // in the header
                case 2 -> out = Arrays.copyOf(out, random.nextInt(out.length + 1)); // a cut stream
                case 3 -> out[0] = (byte) ((out[0] & 0xF0) | random.nextInt(16)); // a random opcode
                default -> { // a wrong length: the 7-bit field, or any byte of the extended one
                    if (out.length > 1) {
                        out[1] = (byte) (0x80 | random.nextInt(128));
                    }
                    if (out.length > 9 && random.nextBoolean()) {
                        out[2 + random.nextInt(8)] = (byte) random.nextInt(256);
                    }
                }
            }
            if (out.length == 0) {
                break;
            }
        }
        return out;
    }
}
