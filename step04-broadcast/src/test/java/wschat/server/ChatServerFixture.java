package wschat.server;

import java.io.IOException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * A chat server for each test, on a free port of 127.0.0.1, stopped after it: the course's, or the one
 * {@code -Dwschat.server} names (see {@link ServerUnderTest}).
 */
abstract class ChatServerFixture {

    ServerUnderTest server;

    /** The server's settings; a test class overrides this to change a limit. */
    ChatConfig config() {
        return ChatConfig.defaults().withPort(0);
    }

    @BeforeEach
    void startServer() throws IOException {
        server = ServerUnderTest.start(config());
    }

    @AfterEach
    void stopServer() {
        server.close();
    }
}
