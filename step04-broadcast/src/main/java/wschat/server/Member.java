package wschat.server;

/**
 * A client in the chat room: the name the room gave it and the outbox its messages go to.
 *
 * @param name   e.g. {@code guest-1}
 * @param outbox where frames for this client are queued
 */
public record Member(String name, Outbox outbox) {
}
