package wschat.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Going further: {@code /nick NAME} in {@code ChatRoom.broadcast}. The room alone, with outboxes
 * whose bytes the test reads back, as in {@link ChatRoomTest}; step04-broadcast/README.md,
 * "Going further", says what to write.
 */
@Tag("challenge")
@DisplayName("Challenge nick - /nick NAME: a name of your own, unique, 1 to 20 letters, digits, - or _")
class NickChallengeTest {

    @Test
    @DisplayName("\"/nick alice\" renames: everyone sees \"* guest-1 is now alice\", then \"alice: hi\" and \"* alice left\"")
    void rename() throws IOException {
        try (RoomPeer a = RoomPeer.open(); RoomPeer b = RoomPeer.open()) {
            ChatRoom room = new ChatRoom();
            Member first = room.join(a.outbox);
            Member second = room.join(b.outbox);
            String guest = first.name();

            room.broadcast(first, "/nick alice");
            for (RoomPeer peer : new RoomPeer[] {a, b}) {
                peer.await("* " + guest + " is now alice");
            }
            assertThat(first.name()).as("the member's name after \"/nick alice\" (Member.rename)").isEqualTo("alice");

            room.broadcast(first, "hi");
            assertThat(b.next("\"alice: hi\"")).as("the message after the rename notice: the new name, and the "
                    + "command itself is never broadcast").isEqualTo("alice: hi");
            room.leave(first);
            assertThat(b.next("\"* alice left\"")).as("the leave notice names the member by its new name")
                    .isEqualTo("* alice left");
            assertThat(second.name()).as("the other member keeps its name").startsWith("guest-");
        }
    }

    @Test
    @DisplayName("a name that is taken, in any case, is refused to the sender alone; the others see nothing")
    void takenNames() throws IOException {
        try (RoomPeer a = RoomPeer.open(); RoomPeer b = RoomPeer.open()) {
            ChatRoom room = new ChatRoom();
            Member first = room.join(a.outbox);
            Member second = room.join(b.outbox);
            String guest = second.name();
            String firstGuest = first.name();
            room.broadcast(first, "/nick alice");
            a.await("* " + firstGuest + " is now alice");
            b.await("* " + firstGuest + " is now alice");

            room.broadcast(second, "/nick ALICE");
            assertThat(b.next("a refusal")).as("the answer to \"/nick ALICE\" while alice is in the room: only the "
                    + "sender is told, \"* cannot rename you: ...\"").startsWith("* cannot rename you: ");
            room.broadcast(second, "still me");
            assertThat(a.next("\"" + guest + ": still me\"")).as("what alice sees after the refused rename: nothing "
                    + "about it, and the sender's old name").isEqualTo(guest + ": still me");
            assertThat(second.name()).as("the name after a refused rename").isEqualTo(guest);
        }
    }

    @ParameterizedTest(name = "\"/nick {0}\"")
    @ValueSource(strings = {"", "   ", "two words", "abcdefghijklmnopqrstu", "bell\u0007", "new\nline", "*admin",
        "a:b", "guest-9", "GUEST-1"})
    @DisplayName("empty, too long (21), spaces, control characters, punctuation or a guest-N name: refused")
    void invalidNames(String requested) throws IOException {
        try (RoomPeer a = RoomPeer.open(); RoomPeer b = RoomPeer.open()) {
            ChatRoom room = new ChatRoom();
            Member first = room.join(a.outbox);
            Member second = room.join(b.outbox);
            String guest = first.name();
            a.await("* " + second.name() + " joined");

            room.broadcast(first, "/nick " + requested);
            assertThat(a.next("a refusal")).as("the answer to \"/nick %s\"", requested.replace("\n", "\\n"))
                    .startsWith("* cannot rename you: ");
            room.broadcast(first, "after");
            b.await(guest + ": after");
            assertThat(first.name()).as("the name after \"/nick %s\"", requested.replace("\n", "\\n")).isEqualTo(guest);
        }
    }

    @ParameterizedTest(name = "\"/nick {0}\"")
    @ValueSource(strings = {"abcdefghijklmnopqrst", "zoë", "Bob_2", "x-y", "  padded  "})
    @DisplayName("20 characters, letters of any language, digits, - and _ are fine; spaces around are trimmed")
    void validNames(String requested) throws IOException {
        try (RoomPeer a = RoomPeer.open()) {
            ChatRoom room = new ChatRoom();
            Member member = room.join(a.outbox);
            String guest = member.name();
            a.await("* you are " + guest);
            room.broadcast(member, "/nick " + requested);
            a.await("* " + guest + " is now " + requested.strip());
            assertThat(member.name()).isEqualTo(requested.strip());
        }
    }
}
