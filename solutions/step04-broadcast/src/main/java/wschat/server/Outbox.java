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
 * One client's outgoing frames: a queue, and a writer that empties it.
 *
 * <p>{@link #send} never blocks, so a broadcast hands the same encoded bytes to every outbox and
 * moves on; a client that reads slowly only fills its own queue. When a queue holds more than the
 * configured bytes the client is too slow to keep up, and it is dropped with close code 1008.
 *
 * <p>The writer is started when a frame is queued and no writer is running; it writes until the
 * queue is empty, and ends. So there is never more than one writer per client, frames go out in
 * queue order, and an idle member holds no writer at all, only its reader. {@link Threads} gives
 * the writer its thread: a new virtual thread on Java 21+, a pooled platform thread on Java 17.
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
    private final String name;
    /** The name of this client's virtual writer threads (Java 21+; pooled ones keep their own), made once. */
    private final String writerName;
    private final LinkedBlockingQueue<byte[]> queue = new LinkedBlockingQueue<>();
    private final AtomicLong queuedBytes = new AtomicLong();
    private final AtomicBoolean closing = new AtomicBoolean();
    /** True while a writer runs, and for good after the last frame: at most one writer at a time. */
    private final AtomicBoolean writing = new AtomicBoolean();
    /** Counted down when the last frame is written, or when writing fails (the client is gone). */
    private final CountDownLatch finished = new CountDownLatch(1);
    /** Frames queued before {@link #start} wait for it. */
    private volatile boolean started;

    public Outbox(Socket socket, long limitBytes, String name) {
        this.socket = socket;
        this.limitBytes = limitBytes;
        this.name = name;
        this.writerName = name + "-writer";
    }

    /**
     * For a subclass that delivers frames some other way and overrides {@link #send} and
     * {@link #close}: it has no socket and no writer, so {@link #start} is never called.
     */
    protected Outbox() {
        this.socket = null;
        this.limitBytes = Long.MAX_VALUE;
        this.name = null;
        this.writerName = null;
    }

    /** From now on, a queued frame starts a writer (and one already queued does now). */
    public void start() {
        started = true;
        startWriterIfIdle();
    }

    /** Starts a writer if there is something to write, the outbox has started, and no writer is running. */
    private void startWriterIfIdle() {
        if (started && !queue.isEmpty() && writing.compareAndSet(false, true)) {
            try {
                Threads.startWriter(writerName, this::writeUntilEmpty);
            } catch (RuntimeException | Error e) {
                // No thread to be had (out of memory or threads): this client cannot be served, and the
                // broadcast that got here must go on to the others. Closing the socket ends its reader too.
                stopWriting();
                closeQuietly();
            }
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
        startWriterIfIdle();
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
        startWriterIfIdle();
    }

    /** Waits until the close frame is written (or the client is gone), at most {@code millis}. */
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
            Threads.newThread(name + "-drop", this::closeSocketAfterGrace).start();
        }
    }

    private void closeSocketAfterGrace() {
        try {
            Thread.sleep(DROP_GRACE_MILLIS); // a polite client answers sooner, and its connection ends by itself
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closeQuietly();
    }

    private void closeQuietly() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing a socket that is already broken: nothing more to do
        }
    }

    /**
     * The writer: takes whatever is queued, all of it, and writes it in one system call; again until
     * the queue is empty; then ends. A writer started for one frame often finds ten, and under load
     * one write carries many frames to the client.
     *
     * <p>A frame queued just as the writer gives up its turn ({@code writing} set to false) is not left
     * behind: either that frame's {@code send} starts the next writer, or this one sees the frame and
     * takes its turn back.
     */
    private void writeUntilEmpty() {
        List<byte[]> batch = new ArrayList<>();
        try {
            OutputStream out = socket.getOutputStream();
            while (true) {
                if (!Threads.virtual() && queue.size() > 1) {
                    letBroadcastsGoOn();
                }
                while (queue.drainTo(batch) > 0) {
                    if (writeBatch(out, batch)) {
                        return; // writing stays true: no writer after the last frame
                    }
                }
                if (!Threads.virtual() && stayAwakeBriefly()) {
                    continue;
                }
                writing.set(false);
                if (queue.isEmpty() || !writing.compareAndSet(false, true)) {
                    return;
                }
            }
        } catch (IOException e) {
            stopWriting(); // the client is gone
        } catch (RuntimeException | Error e) {
            stopWriting(); // a bug, or no memory
            throw e;
        }
    }

    /** Nothing more will be written: later sends are refused, and nobody waits for the close frame. */
    private void stopWriting() {
        closing.set(true);
        finished.countDown();
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
     * A platform writer that finds more than one frame waiting knows that broadcasts are in full swing:
     * it lets them go on first ({@code Thread.yield()}), and again as long as its queue keeps growing,
     * so that one write carries many frames, not one each. (A writer that finds one frame writes it
     * at once: in a quiet room, stepping aside would only make that frame wait behind every other
     * thread that is ready to run. A virtual writer runs when a carrier thread is free, and by then
     * finds more queued anyway.)
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

    /** How many times a platform writer that has just written steps aside, waiting for more, before it ends. */
    private static final int YIELDS_BEFORE_ENDING = 8;

    /**
     * A platform writer that has emptied its queue steps aside a few times before it ends; true if a
     * frame came meanwhile. Under load the next frame comes within those yields, and the writer goes
     * on without a new one being started (a hand-over to a parked thread: a system call, paid by the
     * broadcasting thread). In a quiet room it ends after those few yields.
     */
    private boolean stayAwakeBriefly() {
        for (int i = 0; i < YIELDS_BEFORE_ENDING && queue.isEmpty(); i++) {
            Thread.yield();
        }
        return !queue.isEmpty();
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
