package wschat.server;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import wschat.frame.CloseCode;
import wschat.frame.FrameEncoder;
import wschat.frame.Frames;

/**
 * One client's outgoing frames: a queue and a writer thread of its own.
 *
 * <p>{@link #send} never blocks, so a broadcast hands the same encoded bytes to every outbox and
 * moves on; a client that reads slowly only fills its own queue. When a queue holds more than the
 * configured bytes the client is too slow to keep up, and it is dropped with close code 1008.
 *
 * <p>A member without a socket of its own (step 05's long polling) gets a subclass instead, made with
 * the protected constructor, that overrides {@link #send} and {@link #close}.
 */
public class Outbox {

    /** Marks the end of the queue: the writer stops after the frame before it. */
    private static final byte[] END = new byte[0];

    /** How long a dropped client has to read the 1008 close frame and answer it, before its socket is closed. */
    private static final long DROP_GRACE_MILLIS = 5000;

    private final Socket socket;
    private final long limitBytes;
    private final LinkedBlockingQueue<byte[]> queue = new LinkedBlockingQueue<>();
    private final AtomicLong queuedBytes = new AtomicLong();
    private final AtomicBoolean closing = new AtomicBoolean();
    private final Thread writer;

    public Outbox(Socket socket, long limitBytes, String name) {
        this.socket = socket;
        this.limitBytes = limitBytes;
        this.writer = new Thread(this::writeLoop, name + "-writer");
        this.writer.setDaemon(true);
    }

    /**
     * For a subclass that delivers frames some other way and overrides {@link #send} and
     * {@link #close}: it has no socket and no writer thread, so {@link #start} is never called.
     */
    protected Outbox() {
        this.socket = null;
        this.limitBytes = Long.MAX_VALUE;
        this.writer = null;
    }

    public void start() {
        writer.start();
    }

    /**
     * Queues one encoded frame and returns at once. Returns {@code false} when the outbox is closing,
     * or when this frame would take the queue past its limit (the client is then dropped with 1008).
     */
    public boolean send(byte[] frameBytes) {
        if (closing.get()) {
            return false;
        }
        if (queuedBytes.addAndGet(frameBytes.length) > limitBytes) {
            queuedBytes.addAndGet(-frameBytes.length);
            dropTooSlow();
            return false;
        }
        queue.add(frameBytes);
        return true;
    }

    /**
     * Queues a close frame as the last frame; the writer sends it and then half-closes the TCP
     * connection (FIN), the server's part of ending the connection (§7.1.1). Later sends are ignored.
     */
    public void close(int code, String reason) {
        byte[] closeFrame = FrameEncoder.encode(Frames.close(code, reason)); // may refuse the code: before the state changes
        if (closing.compareAndSet(false, true)) {
            enqueueLast(closeFrame);
        }
    }

    /** The close frame, counted like any frame, then the end mark. */
    private void enqueueLast(byte[] closeFrame) {
        queuedBytes.addAndGet(closeFrame.length);
        queue.add(closeFrame);
        queue.add(END);
    }

    /** Waits for the writer to finish, at most {@code millis}. */
    public void awaitWritten(long millis) throws InterruptedException {
        writer.join(millis);
    }

    private void dropTooSlow() {
        if (closing.compareAndSet(false, true)) {
            // What is queued will never be read in time: drop it and say why, if the client still listens.
            byte[] dropped;
            while ((dropped = queue.poll()) != null) {
                queuedBytes.addAndGet(-dropped.length);
            }
            enqueueLast(FrameEncoder.encode(Frames.close(CloseCode.POLICY_VIOLATION, "too slow: outbox over "
                    + limitBytes + " bytes")));
            // A writer blocked on a full TCP window may never reach that close frame, and a client that
            // does not read will not answer it: give both a moment, then close the socket, which ends
            // the writer and the connection's reader, and so the member leaves the room.
            Thread watchdog = new Thread(this::closeSocketAfterGrace, writer.getName() + "-drop");
            watchdog.setDaemon(true);
            watchdog.start();
        }
    }

    private void closeSocketAfterGrace() {
        try {
            Thread.sleep(DROP_GRACE_MILLIS); // a polite client answers sooner, and its connection ends by itself
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing a socket that is already broken: nothing more to do
        }
    }

    private void writeLoop() {
        try {
            OutputStream out = new BufferedOutputStream(socket.getOutputStream(), 16 * 1024);
            while (true) {
                byte[] bytes = queue.take();
                if (bytes == END) {
                    out.flush();
                    socket.shutdownOutput(); // FIN: the server ends its side of TCP after a close frame
                    return;
                }
                queuedBytes.addAndGet(-bytes.length);
                out.write(bytes);
                if (queue.isEmpty()) {
                    out.flush(); // one system call for everything queued while we were writing
                }
            }
        } catch (IOException e) {
            closing.set(true); // the client is gone; nothing more can be written
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
