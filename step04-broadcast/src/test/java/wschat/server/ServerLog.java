package wschat.server;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The server's log, and what it tells a test that is waiting.
 *
 * <p>The server logs through {@code System.getLogger("wschat.server")}. During the tests its lines go
 * to {@code target/server.log} of this step, one block per test, instead of the console: a red run
 * would otherwise print one {@code [WARNING]} line per connection that hit a TODO. Failures name the
 * file.
 *
 * <p>It also keeps the latest sign, in each test, that the server's own code failed: a close with
 * 1011 (internal error) that a client received, or a warning the server logged (a {@link ChatClient}
 * waiting for a message then fails soon after, see {@link #failedSince}, instead of waiting out its
 * timeout for a message that a failed connection will never send).
 *
 * <p>Registered for every test class of this step through META-INF/services (JUnit's extension
 * autodetection is on in the parent pom).
 */
public final class ServerLog implements BeforeAllCallback, BeforeEachCallback {

    /**
     * How long a wait goes on after the server failed on another connection of the same test. The
     * messages that still can come (a leave notice, a broadcast from a connection that works) take
     * milliseconds; this only keeps a slow machine from failing a test that would pass.
     */
    static final long GRACE_MILLIS = 500;

    /** Where the log goes, relative to the step's folder (Surefire runs the tests there). */
    static final Path FILE = Path.of(System.getProperty("basedir", "."), "target", "server.log");

    /** The file as a learner finds it from the course's root folder. */
    static final String SHOWN = System.getProperty("course.step", "step04-broadcast") + "/target/server.log";

    /** A strong reference: java.util.logging keeps loggers weakly, and would forget the handler. */
    private static Logger logger;
    private static Writer file;

    /** The latest failure of the server in the running test, or null. */
    private static volatile Failure failure;

    /** What the server did, and when ({@link System#nanoTime}). */
    record Failure(long at, String what) {
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        install();
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        failure = null;
        write("---- " + context.getRequiredTestClass().getSimpleName() + "." + context.getRequiredTestMethod().getName()
                + ": " + context.getDisplayName() + System.lineSeparator());
    }

    /** Sends the server's log to {@link #FILE}, once per test JVM (the file starts empty). */
    static synchronized void install() {
        if (logger != null) {
            return;
        }
        try {
            Files.createDirectories(FILE.getParent());
            file = Files.newBufferedWriter(FILE, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the server's log to " + FILE, e);
        }
        logger = Logger.getLogger("wschat.server");
        logger.setUseParentHandlers(false); // not on the console
        logger.setLevel(Level.INFO); // the file has room for the INFO lines too (why each connection failed)
        logger.addHandler(new Handler() {
            @Override
            public void publish(LogRecord record) {
                if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
                    noteFailure("it logged \"" + record.getMessage() + "\"");
                }
                write(format(record));
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        });
    }

    /** One line, like the console's, with the time and the thread; the stack trace when there is one. */
    private static String format(LogRecord record) {
        String message = record.getMessage();
        Object[] parameters = record.getParameters();
        if (parameters != null) {
            for (int i = 0; i < parameters.length; i++) {
                message = message.replace("{" + i + "}", String.valueOf(parameters[i]));
            }
        }
        StringBuilder line = new StringBuilder()
                .append(LocalTime.now().truncatedTo(ChronoUnit.MILLIS)).append(" [").append(record.getLevel())
                .append("] ").append(Thread.currentThread().getName()).append(": ").append(message)
                .append(System.lineSeparator());
        if (record.getThrown() != null) {
            StringWriter trace = new StringWriter();
            record.getThrown().printStackTrace(new PrintWriter(trace));
            line.append(trace);
        }
        return line.toString();
    }

    private static synchronized void write(String text) {
        if (file == null) {
            return;
        }
        try {
            file.write(text);
            file.flush();
        } catch (IOException e) {
            // a full disk must not fail a test: the log is only a help
        }
    }

    /** A client received 1011 (internal error): the server's code threw on that connection. */
    static void serverClosed(String whose, ChatClient.Close close) {
        noteFailure("it closed " + whose + " with " + close.text());
    }

    /**
     * Keeps the latest sign: the one a wait is most likely stuck on. For one failure the server logs
     * first and then sends the close, whose code and reason say it better.
     */
    private static void noteFailure(String what) {
        failure = new Failure(System.nanoTime(), what);
    }

    /**
     * What the server did wrong in this test ("it closed guest-1's connection with 1011 '...'"), once it is more than {@link #GRACE_MILLIS} old and
     * nothing came for that long to a wait that started at {@code waitStart}; empty otherwise.
     */
    static Optional<String> failedSince(long waitStart) {
        Failure seen = failure;
        if (seen == null) {
            return Optional.empty();
        }
        long quietSince = Math.max(seen.at(), waitStart);
        long quietMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - quietSince);
        if (quietMillis < GRACE_MILLIS) {
            return Optional.empty();
        }
        return Optional.of(seen.what());
    }

    /** What the server did wrong in this test so far, if anything. */
    static Optional<String> failure() {
        Failure seen = failure;
        return seen == null ? Optional.empty() : Optional.of(seen.what());
    }

    /**
     * Waits for {@code latch} like {@link CountDownLatch#await(long, TimeUnit)}, and fails soon
     * after the server failed during the wait (see {@link #failedSince}) instead of waiting it out.
     */
    static boolean await(CountDownLatch latch, long seconds, String what) throws InterruptedException {
        long start = System.nanoTime();
        long deadline = start + TimeUnit.SECONDS.toNanos(seconds);
        while (!latch.await(20, TimeUnit.MILLISECONDS)) {
            Optional<String> failed = failedSince(start);
            if (failed.isPresent()) {
                fail("waited %d ms for %s, but it stopped coming after the server failed: %s %s",
                        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start), what, failed.get(), seeLog());
            }
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
        }
        return true;
    }

    /** For failure messages: where the rest of the story is. */
    static String seeLog() {
        return "(the server's log: " + SHOWN + ")";
    }
}
