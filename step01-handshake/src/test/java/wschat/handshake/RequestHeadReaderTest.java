package wschat.handshake;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import wschat.course.Thrown;

@DisplayName("Exercise 2 - RequestHeadReader: read the request head up to the blank line (RFC 6455 §4.2.1)")
class RequestHeadReaderTest {

    static final String RFC_REQUEST = "GET /chat HTTP/1.1\r\n"
            + "Host: server.example.com\r\n"
            + "Upgrade: websocket\r\n"
            + "Connection: Upgrade\r\n"
            + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
            + "Origin: http://example.com\r\n"
            + "Sec-WebSocket-Protocol: chat, superchat\r\n"
            + "Sec-WebSocket-Version: 13";

    @Test
    @DisplayName("returns the head without the final CR LF CR LF (the RFC §1.3 request)")
    void readsTheRfcRequest() throws IOException {
        InputStream in = stream(RFC_REQUEST + "\r\n\r\n");
        assertThat(visible(RequestHeadReader.readHead(in)))
                .as("the text before the blank line, without the blank line (CR and LF shown as \\r \\n)")
                .isEqualTo(visible(RFC_REQUEST));
    }

    @Test
    @DisplayName("never reads a byte past the blank line: the next bytes are the first WebSocket frame (§5)")
    void leavesTheFrameInTheStream() throws IOException {
        byte[] frame = HexFormat.of().parseHex("818537fa213d7f9f4d5158"); // RFC §5.7 masked "Hello"
        byte[] all = concat((RFC_REQUEST + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1), frame);
        InputStream in = new ByteArrayInputStream(all);

        RequestHeadReader.readHead(in);

        byte[] rest = in.readAllBytes();
        assertThat(HexFormat.of().formatHex(rest))
                .as("bytes left in the stream after readHead: the frame must still be there, untouched")
                .isEqualTo(HexFormat.of().formatHex(frame));
    }

    @Test
    @DisplayName("decodes the head as ISO-8859-1, one char per byte: bytes >= 0x80 in a value come back as themselves (RFC 7230 §3.2.4)")
    void oneCharPerByte() throws IOException {
        byte[] value = HexFormat.of().parseHex("636166e920c3a9"); // "caf" e9 " " c3 a9: Latin-1 é, then UTF-8 é
        byte[] head = concat("GET / HTTP/1.1\r\nHost: a\r\nX-Name: ".getBytes(StandardCharsets.ISO_8859_1), value);
        String read = RequestHeadReader.readHead(new ByteArrayInputStream(concat(head, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1))));
        String valueRead = read.substring(read.indexOf("X-Name: ") + "X-Name: ".length());
        assertThat(HexFormat.of().formatHex(valueRead.getBytes(StandardCharsets.UTF_16BE)))
                .as("the value's bytes %s as chars (UTF-16 code units in hex): decode the head with ISO_8859_1, which maps "
                        + "each byte to the char of the same number; UTF-8 (or the platform's default charset) turns e9 "
                        + "into U+FFFD and c3 a9 into one char (step 01 README, Pitfalls, \"The charset\")",
                        HexFormat.of().formatHex(value))
                .isEqualTo("00630061006600e9002000c300a9");
    }

    @Test
    @DisplayName("works when the bytes arrive one at a time (TCP may split a request anywhere)")
    void oneByteAtATime() throws IOException {
        String head = "GET / HTTP/1.1\r\nHost: a\r\nX-Random: " + Long.toHexString(new Random().nextLong());
        InputStream in = new TrickleInputStream((head + "\r\n\r\nREST").getBytes(StandardCharsets.ISO_8859_1));
        assertThat(visible(RequestHeadReader.readHead(in))).as("the head read one byte at a time (CR and LF shown as \\r \\n)")
                .isEqualTo(visible(head));
        assertThat(visible(new String(in.readAllBytes(), StandardCharsets.ISO_8859_1)))
                .as("what is left after the blank line").isEqualTo("REST");
    }

    @Test
    @DisplayName("lone CR, LF or CR LF CR inside the head do not end it; only CR LF CR LF does")
    void onlyTheBlankLineEndsTheHead() throws IOException {
        String head = "GET / HTTP/1.1\r\nHost: a\r\nX-Note: a\rb\nc\r\n\rd";
        InputStream in = stream(head + "\r\n\r\n");
        assertThat(visible(RequestHeadReader.readHead(in)))
                .as("the head, with lone CR and LF inside it (shown as \\r \\n)").isEqualTo(visible(head));
    }

    @Test
    @DisplayName("a head of exactly 8 KiB (blank line included) is accepted")
    void exactlyTheLimit() throws IOException {
        String start = "GET / HTTP/1.1\r\nX-Pad: ";
        String pad = "a".repeat(RequestHeadReader.MAX_HEAD_BYTES - start.length() - 4);
        String head = start + pad;
        assertThat(RequestHeadReader.readHead(stream(head + "\r\n\r\n"))).hasSize(RequestHeadReader.MAX_HEAD_BYTES - 4);
    }

    @Test
    @DisplayName("a head over 8 KiB is refused with HTTP 431, before the whole of it is read")
    void overTheLimit() throws IOException {
        String start = "GET / HTTP/1.1\r\nX-Pad: ";
        String pad = "a".repeat(1024 * 1024); // a 1 MiB header: the reader must give up long before its end
        InputStream in = stream(start + pad + "\r\n\r\n");
        HandshakeException thrown = Thrown.expect(HandshakeException.class, "readHead(a 1 MiB head)",
                () -> RequestHeadReader.readHead(in), "a HandshakeException(431, ...): more than "
                        + RequestHeadReader.MAX_HEAD_BYTES + " bytes without a blank line");
        assertThat(thrown.status()).as("HTTP status for a head that is too large").isEqualTo(431);
        assertThat(in.available()).as("bytes of the 1 MiB head left unread: the reader stops at the limit, "
                + "it does not read everything first").isGreaterThan(1024 * 1024 - 2 * RequestHeadReader.MAX_HEAD_BYTES);

        // One byte over: a head of 8 KiB + 1 (blank line included) is refused too.
        String onePad = "a".repeat(RequestHeadReader.MAX_HEAD_BYTES - start.length() - 4 + 1);
        HandshakeException oneOver = Thrown.expect(HandshakeException.class, "readHead(a head of 8 KiB + 1 byte)",
                () -> RequestHeadReader.readHead(stream(start + onePad + "\r\n\r\n")),
                "a HandshakeException(431, ...): " + (RequestHeadReader.MAX_HEAD_BYTES + 1) + " bytes is over the limit");
        assertThat(oneOver.status()).as("HTTP status for a head of 8 KiB + 1 byte").isEqualTo(431);
    }

    @Test
    @DisplayName("a stream that ends before the blank line is an EOFException, not a half head")
    void endOfStream() {
        Thrown.expect(EOFException.class, "readHead(\"GET / HTTP/1.1 CR LF Host: a CR LF\", then the end)",
                () -> RequestHeadReader.readHead(stream("GET / HTTP/1.1\r\nHost: a\r\n")),
                "an EOFException: the client hung up in the middle of its request");
    }

    /** CR and LF made visible, so that a failure shows which line ending went missing. */
    static String visible(String s) {
        return s.replace("\r", "\\r").replace("\n", "\\n");
    }

    static InputStream stream(String s) {
        return new ByteArrayInputStream(s.getBytes(StandardCharsets.ISO_8859_1));
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] all = new byte[a.length + b.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    /** Hands out at most one byte per read, like a slow network. */
    static final class TrickleInputStream extends InputStream {
        private final ByteArrayInputStream in;

        TrickleInputStream(byte[] bytes) {
            in = new ByteArrayInputStream(bytes);
        }

        @Override
        public int read() {
            return in.read();
        }

        @Override
        public int read(byte[] b, int off, int len) {
            return len == 0 ? 0 : in.read(b, off, 1);
        }
    }
}
