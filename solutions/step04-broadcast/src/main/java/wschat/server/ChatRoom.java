package wschat.server;
// BEGIN exercise 1

import java.util.LinkedHashSet;
import java.util.Set;
import wschat.frame.FrameEncoder;
import wschat.frame.Frames;
// END exercise 1
// BEGIN challenge nick
import java.util.regex.Pattern;
// END challenge nick

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

    // BEGIN exercise 1
    private final Set<Member> members = new LinkedHashSet<>();
    private int guestNumbers;
    // INSTEAD
    // // TODO exercise 1: the members (a Set) and a counter for guest numbers.
    // END exercise 1

    /**
     * Names a new member, tells it its name ({@code * you are guest-N}), tells the others
     * ({@code * guest-N joined}), and adds it to the room.
     */
    public synchronized Member join(Outbox outbox) {
        // BEGIN exercise 1
        Member member = new Member("guest-" + ++guestNumbers, outbox);
        // The newcomer's own first message, queued before it can receive anything else.
        outbox.send(encodeText("* you are " + member.name()));
        sendToAll(encodeText("* " + member.name() + " joined"));
        members.add(member);
        return member;
        // INSTEAD
        // // TODO exercise 1
        // throw new UnsupportedOperationException("TODO step 04, exercise 1: write ChatRoom.join - name the member"
        //         + " guest-N, send it \"* you are guest-N\", send the others \"* guest-N joined\", add it."
        //         + " Read step04-broadcast/README.md, \"Exercise 1\". Stuck? step04-broadcast/HINTS.md");
        // END exercise 1
    }

    /** Removes a member and tells the others ({@code * guest-N left}); a second call does nothing. */
    public synchronized void leave(Member member) {
        // BEGIN exercise 1
        if (members.remove(member)) {
            sendToAll(encodeText("* " + member.name() + " left"));
        }
        // INSTEAD
        // // TODO exercise 1
        // throw new UnsupportedOperationException("TODO step 04, exercise 1: write ChatRoom.leave - remove the member;"
        //         + " if it was there, send the others \"* guest-N left\"."
        //         + " Read step04-broadcast/README.md, \"Exercise 1\". Stuck? step04-broadcast/HINTS.md");
        // END exercise 1
    }

    /** Sends {@code name: text} to every member, the sender included. */
    public synchronized void broadcast(Member from, String text) {
        // BEGIN exercise 1
        // BEGIN challenge nick
        if (text.startsWith(NICK_COMMAND)) {
            rename(from, text.substring(NICK_COMMAND.length()));
            return;
        }
        // END challenge nick
        sendToAll(encodeText(from.name() + ": " + text));
        // INSTEAD
        // // TODO exercise 1
        // throw new UnsupportedOperationException("TODO step 04, exercise 1: write ChatRoom.broadcast - encode"
        //         + " \"name: text\" once, send the bytes to every member's outbox."
        //         + " Read step04-broadcast/README.md, \"Exercise 1\". Stuck? step04-broadcast/HINTS.md");
        // END exercise 1
    }

    /** How many members the room has. */
    public synchronized int size() {
        // BEGIN exercise 1
        return members.size();
        // INSTEAD
        // // TODO exercise 1
        // throw new UnsupportedOperationException("TODO step 04, exercise 1: write ChatRoom.size - how many members."
        //         + " Read step04-broadcast/README.md, \"Exercise 1\". Stuck? step04-broadcast/HINTS.md");
        // END exercise 1
    }

    /** Closes every member's connection with the given code, e.g. 1001 when the server stops. */
    public synchronized void closeAll(int code, String reason) {
        // BEGIN exercise 1
        for (Member member : members) {
            member.outbox().close(code, reason);
        }
    }

    /** Encodes once: the same bytes go to every member (a server's frames are unmasked, §5.1). */
    private static byte[] encodeText(String text) {
        return FrameEncoder.encode(Frames.text(text));
    }

    // BEGIN challenge nick
    /** A message that starts with this renames its sender: {@code /nick alice}. */
    static final String NICK_COMMAND = "/nick ";
    /** The longest name, in characters. */
    static final int MAX_NAME_LENGTH = 20;
    /** Letters, digits, '-' and '_': no spaces, no control characters, nothing that reads as a notice. */
    private static final Pattern VALID_NAME = Pattern.compile("[\\p{L}\\p{N}_-]{1," + MAX_NAME_LENGTH + "}");
    /** The room's own names: a member named guest-7 would clash with the seventh guest. */
    private static final Pattern GUEST_NAME = Pattern.compile("(?i)guest-\\d+");

    /** Renames {@code member} and tells everyone ({@code * guest-1 is now alice}), or tells it why not. */
    private void rename(Member member, String requested) {
        String name = requested.strip();
        String refusal = !VALID_NAME.matcher(name).matches()
                ? "a name is 1 to " + MAX_NAME_LENGTH + " letters, digits, - or _"
                : GUEST_NAME.matcher(name).matches() ? "guest-N names are the room's"
                : isTaken(name, member) ? name + " is taken" : null;
        if (refusal != null) {
            member.outbox().send(encodeText("* cannot rename you: " + refusal));
            return;
        }
        String old = member.name();
        member.rename(name);
        sendToAll(encodeText("* " + old + " is now " + name));
    }

    /** Names are unique ignoring case: "Alice" and "alice" would read as one person. */
    private boolean isTaken(String name, Member asking) {
        for (Member member : members) {
            if (member != asking && member.name().equalsIgnoreCase(name)) {
                return true;
            }
        }
        return false;
    }
    // END challenge nick

    private void sendToAll(byte[] frameBytes) {
        for (Member member : members) {
            member.outbox().send(frameBytes);
        }
        // INSTEAD
        // // TODO exercise 1
        // throw new UnsupportedOperationException("TODO step 04, exercise 1: write ChatRoom.closeAll - close every"
        //         + " member's outbox with the code. Read step04-broadcast/README.md, \"Exercise 1\"."
        //         + " Stuck? step04-broadcast/HINTS.md");
        // END exercise 1
    }
}
