package wschat.frame;

import java.io.IOException;

/**
 * A violation of RFC 6455 by the other endpoint, with the close code it earns (§7.4.1). The
 * connection answers it with a close frame carrying that code, then ends (§7.1.7).
 */
public class WebSocketException extends IOException {

    private final int closeCode;

    public WebSocketException(int closeCode, String message) {
        super(message);
        this.closeCode = closeCode;
    }

    /** The close code to send, e.g. {@link CloseCode#PROTOCOL_ERROR}. */
    public int closeCode() {
        return closeCode;
    }

    @Override
    public String getMessage() {
        return super.getMessage() + " (close code " + closeCode + ")";
    }
}
