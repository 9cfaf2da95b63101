package wschat.frame;

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
        // TODO exercises 2 to 5, in the order of the diagram above
        throw new UnsupportedOperationException("TODO step 02, exercises 2-5: write FrameDecoder.readFrame - read"
                + " byte 0 (FIN, RSV, opcode), byte 1 (MASK, length), the 16/64-bit length, the masking key and"
                + " the payload, exactly, with DataInputStream; throw WebSocketException with the close code for"
                + " each rule broken. Read step02-frame-decode/README.md, \"Exercise 2\"."
                + " Stuck? step02-frame-decode/HINTS.md");
    }
}
