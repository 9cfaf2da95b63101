package wschat.frame;

/** The status codes of a close frame, RFC 6455 §7.4.1, with the RFC's names. */
public final class CloseCode {

    /** 1000: the purpose of the connection has been fulfilled. */
    public static final int NORMAL_CLOSURE = 1000;
    /** 1001: an endpoint is going away, such as a server going down. */
    public static final int GOING_AWAY = 1001;
    /** 1002: a protocol error. */
    public static final int PROTOCOL_ERROR = 1002;
    /** 1003: a type of data the endpoint cannot accept. */
    public static final int UNSUPPORTED_DATA = 1003;
    /** 1005: no status code was present. Never sent on the wire. */
    public static final int NO_STATUS_RECEIVED = 1005;
    /** 1006: the connection closed without a close frame. Never sent on the wire. */
    public static final int ABNORMAL_CLOSURE = 1006;
    /** 1007: data inconsistent with the message type, e.g. a text message that is not UTF-8. */
    public static final int INVALID_FRAME_PAYLOAD_DATA = 1007;
    /** 1008: a message that violates the endpoint's policy. */
    public static final int POLICY_VIOLATION = 1008;
    /** 1009: a message too big to process. */
    public static final int MESSAGE_TOO_BIG = 1009;
    /** 1010: the client expected an extension the server did not negotiate. */
    public static final int MANDATORY_EXTENSION = 1010;
    /** 1011: the server met an unexpected condition. */
    public static final int INTERNAL_ERROR = 1011;
    /** 1015: the TLS handshake failed. Never sent on the wire. */
    public static final int TLS_HANDSHAKE = 1015;

    private CloseCode() {
    }

    /**
     * Whether a code may appear in a close frame (§7.4.1, §7.4.2): the defined codes except 1004
     * (reserved), 1005, 1006 and 1015 (for reporting only), the IANA-registered 1012-1014, and the
     * ranges 3000-4999 left to libraries and applications.
     */
    public static boolean isValidOnTheWire(int code) {
        return (code >= 1000 && code <= 1003)
                || (code >= 1007 && code <= 1014)
                || (code >= 3000 && code <= 4999);
    }
}
