package wschat.server;

import java.nio.charset.StandardCharsets;
import wschat.frame.Opcode;

/**
 * A whole message, its fragments joined (RFC 6455 §5.4, §5.6).
 *
 * @param type    {@link Opcode#TEXT} or {@link Opcode#BINARY}: the opcode of its first frame
 * @param payload all of its application data
 */
public record Message(Opcode type, byte[] payload) {

    /** The payload as text; a text message's payload has been checked to be valid UTF-8. */
    public String text() {
        return new String(payload, StandardCharsets.UTF_8);
    }
}
