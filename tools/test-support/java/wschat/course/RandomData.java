package wschat.course;

import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Order;

/**
 * Random-data tests come after the RFC's worked examples, and say where they differ: the seed that
 * makes the data again, and the first byte that differs, rather than two walls of hex.
 */
public final class RandomData {

    /**
     * {@code @Order(RandomData.LAST)} on a random-data (or many-threads) test: it runs after the class's other tests (the
     * RFC's examples), which keep their order (Surefire orders methods by {@code @Order}, unannotated ones
     * at {@link Order#DEFAULT}). So a learner's first failure is the RFC's example, not random bytes.
     */
    public static final int LAST = Order.DEFAULT + 1000;

    private RandomData() {
    }

    /** A seed for {@code new Random(seed)}, to print in failure messages so a failure can be replayed. */
    public static long newSeed() {
        return System.nanoTime() ^ Double.doubleToLongBits(Math.random());
    }

    /**
     * Fails when the bytes differ, naming the first byte that differs with a few bytes around it
     * (hex), or the lengths, instead of printing both arrays whole.
     */
    public static void assertSameBytes(byte[] actual, byte[] expected, String what) {
        int at = Arrays.mismatch(actual, expected);
        if (at < 0) {
            return;
        }
        if (at == Math.min(actual.length, expected.length)) {
            throw new AssertionError(what + ": " + actual.length + " bytes, expected " + expected.length
                    + " (the first " + at + " are right)");
        }
        int from = Math.max(0, at - 4);
        throw new AssertionError(String.format("%s: byte %d of %d is %02x, expected %02x (bytes %d-%d: got %s, expected %s)",
                what, at, expected.length, actual[at] & 0xFF, expected[at] & 0xFF, from,
                Math.min(at + 4, expected.length - 1), window(actual, from, at + 5), window(expected, from, at + 5)));
    }

    private static String window(byte[] bytes, int from, int to) {
        return HexFormat.ofDelimiter(" ").formatHex(bytes, from, Math.min(to, bytes.length));
    }
}
