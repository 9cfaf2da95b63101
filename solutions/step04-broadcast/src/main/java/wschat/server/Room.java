package wschat.server;

/**
 * The room as the server's connections use it: join, leave, broadcast. {@link ChatRoom}, exercise 1,
 * is the room of one server, and the only one this step needs.
 *
 * <p>Step 05's "Going further" puts another room behind the same methods: one shared by several chat
 * servers through Redis ({@code SharedRoom}), so that a member on one server chats with the members
 * of the others, while {@code ChatRoom} stays as it is.
 */
public interface Room {

    /** Names a new member, tells it its name and the others that it joined, and adds it. */
    Member join(Outbox outbox);

    /** Removes a member and tells the others; a second call does nothing. */
    void leave(Member member);

    /** Sends {@code name: text} to every member, the sender included. */
    void broadcast(Member from, String text);

    /** How many members the room has (on this server). */
    int size();

    /** Closes every member's connection with the given code, e.g. 1001 when the server stops. */
    void closeAll(int code, String reason);
}
