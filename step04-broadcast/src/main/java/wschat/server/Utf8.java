package wschat.server;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** UTF-8 validation for text messages and close reasons (RFC 6455 §5.6, §8.1). */
public final class Utf8 {

    private Utf8() {
    }

    /**
     * Whether the bytes are valid UTF-8. {@code new String(bytes, UTF_8)} cannot tell: it silently
     * replaces bad bytes with U+FFFD. A decoder told to REPORT throws instead.
     */
    public static boolean isValid(byte[] bytes) {
        try {
            StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }
}
