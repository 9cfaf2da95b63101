package wschat.course;

import java.util.HexFormat;
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
        throw new AssertionFailedError(what + " returned " + shown(returned) + "; expected " + expected);
    }

    /** A returned value as a failure shows it: a byte array in hex ("7 bytes: 88 05 03 e8 62 79 65"), not "[B@1b6d3586". */
    static String shown(Object returned) {
        if (returned instanceof byte[] bytes) {
            int shown = Math.min(bytes.length, 32);
            return bytes.length + " bytes: " + HexFormat.ofDelimiter(" ").formatHex(bytes, 0, shown)
                    + (shown < bytes.length ? " ..." : "");
        }
        return String.valueOf(returned);
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
