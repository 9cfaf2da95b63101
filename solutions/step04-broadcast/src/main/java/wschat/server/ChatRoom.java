package wschat.server;

import java.util.LinkedHashSet;
import java.util.Set;
import wschat.frame.FrameEncoder;
import wschat.frame.Frames;

/**
 * Everyone connected to the chat. Each member gets a name ({@code guest-1}, {@code guest-2}, ...),
 * and every text message goes to every member, the sender included, as {@code name: text}.
 *
 * <p>Many connection threads call these methods at once. They take turns (each method is
 * {@code synchronized}), so every member sees the room's events in the same order, and a member
 * that has been told its name misses nothing sent after that. Holding the lock is cheap, because
 * sending never blocks: each member's {@link Outbox} has its own queue and writer thread.
 */
public final class ChatRoom {

    private final Set<Member> members = new LinkedHashSet<>();
    private int guestNumbers;

    /**
     * Names a new member, tells it its name ({@code * you are guest-N}), tells the others
     * ({@code * guest-N joined}), and adds it to the room.
     */
    public synchronized Member join(Outbox outbox) {
        Member member = new Member("guest-" + ++guestNumbers, outbox);
        // The newcomer's own first message, queued before it can receive anything else.
        outbox.send(encodeText("* you are " + member.name()));
        sendToAll(encodeText("* " + member.name() + " joined"));
        members.add(member);
        return member;
    }

    /** Removes a member and tells the others ({@code * guest-N left}); a second call does nothing. */
    public synchronized void leave(Member member) {
        if (members.remove(member)) {
            sendToAll(encodeText("* " + member.name() + " left"));
        }
    }

    /** Sends {@code name: text} to every member, the sender included. */
    public synchronized void broadcast(Member from, String text) {
        sendToAll(encodeText(from.name() + ": " + text));
    }

    /** How many members the room has. */
    public synchronized int size() {
        return members.size();
    }

    /** Closes every member's connection with the given code, e.g. 1001 when the server stops. */
    public synchronized void closeAll(int code, String reason) {
        for (Member member : members) {
            member.outbox().close(code, reason);
        }
    }

    /** Encodes once: the same bytes go to every member (a server's frames are unmasked, §5.1). */
    private static byte[] encodeText(String text) {
        return FrameEncoder.encode(Frames.text(text));
    }

    private void sendToAll(byte[] frameBytes) {
        for (Member member : members) {
            member.outbox().send(frameBytes);
        }
    }
}
