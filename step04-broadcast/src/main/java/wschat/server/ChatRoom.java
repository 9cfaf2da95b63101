package wschat.server;

/**
 * Everyone connected to the chat. Each member gets a name ({@code guest-1}, {@code guest-2}, ...),
 * and every text message goes to every member, the sender included, as {@code name: text}.
 *
 * <p>Many connection threads call these methods at once. They take turns (each method is
 * {@code synchronized}), so every member sees the room's events in the same order, and a member
 * that has been told its name misses nothing sent after that. Holding the lock is cheap, because
 * sending never blocks: each member's {@link Outbox} has its own queue and writer thread.
 */
public final class ChatRoom implements Room {

    // TODO exercise 1: the members (a Set) and a counter for guest numbers.

    /**
     * Names a new member, tells it its name ({@code * you are guest-N}), tells the others
     * ({@code * guest-N joined}), and adds it to the room.
     */
    public synchronized Member join(Outbox outbox) {
        // TODO exercise 1
        throw new UnsupportedOperationException("TODO step 04, exercise 1: write ChatRoom.join - name the member"
                + " guest-N, send it \"* you are guest-N\", send the others \"* guest-N joined\", add it."
                + " Read step04-broadcast/README.md, \"Exercise 1\". Stuck? step04-broadcast/HINTS.md");
    }

    /** Removes a member and tells the others ({@code * guest-N left}); a second call does nothing. */
    public synchronized void leave(Member member) {
        // TODO exercise 1
        throw new UnsupportedOperationException("TODO step 04, exercise 1: write ChatRoom.leave - remove the member;"
                + " if it was there, send the others \"* guest-N left\"."
                + " Read step04-broadcast/README.md, \"Exercise 1\". Stuck? step04-broadcast/HINTS.md");
    }

    /** Sends {@code name: text} to every member, the sender included. */
    public synchronized void broadcast(Member from, String text) {
        // TODO exercise 1
        throw new UnsupportedOperationException("TODO step 04, exercise 1: write ChatRoom.broadcast - encode"
                + " \"name: text\" once, send the bytes to every member's outbox."
                + " Read step04-broadcast/README.md, \"Exercise 1\". Stuck? step04-broadcast/HINTS.md");
    }

    /** How many members the room has. */
    public synchronized int size() {
        // TODO exercise 1
        throw new UnsupportedOperationException("TODO step 04, exercise 1: write ChatRoom.size - how many members."
                + " Read step04-broadcast/README.md, \"Exercise 1\". Stuck? step04-broadcast/HINTS.md");
    }

    /** Closes every member's connection with the given code, e.g. 1001 when the server stops. */
    public synchronized void closeAll(int code, String reason) {
        // TODO exercise 1
        throw new UnsupportedOperationException("TODO step 04, exercise 1: write ChatRoom.closeAll - close every"
                + " member's outbox with the code. Read step04-broadcast/README.md, \"Exercise 1\"."
                + " Stuck? step04-broadcast/HINTS.md");
    }
}
