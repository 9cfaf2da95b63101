package wschat.server;

// BEGIN exercise 2
import java.io.ByteArrayOutputStream;
import wschat.frame.CloseCode;
// END exercise 2
import wschat.frame.Frame;
// BEGIN exercise 2
import wschat.frame.Opcode;
// END exercise 2
import wschat.frame.WebSocketException;

/**
 * Joins the fragments of a message, RFC 6455 §5.4:
 *
 * <pre>
 *   TEXT, FIN=0      "Hel"     a message starts
 *   (PING)                     control frames may come in between; they never reach this class
 *   CONTINUATION, FIN=0 "l"
 *   CONTINUATION, FIN=1 "o"    the message ends: "Hello"
 * </pre>
 *
 * One assembler per connection: fragments of different messages are never interleaved.
 */
public final class MessageAssembler {

    private final int maxMessageBytes;
    // BEGIN exercise 2
    private final ByteArrayOutputStream fragments = new ByteArrayOutputStream();
    /** The type of the message being assembled, or {@code null} between messages. */
    private Opcode messageType;
    // INSTEAD
    // // TODO exercise 2: where the fragments collect, and the type of the message being assembled.
    // END exercise 2

    public MessageAssembler(int maxMessageBytes) {
        this.maxMessageBytes = maxMessageBytes;
    }

    /**
     * Takes the next data frame (TEXT, BINARY or CONTINUATION) and returns the message it
     * completes, or {@code null} when more fragments are to come.
     *
     * @throws WebSocketException 1002 for fragments out of order, 1009 for a message over the
     *                            limit, 1007 for text that is not UTF-8
     */
    public Message accept(Frame frame) throws WebSocketException {
        // BEGIN exercise 2
        if (frame.opcode() == Opcode.CONTINUATION) {
            // §5.4: a continuation frame continues a message; there must be one to continue.
            if (messageType == null) {
                throw new WebSocketException(CloseCode.PROTOCOL_ERROR,
                        "continuation frame without a message to continue (RFC 6455 §5.4)");
            }
        } else {
            // §5.4: "fragments of one message MUST NOT be interleaved" with another message's.
            if (messageType != null) {
                throw new WebSocketException(CloseCode.PROTOCOL_ERROR,
                        "new " + frame.opcode() + " message before the last one ended (RFC 6455 §5.4)");
            }
            messageType = frame.opcode();
        }

        // §10.4: a limit on the whole message, not only on each frame.
        if ((long) fragments.size() + frame.payload().length > maxMessageBytes) {
            throw new WebSocketException(CloseCode.MESSAGE_TOO_BIG,
                    "message over the limit of " + maxMessageBytes + " bytes");
        }
        fragments.writeBytes(frame.payload());

        if (!frame.fin()) {
            return null;
        }
        Message message = new Message(messageType, fragments.toByteArray());
        fragments.reset();
        messageType = null;

        // §8.1: a text message that is not valid UTF-8 fails the connection with 1007.
        if (message.type() == Opcode.TEXT && !Utf8.isValid(message.payload())) {
            throw new WebSocketException(CloseCode.INVALID_FRAME_PAYLOAD_DATA,
                    "text message is not valid UTF-8 (RFC 6455 §8.1)");
        }
        return message;
        // INSTEAD
        // // TODO exercise 2
        // throw new UnsupportedOperationException("TODO step 04, exercise 2: write MessageAssembler.accept - collect"
        //         + " TEXT/BINARY + CONTINUATION payloads until FIN; 1002 for fragments out of order, 1009 over the"
        //         + " limit, 1007 for text that is not UTF-8 (Utf8.isValid). Read step04-broadcast/README.md,"
        //         + " \"Exercise 2\". Stuck? step04-broadcast/HINTS.md");
        // END exercise 2
    }
}
