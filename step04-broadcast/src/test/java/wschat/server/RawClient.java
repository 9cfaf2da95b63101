package wschat.server;

import static org.assertj.core.api.Assertions.fail;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import wschat.frame.Frame;
import wschat.frame.FrameDecoder;
import wschat.frame.FrameEncoder;
import wschat.frame.Opcode;

/**
 * A client on a bare socket, for what a polite client never does: send broken frames, stop
 * reading, vanish mid-handshake. It uses the frame code of steps 02 and 03.
 */
final class RawClient implements AutoCloseable {

    static final String UPGRADE = "GET /chat HTTP/1.1\r\n"
            + "Host: 127.0.0.1\r\n"
            + "Upgrade: websocket\r\n"
            + "Connection: Upgrade\r\n"
            + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
            + "Sec-WebSocket-Version: 13\r\n\r\n";

    final Socket socket;
    final InputStream in;
    final OutputStream out;
    private final Random random = new Random();
    /** The server's frames are unmasked (§5.1); the limit is generous, the tests send big messages. */
    private final FrameDecoder decoder = FrameDecoder.forClient(16 * 1024 * 1024);

    private RawClient(Socket socket) throws IOException {
        this.socket = socket;
        this.socket.setSoTimeout((int) ChatClient.WAIT.toMillis());
        this.in = new BufferedInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
    }

    /** Only the TCP connection, nothing sent. */
    static RawClient tcp(int port) throws IOException {
        return new RawClient(new Socket(InetAddress.getLoopbackAddress(), port));
    }

    /** A client past the handshake (101 read). */
    static RawClient upgraded(int port) throws IOException {
        return upgraded(tcp(port));
    }

    /** A client past the handshake whose socket receive buffer is small, so that it fills up fast. */
    static RawClient upgradedWithSmallBuffer(int port) throws IOException {
        Socket socket = new Socket();
        socket.setReceiveBufferSize(8 * 1024); // before connecting, so that the TCP window is small from the start
        socket.connect(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        return upgraded(new RawClient(socket));
    }

    private static RawClient upgraded(RawClient client) throws IOException {
        client.sendRaw(UPGRADE.getBytes(StandardCharsets.ISO_8859_1));
        String head = client.readResponseHead();
        if (!head.startsWith("HTTP/1.1 101")) {
            fail("expected 101 Switching Protocols, got:%n%s", head);
        }
        return client;
    }

    void sendRaw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** Sends a frame masked with a random key, as a client must (§5.3). */
    void sendFrame(Frame frame) throws IOException {
        byte[] key = new byte[4];
        random.nextBytes(key);
        sendRaw(FrameEncoder.encodeMasked(frame, key));
    }

    /** The response head, up to the blank line. */
    String readResponseHead() throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b == -1) {
                fail("the server closed the connection in the middle of its response:%n%s",
                        head.toString(StandardCharsets.ISO_8859_1));
            }
            head.write(b);
            matched = (b == "\r\n\r\n".charAt(matched)) ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    /**
     * The next frame from the server (unmasked, §5.1), whatever it is; at the end of TCP it throws
     * the decoder's EOFException. A server's close with 1011 is noted for the test's other waits.
     */
    Frame readFrame() throws IOException {
        try {
            return nextFrame();
        } catch (SocketTimeoutException e) {
            return fail("no frame from the server within %d s", ChatClient.WAIT.toSeconds());
        }
    }

    private Frame nextFrame() throws IOException {
        Frame frame = decoder.readFrame(in);
        if (frame.opcode() == Opcode.CLOSE && close(frame).code() == 1011) {
            ServerLog.serverClosed("a raw client's connection", close(frame));
        }
        return frame;
    }

    /**
     * The next frame, which must not be a close frame: fails with the server's close code and
     * reason when it is one, or when the server ends TCP, while waiting for {@code expected}.
     */
    Frame readFrame(String expected) throws IOException {
        Frame frame;
        try {
            frame = readFrame();
        } catch (EOFException e) {
            return fail("the server ended the connection, without a close frame, while the raw client waited for %s %s",
                    expected, ServerLog.seeLog());
        }
        if (frame.opcode() == Opcode.CLOSE) {
            fail("the server closed the connection with %s while the raw client waited for %s %s",
                    close(frame).text(), expected, ServerLog.seeLog());
        }
        return frame;
    }

    /**
     * The name from the server's first frame, {@code * you are guest-N}; fails with the server's
     * close code and reason when it closes instead (e.g. 1011 and a TODO from a skeleton).
     */
    String awaitName() throws IOException {
        Frame first = readFrame("its name, \"* you are <name>\"");
        if (first.opcode() != Opcode.TEXT || !first.text().startsWith("* you are ")) {
            fail("the first frame must be the text \"* you are <name>\", but was %s", first);
        }
        return first.text().substring("* you are ".length());
    }

    /** Reads frames until a close frame, and returns it; text frames before it are skipped. */
    Frame readUntilClose() throws IOException {
        try {
            while (true) {
                Frame frame = nextFrame();
                if (frame.opcode() == Opcode.CLOSE) {
                    return frame;
                }
            }
        } catch (SocketTimeoutException e) {
            return fail("expected a close frame from the server, but none came within %d s", ChatClient.WAIT.toSeconds());
        } catch (EOFException e) {
            return fail("expected a close frame from the server, but it ended the connection without one %s",
                    ServerLog.seeLog());
        }
    }

    /** Whether the server ends TCP (read returns -1, or the connection resets) within the wait. */
    boolean serverClosesTcp() throws IOException {
        try {
            byte[] discard = new byte[4096];
            while (in.read(discard) != -1) {
                // frames still in flight before the end
            }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException reset) {
            return true;
        }
    }

    /** The status code of a close frame: its first 2 payload bytes, big-endian, unsigned (§5.5.1). */
    static int closeCode(Frame close) {
        return Short.toUnsignedInt(java.nio.ByteBuffer.wrap(close.payload()).getShort());
    }

    /** A close frame's code and reason as text; 1005 when it has no code (§7.1.5). */
    static ChatClient.Close close(Frame close) {
        byte[] payload = close.payload();
        if (payload.length < 2) {
            return new ChatClient.Close(1005, payload.length == 0 ? "" : "(1 byte: half a code)");
        }
        return new ChatClient.Close(closeCode(close), new String(payload, 2, payload.length - 2, StandardCharsets.UTF_8));
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    /** Closes with an RST instead of a FIN: the abrupt way, like a crashed machine. */
    void reset() throws IOException {
        socket.setSoLinger(true, 0);
        socket.close();
    }
}
