package wschat.course;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

/**
 * Another implementation of the chat, for the course's network tests: with
 * {@code -Dwschat.server=CLASS} the step 04 and 05 fixtures start CLASS where they would start the
 * course's {@code ChatServer}, one server per test as always, and the tests talk to it over the network
 * only. CLASS is on the test class path and has {@code public static CLASS start(String... options)}
 * (given {@code --port 0}, and the test's {@code --max-message-bytes N} and {@code --allowed-origin URL}),
 * {@code public int port()} and {@code public void close()}, which closes every member with 1001.
 * Unset, nothing changes. tools/library-chat runs the course's tests against a Jetty chat this way.
 */
public final class OtherServer implements AutoCloseable {

    public static final String PROPERTY = "wschat.server";

    private final Object server;
    private final int port;

    private OtherServer(Object server, int port) {
        this.server = server;
        this.port = port;
    }

    /** True when {@code -Dwschat.server} names a class: the tests then talk to that server. */
    public static boolean requested() {
        return !System.getProperty(PROPERTY, "").isBlank();
    }

    /** Starts the named server with these options. */
    public static OtherServer start(String... options) {
        String name = System.getProperty(PROPERTY).trim();
        try {
            Class<?> type = Class.forName(name);
            Object server = type.getMethod("start", String[].class).invoke(null, (Object) options);
            return new OtherServer(server, (Integer) type.getMethod("port").invoke(server));
        } catch (InvocationTargetException e) {
            throw new IllegalStateException("-D" + PROPERTY + "=" + name + ": start failed: " + e.getCause(), e.getCause());
        } catch (ReflectiveOperationException | ClassCastException e) {
            throw new IllegalStateException("-D" + PROPERTY + "=" + name + " needs a class on the test class path with "
                    + "public static " + name + " start(String... options), public int port() and public void close(): " + e, e);
        }
    }

    public int port() {
        return port;
    }

    @Override
    public void close() {
        try {
            Method close = server.getClass().getMethod("close");
            close.invoke(server);
        } catch (InvocationTargetException e) {
            throw new IllegalStateException("-D" + PROPERTY + ": close failed: " + e.getCause(), e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("-D" + PROPERTY + ": no public void close(): " + e, e);
        }
    }
}
