package wschat.server;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import wschat.course.ExternalServer;

/**
 * The server a test talks to: the course's {@link ChatServer} in this JVM, or, with
 * {@code -Dwschat.server=COMMAND}, another chat in a process of its own ({@link ExternalServer}).
 * Tests that look inside the room carry the tag {@code in-process}, and a run against another
 * server leaves them out (tools/library-chat/pom.xml).
 */
final class ServerUnderTest implements AutoCloseable {

    private final ChatServer inProcess;
    private final ExternalServer external;

    private ServerUnderTest(ChatServer inProcess, ExternalServer external) {
        this.inProcess = inProcess;
        this.external = external;
    }

    static ServerUnderTest start(ChatConfig config) throws IOException {
        if (ExternalServer.requested()) {
            return new ServerUnderTest(null, ExternalServer.start(options(config)));
        }
        return new ServerUnderTest(ChatServer.start(config), null);
    }

    /** The settings another server understands: the port, the message size limit, the allowed origins. */
    static String[] options(ChatConfig config) {
        List<String> options = new ArrayList<>(List.of("--port", "0",
                "--max-message-bytes", String.valueOf(config.maxMessageBytes())));
        for (String origin : config.allowedOrigins()) {
            options.addAll(List.of("--allowed-origin", origin));
        }
        return options.toArray(String[]::new);
    }

    int port() {
        return inProcess != null ? inProcess.port() : external.port();
    }

    /** The course's room, read directly: only in this JVM (such a test is tagged {@code in-process}). */
    ChatRoom room() {
        if (inProcess == null) {
            throw new IllegalStateException("this test reads the course's room inside the JVM: tag it "
                    + "@Tag(\"in-process\") so that a run against -D" + ExternalServer.PROPERTY + " leaves it out");
        }
        return inProcess.room();
    }

    @Override
    public void close() {
        if (inProcess != null) {
            inProcess.close();
        } else {
            external.close();
        }
    }
}
