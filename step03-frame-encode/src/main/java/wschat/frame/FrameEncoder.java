package wschat.frame;

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
        // TODO exercise 1
        throw new UnsupportedOperationException("TODO step 03, exercise 1: write FrameEncoder.encode - byte 0 (FIN,"
                + " RSV, opcode), byte 1 (no MASK, 7-bit length or 126/127), the 16/64-bit length big-endian, the"
                + " payload; reject a control frame over 125 bytes or without FIN (IllegalArgumentException)."
                + " Read step03-frame-encode/README.md, \"Exercise 1\". Stuck? step03-frame-encode/HINTS.md");
    }

    /** The bytes of a client's frame: MASK set, the key, and the payload XORed with it (§5.3). */
    public static byte[] encodeMasked(Frame frame, byte[] maskingKey) {
        // TODO exercise 2
        throw new UnsupportedOperationException("TODO step 03, exercise 2: write FrameEncoder.encodeMasked - as"
                + " encode, with the MASK bit, the 4-byte key after the length, and a masked copy of the payload"
                + " (step 02's Masking); refuse a null key or one not 4 bytes long (IllegalArgumentException)."
                + " Read step03-frame-encode/README.md, \"Exercise 2\". Stuck? step03-frame-encode/HINTS.md");
    }
}
