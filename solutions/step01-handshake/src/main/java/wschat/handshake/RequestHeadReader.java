package wschat.handshake;

// BEGIN exercise 2
import java.io.ByteArrayOutputStream;
// END exercise 2
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
// BEGIN exercise 2
import java.nio.charset.StandardCharsets;
// END exercise 2

/**
 * Reads an HTTP request head from a stream: every byte up to the blank line that ends it
 * (CR LF CR LF), and not one byte more, because the bytes after it already belong to the
 * WebSocket connection (RFC 6455 §4.2.1 and §5).
 */
public final class RequestHeadReader {

    /** The most bytes a request head may take, blank line included. Browsers send about 500. */
    public static final int MAX_HEAD_BYTES = 8 * 1024;

    private RequestHeadReader() {
    }

    /**
     * Reads the request head and returns it as text, without the final blank line.
     *
     * @throws HandshakeException with status 431 when the head is longer than {@link #MAX_HEAD_BYTES}
     * @throws EOFException       when the stream ends before the blank line
     */
    public static String readHead(InputStream in) throws IOException {
        // BEGIN exercise 2
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        // The last four bytes read, packed into one int: the head ends when they are CR LF CR LF.
        int lastFour = 0;
        while (true) {
            int b = in.read(); // one byte at a time, so nothing past the blank line is consumed
            if (b == -1) {
                throw new EOFException("the stream ended after " + head.size()
                        + " bytes, before the blank line (CR LF CR LF) that ends a request head");
            }
            if (head.size() == MAX_HEAD_BYTES) {
                throw new HandshakeException(431, "request head larger than " + MAX_HEAD_BYTES + " bytes");
            }
            head.write(b);
            lastFour = (lastFour << 8) | b; // shift the window one byte left, the new byte enters at the right
            if (lastFour == 0x0D0A0D0A) { // '\r' '\n' '\r' '\n'
                byte[] bytes = head.toByteArray();
                // HTTP heads are ASCII; ISO-8859-1 maps every byte to one char and never fails.
                return new String(bytes, 0, bytes.length - 4, StandardCharsets.ISO_8859_1);
            }
        }
        // INSTEAD
        // // TODO exercise 2
        // throw new UnsupportedOperationException("TODO step 01, exercise 2: write RequestHeadReader.readHead - read"
        //         + " byte by byte until CR LF CR LF (never a byte more), at most MAX_HEAD_BYTES (else 431),"
        //         + " EOFException if the stream ends first."
        //         + " Read step01-handshake/README.md, \"Exercise 2\". Stuck? step01-handshake/HINTS.md");
        // END exercise 2
    }
}
