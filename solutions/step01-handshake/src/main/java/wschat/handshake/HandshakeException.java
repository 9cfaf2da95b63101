package wschat.handshake;

import java.io.IOException;

/**
 * A request that cannot become a WebSocket connection, with the HTTP status it earns
 * (400 Bad Request, 431 Request Header Fields Too Large, ...).
 */
public class HandshakeException extends IOException {

    private final int status;

    public HandshakeException(int status, String message) {
        super(message);
        this.status = status;
    }

    /** The HTTP status code to answer with. */
    public int status() {
        return status;
    }
}
