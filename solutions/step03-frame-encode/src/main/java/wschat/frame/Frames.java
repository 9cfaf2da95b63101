package wschat.frame;

// BEGIN exercise 4
import java.nio.ByteBuffer;
// END exercise 4
import java.nio.charset.StandardCharsets;

/** The frames a server sends, made from application data (RFC 6455 §5.5, §5.6). */
public final class Frames {

    /** A close frame's payload: a 2-byte code, then the reason; 125 bytes at most in all (§5.5). */
    public static final int MAX_CLOSE_REASON_BYTES = FrameDecoder.MAX_CONTROL_PAYLOAD_LENGTH - 2;

    private Frames() {
    }

    /** A final text frame; the payload is the text in UTF-8 (§5.6), so its length counts bytes, not chars. */
    public static Frame text(String text) {
        // BEGIN exercise 3
        return new Frame(Opcode.TEXT, text.getBytes(StandardCharsets.UTF_8));
        // INSTEAD
        // // TODO exercise 3
        // throw new UnsupportedOperationException("TODO step 03, exercise 3: write Frames.text - a final TEXT frame"
        //         + " whose payload is the text's UTF-8 bytes (RFC 6455 §5.6)."
        //         + " Read step03-frame-encode/README.md, \"Exercise 3\". Stuck? step03-frame-encode/HINTS.md");
        // END exercise 3
    }

    /** A final binary frame. */
    public static Frame binary(byte[] data) {
        return new Frame(Opcode.BINARY, data);
    }

    /** A ping, with at most 125 bytes of application data (§5.5.2). */
    public static Frame ping(byte[] data) {
        return new Frame(Opcode.PING, data);
    }

    /** A pong; in answer to a ping it carries the ping's data (§5.5.3). */
    public static Frame pong(byte[] data) {
        return new Frame(Opcode.PONG, data);
    }

    /**
     * A close frame (§5.5.1): the status code as a 2-byte unsigned integer in network byte order,
     * then the reason in UTF-8.
     *
     * @throws IllegalArgumentException when the code may not be sent (§7.4) or the reason takes
     *                                  more than 123 bytes
     */
    public static Frame close(int code, String reason) {
        // BEGIN exercise 4
        if (!CloseCode.isValidOnTheWire(code)) {
            throw new IllegalArgumentException("close code " + code + " may not be sent (RFC 6455 §7.4)");
        }
        byte[] reasonBytes = reason.getBytes(StandardCharsets.UTF_8);
        if (reasonBytes.length > MAX_CLOSE_REASON_BYTES) {
            throw new IllegalArgumentException("close reason of " + reasonBytes.length
                    + " bytes: at most " + MAX_CLOSE_REASON_BYTES + " (RFC 6455 §5.5)");
        }
        ByteBuffer payload = ByteBuffer.allocate(2 + reasonBytes.length); // big-endian: network byte order
        payload.putShort((short) code); // the cast keeps the low 16 bits, which hold every close code
        payload.put(reasonBytes);
        return new Frame(Opcode.CLOSE, payload.array());
        // INSTEAD
        // // TODO exercise 4
        // throw new UnsupportedOperationException("TODO step 03, exercise 4: write Frames.close - a CLOSE frame whose"
        //         + " payload is the code in 2 bytes, big-endian, then the reason in UTF-8; reject a code that"
        //         + " CloseCode.isValidOnTheWire refuses and a reason over MAX_CLOSE_REASON_BYTES bytes."
        //         + " Read step03-frame-encode/README.md, \"Exercise 4\". Stuck? step03-frame-encode/HINTS.md");
        // END exercise 4
    }
}
