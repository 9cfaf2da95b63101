package wschat.frame;
// BEGIN exercises 1, 2

import java.nio.ByteBuffer;
// END exercises 1, 2

/**
 * Writes frames, the mirror of {@link FrameDecoder}: the same §5.2 diagram, field by field.
 *
 * <pre>
 *  +-+-+-+-+-------+-+-------------+-------------------------------+
 *  |F|R|R|R| opcode|M| Payload len |    Extended payload length    |
 *  |I|S|S|S|  (4)  |A|     (7)     |             (16/64)           |
 *  |N|V|V|V|       |S|             |   (if payload len==126/127)   |
 *  | |1|2|3|       |K|             |                               |
 *  +-+-+-+-+-------+-+-------------+ - - - - - - - - - - - - - - - +
 *  |     Extended payload length continued, if payload len == 127  |
 *  + - - - - - - - - - - - - - - - +-------------------------------+
 *  |                               |Masking-key, if MASK set to 1  |
 *  +-------------------------------+-------------------------------+
 *  | Masking-key (continued)       |          Payload Data         |
 *  +-------------------------------- - - - - - - - - - - - - - - - +
 * </pre>
 *
 * <p>A server's frames are never masked ({@link #encode}); a client's always are
 * ({@link #encodeMasked}), §5.1.
 */
public final class FrameEncoder {

    private FrameEncoder() {
    }

    /** The bytes of a server's frame: no mask, the payload length in its shortest form. */
    public static byte[] encode(Frame frame) {
        // BEGIN exercise 1
        return write(frame, null);
        // INSTEAD
        // // TODO exercise 1
        // throw new UnsupportedOperationException("TODO step 03, exercise 1: write FrameEncoder.encode - byte 0 (FIN,"
        //         + " RSV, opcode), byte 1 (no MASK, 7-bit length or 126/127), the 16/64-bit length big-endian, the"
        //         + " payload; reject a control frame over 125 bytes or without FIN (IllegalArgumentException)."
        //         + " Read step03-frame-encode/README.md, \"Exercise 1\". Stuck? step03-frame-encode/HINTS.md");
        // END exercise 1
    }

    /** The bytes of a client's frame: MASK set, the key, and the payload XORed with it (§5.3). */
    public static byte[] encodeMasked(Frame frame, byte[] maskingKey) {
        // BEGIN exercise 2
        if (maskingKey == null || maskingKey.length != 4) {
            throw new IllegalArgumentException("a masking key is 4 bytes (RFC 6455 §5.2)");
        }
        return write(frame, maskingKey);
        // INSTEAD
        // // TODO exercise 2
        // throw new UnsupportedOperationException("TODO step 03, exercise 2: write FrameEncoder.encodeMasked - as"
        //         + " encode, with the MASK bit, the 4-byte key after the length, and a masked copy of the payload"
        //         + " (step 02's Masking); refuse a null key or one not 4 bytes long (IllegalArgumentException)."
        //         + " Read step03-frame-encode/README.md, \"Exercise 2\". Stuck? step03-frame-encode/HINTS.md");
        // END exercise 2
    }
    // BEGIN exercises 1, 2

    /** Both forms, field by field: {@code maskingKey} is null for a server's frame. */
    private static byte[] write(Frame frame, byte[] maskingKey) {
        byte[] payload = frame.payload();
        int length = payload.length;

        // §5.5: "All control frames MUST have a payload length of 125 bytes or less and MUST NOT be fragmented."
        if (frame.opcode().isControl() && length > FrameDecoder.MAX_CONTROL_PAYLOAD_LENGTH) {
            throw new IllegalArgumentException("control frame " + frame.opcode() + " with " + length
                    + " bytes: at most 125 (RFC 6455 §5.5)");
        }
        if (frame.opcode().isControl() && !frame.fin()) {
            throw new IllegalArgumentException("control frame " + frame.opcode() + " without FIN (RFC 6455 §5.5)");
        }

        // "The minimal number of bytes MUST be used to encode the length" (§5.2).
        int extendedLengthBytes = length <= 125 ? 0 : length <= 0xFFFF ? 2 : 8;
        int maskingKeyBytes = maskingKey == null ? 0 : 4;
        // A ByteBuffer writes multi-byte numbers big-endian, which is network byte order.
        ByteBuffer out = ByteBuffer.allocate(2 + extendedLengthBytes + maskingKeyBytes + length);

        // Byte 0: FIN, RSV1-3, opcode.
        int b0 = (frame.fin() ? 0x80 : 0)  // 1000_0000
                | (frame.rsv1() ? 0x40 : 0) // 0100_0000
                | (frame.rsv2() ? 0x20 : 0) // 0010_0000
                | (frame.rsv3() ? 0x10 : 0) // 0001_0000
                | frame.opcode().code();    // 0000_xxxx
        out.put((byte) b0);

        // Byte 1: MASK and the 7-bit length, then the extended length if any.
        int maskBit = maskingKey == null ? 0 : 0x80; // 1000_0000
        if (length <= 125) {
            out.put((byte) (maskBit | length));
        } else if (length <= 0xFFFF) {
            out.put((byte) (maskBit | 126));
            out.putShort((short) length); // the cast keeps the low 16 bits: 65535 goes out as ff ff
        } else {
            out.put((byte) (maskBit | 127));
            out.putLong(length); // an int is never negative here, so the top bit stays 0
        }

        // The masking key and the payload, masked with a copy so the caller's frame is untouched.
        if (maskingKey != null) {
            out.put(maskingKey);
            out.put(Masking.apply(payload.clone(), maskingKey));
        } else {
            out.put(payload);
        }
        return out.array();
    }
    // END exercises 1, 2
}
