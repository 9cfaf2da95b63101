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
}
