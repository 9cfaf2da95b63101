package wschat.course;

import org.opentest4j.AssertionFailedError;

/**
 * For tests that expect an exception: what the call threw, or, when it returned instead, a failure
 * that says what it returned and what was expected ("readFrame returned Frame[...]; expected an
 * EOFException after 9 of 308 bytes"), rather than AssertJ's "Expecting actual not to be null".
 */
public final class Thrown {

    /** A call that may return a value or throw anything. */
    @FunctionalInterface
    public interface Call {
        Object call() throws Exception;
    }

    private Thrown() {
    }

    /** What {@code call} threw; {@code what} names the call in the failure, {@code expected} the exception wanted. */
    public static Throwable by(String what, Call call, String expected) {
        Object returned;
        try {
            returned = call.call();
        } catch (Throwable thrown) {
            return thrown;
        }
        throw new AssertionFailedError(what + " returned " + returned + "; expected " + expected);
    }

    /**
     * What {@code call} threw, when it is a {@code type}; otherwise a one-line failure that says what
     * came instead ("parse threw java.lang.UnsupportedOperationException: TODO ...; expected a
     * HandshakeException(400, ...)") without the wrong exception's stack trace in the message.
     */
    public static <T extends Throwable> T expect(Class<T> type, String what, Call call, String expected) {
        Throwable thrown = by(what, call, expected);
        if (!type.isInstance(thrown)) {
            throw new AssertionFailedError(what + " threw " + thrown + "; expected " + expected, thrown);
        }
        return type.cast(thrown);
    }
}
