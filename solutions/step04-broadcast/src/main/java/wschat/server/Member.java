package wschat.server;

/**
 * A client in the chat room: the name the room gave it and the outbox its messages go to. The room
 * may rename it ({@code /nick}, a challenge of this step); only the room does, and it keeps names
 * unique.
 */
public final class Member {

    private final Outbox outbox;
    private volatile String name;

    /**
     * @param name   e.g. {@code guest-1}
     * @param outbox where frames for this client are queued
     */
    public Member(String name, Outbox outbox) {
        this.name = name;
        this.outbox = outbox;
    }

    public String name() {
        return name;
    }

    public Outbox outbox() {
        return outbox;
    }

    /** For the room only: the room checks that the new name is valid and free. */
    void rename(String newName) {
        this.name = newName;
    }

    @Override
    public String toString() {
        return "Member[" + name + "]";
    }
}
