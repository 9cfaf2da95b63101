package wschat.frame;

/**
 * The opcodes of RFC 6455 §5.2, with the RFC's names. Every other value (0x3-0x7, 0xB-0xF) is
 * reserved, and a frame that uses one fails the connection.
 */
public enum Opcode {
    /** %x0: a continuation frame, the next fragment of a message (§5.4). */
    CONTINUATION(0x0),
    /** %x1: a text frame, UTF-8 (§5.6). */
    TEXT(0x1),
    /** %x2: a binary frame (§5.6). */
    BINARY(0x2),
    /** %x8: a connection close (§5.5.1). */
    CLOSE(0x8),
    /** %x9: a ping (§5.5.2). */
    PING(0x9),
    /** %xA: a pong (§5.5.3). */
    PONG(0xA);

    private final int code;

    Opcode(int code) {
        this.code = code;
    }

    /** The 4-bit value on the wire. */
    public int code() {
        return code;
    }

    /** Control frames are the opcodes whose most significant bit is set: 0x8 and above (§5.5). */
    public boolean isControl() {
        return (code & 0x8) != 0; // 0x8 = 1000 in binary: the top bit of the 4-bit opcode
    }

    /** The opcode for a 4-bit value, or {@code null} when the value is reserved. */
    public static Opcode forCode(int code) {
        for (Opcode opcode : values()) {
            if (opcode.code == code) {
                return opcode;
            }
        }
        return null;
    }
}
