package wschat.web;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One long-polling member's messages, numbered 1, 2, 3, ... in the order the room sent them, and
 * the wait at the heart of long polling: {@link #awaitAfter} holds a request until there is a message
 * its client has not seen yet, or the hold time is over.
 *
 * <pre>
 *   poll thread:  awaitAfter(2, 30 s) ── waits ──────────────┐ wakes up, returns [message 3]
 *   room thread:                          append(message 3) ──┘
 * </pre>
 *
 * <p>Two kinds of threads meet here: the room's (any member's connection thread, broadcasting) calls
 * {@link #append}; each held poll's connection thread waits in {@link #awaitAfter}; the server's
 * shutdown, or the poller's timeout, calls {@link #close}.
 */
public final class MessageLog {

    private final List<String> messages = new ArrayList<>();
    // TODO challenge longpoll: what else does a waiting poll need to know?

    /** Adds the next message, and wakes every poll that waits for it. */
    public synchronized void append(String message) {
        messages.add(message);
        // TODO challenge longpoll: wake the polls that wait in awaitAfter.
    }

    /** How many messages there are: the number of the last one, 0 for none. */
    public synchronized int size() {
        return messages.size();
    }

    /**
     * The messages after number {@code after}, at once if there are any; otherwise waits until one
     * is appended, the log is closed, or {@code hold} has passed, and then returns what there is:
     * an empty list when nothing came in time. Never more than {@code hold}, however often it wakes.
     *
     * @param after the number of the last message the client has, {@code 0 <= after <= size()}
     */
    public synchronized List<String> awaitAfter(int after, Duration hold) throws InterruptedException {
        // TODO challenge longpoll
        throw new UnsupportedOperationException("TODO step 05, challenge longpoll: write MessageLog.awaitAfter - return"
                + " the messages after number `after` at once if there are any; else wait (wait/notifyAll) until"
                + " append or close wakes you, or `hold` passes: then return an empty list. Read"
                + " step05-browser-chat/README.md, \"Going further\". Stuck? step05-browser-chat/HINTS.md");
    }

    /** Ends the log (the poller left, or the server stops): every waiting poll returns now. */
    public synchronized void close() {
        // TODO challenge longpoll: wake every waiting poll, and make later ones return at once.
    }
}
