package wschat.server;

import wschat.frame.Frame;
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
    // TODO exercise 2: where the fragments collect, and the type of the message being assembled.

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
        // TODO exercise 2
        throw new UnsupportedOperationException("TODO step 04, exercise 2: write MessageAssembler.accept - collect"
                + " TEXT/BINARY + CONTINUATION payloads until FIN; 1002 for fragments out of order, 1009 over the"
                + " limit, 1007 for text that is not UTF-8 (Utf8.isValid). Read step04-broadcast/README.md,"
                + " \"Exercise 2\". Stuck? step04-broadcast/HINTS.md");
    }
}
