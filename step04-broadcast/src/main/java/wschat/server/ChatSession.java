package wschat.server;

import wschat.frame.Frame;
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
        // TODO exercise 3
        throw new UnsupportedOperationException("TODO step 04, exercise 3: write ChatSession.onFrame - PING: send a"
                + " PONG with the same data; PONG: ignore; CLOSE: reply with a close (same code) and return false;"
                + " data frames: the assembler, then broadcast text (binary: 1003). An empty close gets 1000 back"
                + " (1005 is never sent); a 1-byte close is 1002, a reason that is not UTF-8 1007."
                + " Read step04-broadcast/README.md, \"Exercise 3\". Stuck? step04-broadcast/HINTS.md");
    }
}
