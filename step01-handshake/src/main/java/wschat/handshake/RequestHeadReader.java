package wschat.handshake;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

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
        // TODO exercise 2
        throw new UnsupportedOperationException("TODO step 01, exercise 2: write RequestHeadReader.readHead - read"
                + " byte by byte until CR LF CR LF (never a byte more), at most MAX_HEAD_BYTES (else 431),"
                + " EOFException if the stream ends first."
                + " Read step01-handshake/README.md, \"Exercise 2\". Stuck? step01-handshake/HINTS.md");
    }
}
