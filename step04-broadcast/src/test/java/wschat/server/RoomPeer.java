package wschat.server;

import static org.assertj.core.api.Assertions.fail;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import wschat.frame.Frame;
import wschat.frame.FrameDecoder;
import wschat.frame.Opcode;

/**
 * A member's outbox wired to a socket of the test's own, so that a test can call the room
 * directly (no handshake, no session) and read back what each member was sent.
 */
final class RoomPeer implements AutoCloseable {

    /**
     * How long a member waits for the next frame. The test calls the room itself, so whatever a call
     * sends is in the member's outbox before the call returns, and its writer puts it on the socket
     * within milliseconds: a second of silence means nothing more is coming (rather than 10 s).
     */
    static final Duration QUIET = Duration.ofSeconds(1);

    final Outbox outbox;
    private final Socket serverSide;
    private final Socket clientSide;
    private final InputStream in;

    private RoomPeer(Socket serverSide, Socket clientSide) throws IOException {
        this.serverSide = serverSide;
        this.clientSide = clientSide;
        this.clientSide.setSoTimeout((int) QUIET.toMillis());
        this.in = new BufferedInputStream(clientSide.getInputStream());
        this.outbox = new Outbox(serverSide, 8L * 1024 * 1024, "peer");
        this.outbox.start();
    }

    static RoomPeer open() throws IOException {
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Socket client = new Socket(InetAddress.getLoopbackAddress(), listener.getLocalPort());
            return new RoomPeer(listener.accept(), client);
        }
    }

    /** The next text the room sent to this member; fails at once if its outbox closes instead. */
    String next(String expected) throws IOException {
        return next(expected, "");
    }

    /** The next text; {@code cameBefore} ends the failure message, after what happened. */
    private String next(String expected, String cameBefore) throws IOException {
        Frame frame;
        try {
            frame = FrameDecoder.forClient(16 * 1024 * 1024).readFrame(in);
        } catch (SocketTimeoutException e) {
            return fail("expected %s, but the room sent this member nothing more (%d ms of silence after the room's "
                    + "calls returned; what they send is queued before they return)%s", expected, QUIET.toMillis(), cameBefore);
        } catch (EOFException e) {
            return fail("expected %s, but this member's outbox ended the connection without a close frame%s", expected,
                    cameBefore);
        }
        if (frame.opcode() == Opcode.CLOSE) {
            fail("expected %s, but this member's outbox sent a close frame, %s%s", expected,
                    RawClient.close(frame).text(), cameBefore);
        }
        return frame.text();
    }

    /** Skips messages until {@code expected}; fails if it does not come. */
    void await(String expected) throws IOException {
        StringBuilder seen = new StringBuilder();
        while (true) {
            String text = next("\"" + expected + "\"", seen.length() == 0 ? "" : "\nwhat came before:" + seen);
            if (text.equals(expected)) {
                return;
            }
            seen.append("\n  ").append(text);
        }
    }

    @Override
    public void close() throws IOException {
        clientSide.close();
        serverSide.close();
    }
}
