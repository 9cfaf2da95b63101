package wschat.web;

import java.net.URI;
import java.security.SecureRandom;
import java.util.LinkedHashSet;
import java.util.Set;
import wschat.frame.FrameEncoder;
import wschat.frame.Frames;
import wschat.server.Member;
import wschat.server.Outbox;
import wschat.server.Room;

/**
 * One chat room on several chat servers: each server's members are here, and every event of the room
 * (a message, a join, a leave) goes to this server's members at once and, through a {@link RedisBridge},
 * to the members of every other server that shares the same Redis channel.
 *
 * <pre>
 *   server a7k2: guest-1@a7k2 sends "hi"
 *     SharedRoom.broadcast ──► a7k2's members, now:           "guest-1@a7k2: hi"
 *                         └──► RedisBridge.publish ──► PUBLISH wschat:room "a7k2 guest-1@a7k2: hi"
 *   Redis ──► every subscribed server
 *     server q3xz: RedisBridge.received ──► SharedRoom.deliver ──► q3xz's members
 *     server a7k2: its own event: skipped, its members had it already
 * </pre>
 *
 * <p>Names are unique across servers without asking anyone: each server has an id of its own, random
 * unless given, and a member's name carries it ({@code guest-3@a7k2}). The room is
 * {@code ChatRoom}'s twin (step 04, exercise 1) with two more methods for the bridge: {@link #deliver}
 * for another server's event, and {@link #lost} / {@link #back} when Redis goes away and comes back.
 * The Redis part, the lesson of step 05's "Going further", is {@link RedisBridge}.
 */
public final class SharedRoom implements Room, AutoCloseable {

    /** The channel of the one room every server shares. */
    public static final String DEFAULT_CHANNEL = "wschat:room";
    /** The start of the notice each member gets when Redis is away: the room is this server's only. */
    public static final String LOST = "* the shared room is unreachable";
    /** The start of the notice each member gets once Redis is back. */
    public static final String BACK = "* the shared room is back";

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String ID_LETTERS = "abcdefghijklmnopqrstuvwxyz0123456789";

    private final String serverId;
    private final RedisBridge bridge;
    private final Set<Member> members = new LinkedHashSet<>();
    private int guestNumbers;
    /** While Redis is away: the notice a member who joins gets after its name. */
    private String lostNotice;

    private SharedRoom(URI redis, String channel, String serverId) {
        this.serverId = serverId;
        this.bridge = new RedisBridge(redis, channel, serverId, this);
    }

    /**
     * A room shared through the Redis at {@code redis} (e.g. {@code redis://localhost:6379}), on
     * {@code channel}, for the server {@code serverId}. It works at once, even when Redis does not
     * answer yet: its members then chat among themselves, and are told so.
     */
    public static SharedRoom connect(URI redis, String channel, String serverId) {
        SharedRoom room = new SharedRoom(redis, channel, serverId);
        room.bridge.start();
        return room;
    }

    /** Four random letters and digits: 1.7 million ids, so two servers of a classroom never share one. */
    public static String newServerId() {
        StringBuilder id = new StringBuilder();
        for (int i = 0; i < 4; i++) {
            id.append(ID_LETTERS.charAt(RANDOM.nextInt(ID_LETTERS.length())));
        }
        return id.toString();
    }

    /** The id in this server's member names. */
    public String serverId() {
        return serverId;
    }

    @Override
    public synchronized Member join(Outbox outbox) {
        Member member = new Member("guest-" + ++guestNumbers + "@" + serverId, outbox);
        outbox.send(encodeText("* you are " + member.name()));
        if (lostNotice != null) {
            outbox.send(encodeText(lostNotice));
        }
        event("* " + member.name() + " joined");
        members.add(member);
        return member;
    }

    @Override
    public synchronized void leave(Member member) {
        if (members.remove(member)) {
            event("* " + member.name() + " left");
        }
    }

    @Override
    public synchronized void broadcast(Member from, String text) {
        event(from.name() + ": " + text);
    }

    @Override
    public synchronized int size() {
        return members.size();
    }

    @Override
    public synchronized void closeAll(int code, String reason) {
        for (Member member : members) {
            member.outbox().close(code, reason);
        }
    }

    /** An event of this server: to its members now, and queued for the other servers (never waits for Redis). */
    private void event(String text) {
        sendToAll(encodeText(text));
        bridge.publish(text);
    }

    /** An event that happened on another server (the bridge calls it): to this server's members. */
    synchronized void deliver(String text) {
        sendToAll(encodeText(text));
    }

    /** Redis went away: this server's members, and those who join until it is back, are told why. */
    synchronized void lost(String reason) {
        lostNotice = LOST + " (" + reason + "): only the members of this server hear you";
        sendToAll(encodeText(lostNotice));
    }

    /** Redis is back, and the bridge subscribed again: the room is shared again. */
    synchronized void back() {
        lostNotice = null;
        sendToAll(encodeText(BACK + ": the members of every server hear you again"));
    }

    /** While Redis is away (or the bridge failed): the notice the members got; null while the room is shared. */
    synchronized String lostNotice() {
        return lostNotice;
    }

    /** Stops the bridge, once this server's members have left (their leave notices still go out). */
    @Override
    public void close() {
        bridge.close();
    }

    private void sendToAll(byte[] frameBytes) {
        for (Member member : members) {
            member.outbox().send(frameBytes);
        }
    }

    /** Encodes once: the same bytes go to every member. */
    private static byte[] encodeText(String text) {
        return FrameEncoder.encode(Frames.text(text));
    }
}
