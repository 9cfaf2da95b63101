package wschat.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Exercise 1 - ChatRoom: names, join and leave notices (RFC 6455 §5.6, §7)")
class ChatRoomTest {

    ChatServer server;

    @BeforeEach
    void start() throws IOException {
        server = ChatServer.start(ChatConfig.defaults().withPort(0));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    @DisplayName("each client's first message tells it its name: \"* you are guest-1\", then guest-2, ...")
    void names() {
        try (ChatClient first = ChatClient.joined(server.port());
             ChatClient second = ChatClient.joined(server.port())) {
            assertThat(first.name).as("name of the first client").isEqualTo("guest-1");
            assertThat(second.name).as("name of the second client").isEqualTo("guest-2");
        }
    }

    @Test
    @DisplayName("the others see \"* guest-N joined\"; the newcomer does not get its own join notice")
    void joinNotices() {
        try (ChatClient first = ChatClient.connect(server.port())) {
            first.awaitName();
            try (ChatClient second = ChatClient.connect(server.port())) {
                String name = second.awaitName();
                assertThat(first.next()).as("what the first client sees when %s connects", name)
                        .isEqualTo("* " + name + " joined");
                try (ChatClient third = ChatClient.connect(server.port())) {
                    String thirdName = third.awaitName();
                    assertThat(first.next()).isEqualTo("* " + thirdName + " joined");
                    assertThat(second.next()).as("what %s sees when %s connects", name, thirdName)
                            .isEqualTo("* " + thirdName + " joined");
                }
            }
        }
    }

    @Test
    @DisplayName("when a client disconnects, the others see \"* guest-N left\"")
    void leaveNotices() {
        try (ChatClient stays = ChatClient.joined(server.port());
             ChatClient leaves = ChatClient.joined(server.port())) {
            String name = leaves.name;
            stays.awaitMessage("* " + name + " joined");
            leaves.abort();
            stays.awaitMessage("* " + name + " left");
            assertThat(server.room().size()).as("members left in the room").isEqualTo(1);
        }
    }
}
