package wschat.server;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import wschat.frame.CloseCode;
import wschat.frame.FrameEncoder;
import wschat.frame.Frames;

/**
 * One client's outgoing frames: a queue and a writer of its own.
 *
 * <p>Which writer depends on the threads ({@link Threads}). On Java 17 it is a platform thread that
 * lives as long as the connection and waits in {@code queue.take()} for the next frame. On Java 21+
 * a virtual writer is started when a frame is queued and none is running, writes until the queue
 * is empty, and ends: an idle member then holds no writer at all, only its reader, and a busy one
 * keeps its writer going from frame to frame. Either way one writer at a time writes to the socket,
 * in queue order.
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
    /** Counted down when the last frame is written, or the client is gone. */
    private final CountDownLatch finished = new CountDownLatch(1);
    private final String writerName;
    /** The platform writer, for the whole connection; null when writers are virtual, one per busy spell. */
    private final Thread writer;
    /** Virtual writers: true while one runs (and for good after the last frame), so only one writes at a time. */
    private final AtomicBoolean writing = new AtomicBoolean();
    /** Frames may be queued before {@link #start}; virtual writers are started only after it. */
    private volatile boolean started;

    public Outbox(Socket socket, long limitBytes, String name) {
        this.socket = socket;
        this.limitBytes = limitBytes;
        this.writerName = name + "-writer";
        this.writer = Threads.virtual() ? null : Threads.newThread(writerName, this::writeLoop);
    }

    /**
     * For a subclass that delivers frames some other way and overrides {@link #send} and
     * {@link #close}: it has no socket and no writer thread, so {@link #start} is never called.
     */
    protected Outbox() {
        this.socket = null;
        this.limitBytes = Long.MAX_VALUE;
        this.writerName = null;
        this.writer = null;
    }

    public void start() {
        started = true;
        if (writer != null) {
            writer.start();
        } else if (!queue.isEmpty()) {
            startVirtualWriter();
        }
    }

    /** After a frame is queued: starts a virtual writer if none runs (a platform writer wakes up in take()). */
    private void wakeWriter() {
        if (writer == null && started) {
            startVirtualWriter();
        }
    }

    private void startVirtualWriter() {
        if (writing.compareAndSet(false, true)) {
            Threads.newThread(writerName, this::writeUntilEmpty).start();
        }
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
        wakeWriter();
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
        wakeWriter();
    }

    /** Waits for the writer to finish, at most {@code millis}. */
    public void awaitWritten(long millis) throws InterruptedException {
        finished.await(millis, TimeUnit.MILLISECONDS);
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
            Threads.newThread(writerName + "-drop", this::closeSocketAfterGrace).start();
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

    /**
     * The platform writer, for the whole connection: waits in {@code take()} for a frame, then takes
     * whatever is queued, all of it, and writes it in one system call. A writer that woke up for one
     * frame often finds ten, and under load one write carries many frames to the client.
     */
    private void writeLoop() {
        List<byte[]> batch = new ArrayList<>();
        try {
            OutputStream out = socket.getOutputStream();
            while (true) {
                batch.add(queue.take());
                letBroadcastsGoOn();
                queue.drainTo(batch);
                if (writeBatch(out, batch)) {
                    return;
                }
                stayAwakeBriefly();
            }
        } catch (IOException e) {
            closing.set(true); // the client is gone; nothing more can be written
            finished.countDown();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            finished.countDown();
        }
    }

    /**
     * A virtual writer: writes what is queued, in batches like the platform writer's, and ends when the
     * queue is empty. A frame queued just as it gives up its turn ({@code writing} false) is not left
     * behind: either that frame's sender starts the next writer, or this one sees the frame and goes on.
     */
    private void writeUntilEmpty() {
        List<byte[]> batch = new ArrayList<>();
        try {
            OutputStream out = socket.getOutputStream();
            do {
                while (queue.drainTo(batch) > 0) {
                    if (writeBatch(out, batch)) {
                        return; // writing stays true: no writer after the last frame
                    }
                }
                writing.set(false);
            } while (!queue.isEmpty() && writing.compareAndSet(false, true));
        } catch (IOException e) {
            closing.set(true); // the client is gone; nothing more can be written
            finished.countDown();
        }
    }

    /** Writes the batch and empties it; after the close frame, half-closes TCP. True when that was the end. */
    private boolean writeBatch(OutputStream out, List<byte[]> batch) throws IOException {
        boolean end = writeAll(out, batch);
        batch.clear();
        if (end) {
            socket.shutdownOutput(); // FIN: the server ends its side of TCP after a close frame
            finished.countDown();
        }
        return end;
    }

    /** How many times a platform writer steps aside, at most, before it writes what it found. */
    private static final int MAX_YIELDS = 8;

    /**
     * A platform writer woken for one frame lets the broadcasts that woke it go on first, and steps aside
     * again as long as its queue keeps growing: then one wake-up and one write carry many frames, not
     * one each. With hundreds of members, a writer that wrote at once would be woken again for the
     * next frame, and the cores would spend their time switching threads. (A virtual writer runs when
     * a carrier thread is free, and by then finds more queued anyway.)
     */
    private void letBroadcastsGoOn() {
        int yields = 0;
        int seen;
        do {
            seen = queue.size();
            Thread.yield();
            yields++;
        } while (queue.size() > seen && yields < MAX_YIELDS);
    }

    /** How many times a platform writer that has just written steps aside, waiting for more, before it parks. */
    private static final int YIELDS_BEFORE_PARKING = 8;

    /**
     * A platform writer that has just written stays awake for a few yields before {@code take()}
     * parks it: under load the next frame comes within them and needs no wake-up (a system call, in
     * the broadcasting thread) to be delivered. In a quiet room it parks after those few yields.
     */
    private void stayAwakeBriefly() {
        for (int i = 0; i < YIELDS_BEFORE_PARKING && queue.isEmpty(); i++) {
            Thread.yield();
        }
    }

    /** The most bytes copied together into one write. */
    private static final int MAX_WRITE_BYTES = 64 * 1024;

    /** Writes the frames in order, joined into writes of up to 64 KiB; true when the end mark came. */
    private boolean writeAll(OutputStream out, List<byte[]> frames) throws IOException {
        int i = 0;
        while (i < frames.size()) {
            if (frames.get(i) == END) {
                return true;
            }
            int j = i;
            int total = 0;
            while (j < frames.size() && frames.get(j) != END
                    && (j == i || total + frames.get(j).length <= MAX_WRITE_BYTES)) {
                total += frames.get(j++).length;
            }
            if (j == i + 1) {
                out.write(frames.get(i)); // one frame: no copy
            } else {
                byte[] joined = new byte[total];
                int at = 0;
                for (int k = i; k < j; k++) {
                    System.arraycopy(frames.get(k), 0, joined, at, frames.get(k).length);
                    at += frames.get(k).length;
                }
                out.write(joined);
            }
            queuedBytes.addAndGet(-total);
            i = j;
        }
        return false;
    }
}
