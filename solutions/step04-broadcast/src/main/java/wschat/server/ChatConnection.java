package wschat.server;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import wschat.frame.CloseCode;
import wschat.frame.FrameDecoder;
import wschat.frame.WebSocketException;

/**
 * One member's WebSocket connection, from the 101 to the end of TCP. It runs on the connection's
 * own thread, reading frames; its {@link Outbox} writes on another.
 *
 * <p>Every way a connection can end leaves the room working (§7): the member leaves the room,
 * the others get the leave notice, and the socket is closed.
 */
final class ChatConnection {

    private static final System.Logger LOG = System.getLogger("wschat.server");

    /** After our close frame, how long we wait for the client's close frame and FIN (§7.1.1). */
    private static final int CLOSING_TIMEOUT_MILLIS = 2000;

    private final Socket socket;
    private final InputStream in;
    private final Room room;
    private final ChatConfig config;
    private final Runnable releaseSlot;

    /** {@code releaseSlot} gives the member's place in the room back, once, as it leaves. */
    ChatConnection(Socket socket, InputStream in, Room room, ChatConfig config, Runnable releaseSlot) {
        this.socket = socket;
        this.in = in;
        this.room = room;
        this.config = config;
        this.releaseSlot = releaseSlot;
    }

    void run() throws IOException {
        Outbox outbox = new Outbox(socket, config.outboxLimitBytes(), "chat-" + socket.getPort());
        outbox.start();
        FrameDecoder decoder = FrameDecoder.forServer(config.maxMessageBytes());
        Member member = null;
        try {
            member = room.join(outbox);
            ChatSession session = new ChatSession(room, member, new MessageAssembler(config.maxMessageBytes()));
            while (session.onFrame(decoder.readFrame(in))) {
                // each frame is handled inside onFrame; false means a close frame was answered
            }
        } catch (WebSocketException e) {
            // §7.1.7: the client broke a rule; fail the connection with the code it earned.
            LOG.log(System.Logger.Level.INFO, "{0}: {1}", name(member), e.getMessage());
            outbox.close(e.closeCode(), fitCloseReason(e.getMessage()));
        } catch (EOFException | SocketException e) {
            // The client vanished (closed the tab, lost the network) or was dropped: no close frame to send.
        } catch (RuntimeException e) {
            // A bug, or an exercise still to do: tell the client why, instead of hanging up silently.
            LOG.log(System.Logger.Level.WARNING, name(member) + ": " + e, e instanceof UnsupportedOperationException ? null : e);
            outbox.close(CloseCode.INTERNAL_ERROR, fitCloseReason(String.valueOf(e.getMessage())));
        } finally {
            releaseSlot.run(); // first, so that whoever hears the leave notice can take the place
            if (member != null) {
                room.leave(member);
            }
            outbox.close(CloseCode.GOING_AWAY, ""); // does nothing if a close frame is already queued
            finishClosing(outbox);
        }
    }

    /**
     * The end of the close handshake, §7.1.1: the writer sends our close frame and half-closes
     * TCP; we then read (and ignore) whatever the client still sends until it closes its side too,
     * or the timeout passes. The socket itself is closed by the server's connection thread.
     */
    private void finishClosing(Outbox outbox) {
        long deadline = System.nanoTime() + CLOSING_TIMEOUT_MILLIS * 1_000_000L;
        try {
            outbox.awaitWritten(CLOSING_TIMEOUT_MILLIS);
            byte[] discard = new byte[1024];
            long left;
            // One deadline for all of it: a client trickling bytes does not get a new timeout per read.
            while ((left = (deadline - System.nanoTime()) / 1_000_000L) > 0) {
                socket.setSoTimeout((int) left);
                if (in.read(discard) == -1) {
                    break; // the client's FIN: the close handshake is over
                }
            }
        } catch (IOException e) {
            // timed out or reset: either way the connection is over
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String name(Member member) {
        return member == null ? "new member" : member.name();
    }

    /** A close reason holds at most 123 bytes of UTF-8 (§5.5): cut longer text at a character boundary. */
    static String fitCloseReason(String reason) {
        String fitted = reason;
        while (fitted.getBytes(StandardCharsets.UTF_8).length > 123) {
            fitted = fitted.substring(0, fitted.offsetByCodePoints(fitted.length(), -1));
        }
        return fitted;
    }
}
