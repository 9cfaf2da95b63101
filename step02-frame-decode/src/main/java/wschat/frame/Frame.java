package wschat.frame;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * One WebSocket frame, RFC 6455 §5.2. The payload is always the application data, unmasked;
 * {@code maskingKey} is the key it travelled under, or {@code null} when it was not masked.
 * Arrays are not copied.
 *
 * @param fin        whether this is the final fragment of a message
 * @param rsv1       reserved bit 1 (0 unless an extension says otherwise)
 * @param rsv2       reserved bit 2
 * @param rsv3       reserved bit 3
 * @param opcode     what the payload is
 * @param maskingKey the 4-byte masking key, or {@code null}
 * @param payload    the payload data, unmasked
 */
public record Frame(boolean fin, boolean rsv1, boolean rsv2, boolean rsv3, Opcode opcode, byte[] maskingKey,
        byte[] payload) {

    /** A frame with no reserved bits and no masking key. */
    public Frame(boolean fin, Opcode opcode, byte[] payload) {
        this(fin, false, false, false, opcode, null, payload);
    }

    /** A final frame (FIN set) with no reserved bits and no masking key. */
    public Frame(Opcode opcode, byte[] payload) {
        this(true, opcode, payload);
    }

    /** Whether the frame arrived masked (a client's frame, §5.3). */
    public boolean masked() {
        return maskingKey != null;
    }

    /** The payload decoded as UTF-8 (for text frames; invalid bytes become U+FFFD). */
    public String text() {
        return new String(payload, StandardCharsets.UTF_8);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Frame f && fin == f.fin && rsv1 == f.rsv1 && rsv2 == f.rsv2 && rsv3 == f.rsv3
                && opcode == f.opcode && Arrays.equals(maskingKey, f.maskingKey) && Arrays.equals(payload, f.payload);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(payload) + opcode.hashCode();
    }

    /** For example {@code Frame[FIN TEXT, masked 37fa213d, 5 bytes: 48656c6c6f]}. */
    @Override
    public String toString() {
        int shown = Math.min(payload.length, 32);
        return "Frame[" + (fin ? "FIN " : "")
                + (rsv1 ? "RSV1 " : "") + (rsv2 ? "RSV2 " : "") + (rsv3 ? "RSV3 " : "")
                + opcode
                + (maskingKey == null ? "" : ", masked " + HexFormat.of().formatHex(maskingKey))
                + ", " + payload.length + " bytes: " + HexFormat.of().formatHex(payload, 0, shown)
                + (shown < payload.length ? "..." : "") + "]";
    }
}
