package wschat.server;

// BEGIN exercise 3
import java.nio.ByteBuffer;
import java.util.Arrays;
import wschat.frame.CloseCode;
// END exercise 3
import wschat.frame.Frame;
// BEGIN exercise 3
import wschat.frame.FrameEncoder;
import wschat.frame.Frames;
import wschat.frame.Opcode;
// END exercise 3
import wschat.frame.WebSocketException;

/**
 * What one member's frames mean, RFC 6455 §5.4-§5.6 and §7: data frames make messages for the
 * room, a ping gets a pong, a close gets a close.
 */
public final class ChatSession {

    private final Room room;
    private final Member member;
    private final MessageAssembler assembler;

    public ChatSession(Room room, Member member, MessageAssembler assembler) {
        this.room = room;
        this.member = member;
        this.assembler = assembler;
    }

    /**
     * Handles one frame from the member.
     *
     * @return {@code true} to go on reading, {@code false} once a close frame was answered
     * @throws WebSocketException when the frame breaks a rule; the connection closes with its code
     */
    public boolean onFrame(Frame frame) throws WebSocketException {
        // BEGIN exercise 3
        switch (frame.opcode()) {
            case PING -> {
                // §5.5.2: "Upon receipt of a Ping frame, an endpoint MUST send a Pong frame in response",
                // §5.5.3: with "identical Application data".
                member.outbox().send(FrameEncoder.encode(Frames.pong(frame.payload())));
                return true;
            }
            case PONG -> {
                // §5.5.3: an unsolicited pong is allowed, and needs no answer.
                return true;
            }
            case CLOSE -> {
                // §5.5.1: answer with a close frame, echoing the status code, then end the connection.
                int code = closeCodeOf(frame.payload());
                member.outbox().close(code == CloseCode.NO_STATUS_RECEIVED ? CloseCode.NORMAL_CLOSURE : code, "");
                return false;
            }
            default -> {
                Message message = assembler.accept(frame);
                if (message == null) {
                    return true; // more fragments to come
                }
                if (message.type() != Opcode.TEXT) {
                    // §7.4.1: 1003, "a type of data it cannot accept": this chat is text only.
                    throw new WebSocketException(CloseCode.UNSUPPORTED_DATA, "this chat accepts text messages only");
                }
                room.broadcast(member, message.text());
                return true;
            }
        }
    }

    /**
     * The status code of a close frame's payload, §5.5.1: empty means no code (1005, reported,
     * never sent); otherwise a 2-byte code that may be sent (§7.4), then a UTF-8 reason.
     */
    static int closeCodeOf(byte[] payload) throws WebSocketException {
        if (payload.length == 0) {
            return CloseCode.NO_STATUS_RECEIVED;
        }
        if (payload.length == 1) {
            throw new WebSocketException(CloseCode.PROTOCOL_ERROR, "a close payload of 1 byte has half a code (RFC 6455 §5.5.1)");
        }
        int code = Short.toUnsignedInt(ByteBuffer.wrap(payload).getShort()); // 2 bytes, big-endian, unsigned
        if (!CloseCode.isValidOnTheWire(code)) {
            throw new WebSocketException(CloseCode.PROTOCOL_ERROR, "close code " + code + " may not be sent (RFC 6455 §7.4)");
        }
        if (!Utf8.isValid(Arrays.copyOfRange(payload, 2, payload.length))) {
            throw new WebSocketException(CloseCode.INVALID_FRAME_PAYLOAD_DATA, "close reason is not UTF-8 (RFC 6455 §5.5.1)");
        }
        return code;
        // INSTEAD
        // // TODO exercise 3
        // throw new UnsupportedOperationException("TODO step 04, exercise 3: write ChatSession.onFrame - PING: send a"
        //         + " PONG with the same data; PONG: ignore; CLOSE: reply with a close (same code) and return false;"
        //         + " data frames: the assembler, then broadcast text (binary: 1003). An empty close gets 1000 back"
        //         + " (1005 is never sent); a 1-byte close is 1002, a reason that is not UTF-8 1007."
        //         + " Read step04-broadcast/README.md, \"Exercise 3\". Stuck? step04-broadcast/HINTS.md");
        // END exercise 3
    }
}
