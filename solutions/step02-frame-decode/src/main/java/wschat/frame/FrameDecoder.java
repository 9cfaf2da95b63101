package wschat.frame;

// BEGIN exercise 2
import java.io.DataInputStream;
// END exercise 2
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads one frame at a time from a stream, in the order of the RFC 6455 §5.2 diagram:
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
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
 *  :                     Payload Data continued ...                :
 *  + - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - +
 *  |                     Payload Data continued ...                |
 *  +---------------------------------------------------------------+
 * </pre>
 *
 * <p>Reads block until the bytes they need have arrived, however TCP splits them, and never read
 * past the frame, so the next frame stays in the stream.
 */
public final class FrameDecoder {

    /** The largest payload a server accepts unless told otherwise: 1 MiB. */
    public static final int DEFAULT_MAX_PAYLOAD_LENGTH = 1024 * 1024;

    /** Control frames carry at most 125 bytes, the most a 7-bit length field holds before 126 and 127 (§5.5). */
    public static final int MAX_CONTROL_PAYLOAD_LENGTH = 125;

    private final boolean framesAreMasked;
    private final int maxPayloadLength;

    /**
     * @param framesAreMasked  {@code true} on a server, which reads a client's frames: they must be
     *                         masked; {@code false} on a client, which reads a server's frames:
     *                         they must not be (§5.1)
     * @param maxPayloadLength the largest payload accepted; a longer one fails with 1009
     */
    public FrameDecoder(boolean framesAreMasked, int maxPayloadLength) {
        this.framesAreMasked = framesAreMasked;
        this.maxPayloadLength = maxPayloadLength;
    }

    /** A decoder for a server: reads masked client frames of up to {@code maxPayloadLength} bytes. */
    public static FrameDecoder forServer(int maxPayloadLength) {
        return new FrameDecoder(true, maxPayloadLength);
    }

    /** A decoder for a client: reads unmasked server frames of up to {@code maxPayloadLength} bytes. */
    public static FrameDecoder forClient(int maxPayloadLength) {
        return new FrameDecoder(false, maxPayloadLength);
    }

    /**
     * Reads exactly one frame.
     *
     * @throws WebSocketException when the frame breaks a rule of RFC 6455, with the close code it earns
     * @throws EOFException       when the stream ends before the frame does
     */
    public Frame readFrame(InputStream stream) throws IOException {
        // BEGIN exercise 2
        // DataInputStream's reads block until they have every byte they asked for, or throw EOFException.
        DataInputStream in = new DataInputStream(stream);

        // Byte 0: FIN, RSV1-3 and the opcode. Java bytes are signed; readUnsignedByte gives 0..255.
        int b0 = in.readUnsignedByte();
        boolean fin = (b0 & 0x80) != 0;  // 1000_0000
        boolean rsv1 = (b0 & 0x40) != 0; // 0100_0000
        boolean rsv2 = (b0 & 0x20) != 0; // 0010_0000
        boolean rsv3 = (b0 & 0x10) != 0; // 0001_0000
        int opcodeBits = b0 & 0x0F;      // 0000_1111

        Opcode opcode = Opcode.forCode(opcodeBits); // null for a reserved opcode
        // BEGIN exercise 4
        // §5.2: "RSV1, RSV2, RSV3 ... MUST be 0 unless an extension is negotiated". We negotiate none.
        if (rsv1 || rsv2 || rsv3) {
            throw new WebSocketException(CloseCode.PROTOCOL_ERROR, "reserved bits must be 0 (RFC 6455 §5.2)");
        }
        // §5.2: "If an unknown opcode is received, the receiving endpoint MUST _Fail the WebSocket Connection_."
        if (opcode == null) {
            throw new WebSocketException(CloseCode.PROTOCOL_ERROR,
                    "reserved opcode 0x" + Integer.toHexString(opcodeBits) + " (RFC 6455 §5.2)");
        }
        // §5.5: "All control frames ... MUST NOT be fragmented."
        if (opcode.isControl() && !fin) {
            throw new WebSocketException(CloseCode.PROTOCOL_ERROR,
                    "fragmented control frame " + opcode + " (RFC 6455 §5.5)");
        }
        // END exercise 4

        // Byte 1: MASK and the 7-bit payload length.
        int b1 = in.readUnsignedByte();
        boolean masked = (b1 & 0x80) != 0; // 1000_0000
        int length7 = b1 & 0x7F;           // 0111_1111

        // BEGIN exercise 4
        // §5.1: a server MUST close on an unmasked client frame; a client MUST close on a masked server frame.
        if (masked != framesAreMasked) {
            throw new WebSocketException(CloseCode.PROTOCOL_ERROR, framesAreMasked
                    ? "a client's frame must be masked (RFC 6455 §5.1)"
                    : "a server's frame must not be masked (RFC 6455 §5.1)");
        }
        // §5.5: "All control frames MUST have a payload length of 125 bytes or less."
        if (opcode.isControl() && length7 > MAX_CONTROL_PAYLOAD_LENGTH) {
            throw new WebSocketException(CloseCode.PROTOCOL_ERROR,
                    "control frame " + opcode + " longer than 125 bytes (RFC 6455 §5.5)");
        }
        // END exercise 4

        long length = readPayloadLength(in, length7);

        // BEGIN exercise 5
        // §10.4: an implementation-specific limit on frame size, answered with 1009 (§7.4.1),
        // checked before a single payload byte is read or allocated.
        if (length > maxPayloadLength) {
            throw new WebSocketException(CloseCode.MESSAGE_TOO_BIG,
                    "payload of " + length + " bytes is over the limit of " + maxPayloadLength + " bytes");
        }
        // END exercise 5

        byte[] maskingKey = null;
        if (masked) {
            maskingKey = new byte[4];
            in.readFully(maskingKey);
        }

        // readNBytes fills its buffer as bytes arrive, in chunks, so a length the peer declares but
        // never sends is not allocated up front; it returns fewer bytes only at the end of the stream.
        byte[] payload = in.readNBytes((int) length);
        if (payload.length < length) {
            throw new EOFException("the stream ended after " + payload.length + " of " + length + " payload bytes");
        }
        if (masked) {
            Masking.apply(payload, maskingKey);
        }
        return new Frame(fin, false, false, false, opcode, maskingKey, payload);
    }

    /**
     * The payload length, §5.2: 0-125 is the length itself; 126 means a 16-bit unsigned length
     * follows; 127 means a 64-bit length follows, whose most significant bit MUST be 0. Both are in
     * network byte order (big-endian), as DataInputStream reads them. "The minimal number of bytes
     * MUST be used to encode the length."
     */
    private static long readPayloadLength(DataInputStream in, int length7) throws IOException {
        if (length7 <= 125) {
            return length7;
        }
        // BEGIN exercise 3
        if (length7 == 126) {
            int length16 = in.readUnsignedShort(); // 0..65535, no sign to worry about
            // BEGIN exercise 4
            if (length16 <= 125) {
                throw new WebSocketException(CloseCode.PROTOCOL_ERROR,
                        "length " + length16 + " sent in 16 bits must use the 7-bit form (RFC 6455 §5.2)");
            }
            // END exercise 4
            return length16;
        }
        long length64 = in.readLong();
        // BEGIN exercise 4
        if (length64 < 0) { // the most significant bit is set: Java reads it as a negative long
            throw new WebSocketException(CloseCode.PROTOCOL_ERROR,
                    "the most significant bit of a 64-bit length must be 0 (RFC 6455 §5.2)");
        }
        if (length64 <= 0xFFFF) {
            throw new WebSocketException(CloseCode.PROTOCOL_ERROR,
                    "length " + length64 + " sent in 64 bits must use a shorter form (RFC 6455 §5.2)");
        }
        // END exercise 4
        return length64;
        // INSTEAD
        // throw new UnsupportedOperationException("TODO step 02, exercise 3: payload lengths 126 (16 bits) and"
        //         + " 127 (64 bits). Read step02-frame-decode/README.md, \"Exercise 3\"");
        // END exercise 3
        // INSTEAD
        // // TODO exercises 2 to 5, in the order of the diagram above
        // throw new UnsupportedOperationException("TODO step 02, exercises 2-5: write FrameDecoder.readFrame - read"
        //         + " byte 0 (FIN, RSV, opcode), byte 1 (MASK, length), the 16/64-bit length, the masking key and"
        //         + " the payload, exactly, with DataInputStream; throw WebSocketException with the close code for"
        //         + " each rule broken. Read step02-frame-decode/README.md, \"Exercise 2\"."
        //         + " Stuck? step02-frame-decode/HINTS.md");
        // END exercise 2
    }
}
