package wschat.server;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import wschat.course.OtherServer;

/**
 * The server a test talks to: the course's {@link ChatServer}, or, with {@code -Dwschat.server=CLASS},
 * another implementation of the chat ({@link OtherServer}). Tests that look inside the course's server
 * carry the tag {@code course-internals}, and a run against another server leaves them out
 * (tools/library-chat/pom.xml).
 */
final class ServerUnderTest implements AutoCloseable {

    private final ChatServer course;
    private final OtherServer other;

    private ServerUnderTest(ChatServer course, OtherServer other) {
        this.course = course;
        this.other = other;
    }

    static ServerUnderTest start(ChatConfig config) throws IOException {
        if (OtherServer.requested()) {
            return new ServerUnderTest(null, OtherServer.start(options(config)));
        }
        return new ServerUnderTest(ChatServer.start(config), null);
    }

    /** The settings another server is given: the port, the message size limit, the allowed origins. */
    static String[] options(ChatConfig config) {
        List<String> options = new ArrayList<>(List.of("--port", "0",
                "--max-message-bytes", String.valueOf(config.maxMessageBytes())));
        for (String origin : config.allowedOrigins()) {
            options.addAll(List.of("--allowed-origin", origin));
        }
        return options.toArray(String[]::new);
    }

    int port() {
        return course != null ? course.port() : other.port();
    }

    /** The course's room, read directly (a test that does is tagged {@code course-internals}). */
    Room room() {
        if (course == null) {
            throw new IllegalStateException("this test reads the course's room: tag it @Tag(\"course-internals\") "
                    + "so that a run against -D" + OtherServer.PROPERTY + " leaves it out");
        }
        return course.room();
    }

    @Override
    public void close() {
        if (course != null) {
            course.close();
        } else {
            other.close();
        }
    }
}
