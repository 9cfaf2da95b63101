package wschat.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("provided")
@DisplayName("Provided code - Outbox: one writer at a time, and no frame left behind")
class OutboxTest {

    /** Rounds of "queue one frame, watch it being written"; each round that ends the writer is a hand-over. */
    static final int ROUNDS = 100_000;

    /** The rounds stop here if the machine is slow: the missing re-check is caught within a few thousand. */
    static final long MAX_SECONDS = 20;

    /** How long one frame may take to reach the socket before it counts as left behind (a stall is not one). */
    static final long LEFT_BEHIND_SECONDS = 10;

    /** Threads sending into one outbox at once, and frames each, in {@link #oneWriterAtATime}. */
    static final int SENDERS = 4;
    static final int FRAMES_PER_SENDER = 2_000;

    /**
     * The race this test looks for: the writer finds its queue empty and gives up its turn, and at that
     * very moment a frame is queued whose {@code send} still sees the writer running, so starts none.
     * The frame would wait for the next one to be queued (forever, in a quiet room). The test queues
     * the next frame the instant the last one is written, after a random busy-wait of 1 ns to 131 µs,
     * so that over many rounds a send lands at every point of the writer's way out. (step04-broadcast's
     * pom.xml keeps {@code writeUntilEmpty} interpreted, or that window is too short to be hit.)
     */
    @Test
    @DisplayName("a frame queued just as the writer runs out of frames is still written, round after round")
    void noFrameLeftBehind() {
        WatchedSocket socket = new WatchedSocket(0);
        Outbox outbox = new Outbox(socket, Long.MAX_VALUE, "watched");
        outbox.start();
        ThreadLocalRandom random = ThreadLocalRandom.current(); // timing, not data: a seed would not replay a race
        byte[] frame = {0x42}; // one byte per frame: the bytes written count the frames
        long stopAt = System.nanoTime() + TimeUnit.SECONDS.toNanos(MAX_SECONDS);
        for (int round = 1; round <= ROUNDS && System.nanoTime() < stopAt; round++) {
            busyWait((long) Math.pow(2, random.nextDouble() * 17)); // 1 ns to 131 µs, as many short waits as long
            assertThat(outbox.send(frame)).as("Outbox.send of frame %d (the outbox is open)", round).isTrue();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(LEFT_BEHIND_SECONDS);
            while (socket.written() < round) {
                if (System.nanoTime() > deadline) {
                    fail("frame %d was queued but never written (%d s, %d frames written): the writer ran out of "
                            + "frames and ended, and this frame's send, which saw it still running, started no "
                            + "other. Outbox.writeUntilEmpty must look at the queue again after writing.set(false) "
                            + "and take its turn back if a frame came (provided code, step 04: Outbox)",
                            round, LEFT_BEHIND_SECONDS, socket.written());
                }
                Thread.onSpinWait();
            }
        }
    }

    /**
     * Four threads queue frames at once into an outbox whose socket writes slowly (20 µs a write), as
     * four broadcasts do. If a second writer could start while one runs, the two would write at the
     * same time and a client could get frames out of order, or interleaved.
     */
    @Test
    @DisplayName("four threads sending at once: never two writers writing at once, and each thread's frames in order")
    void oneWriterAtATime() throws Exception {
        WatchedSocket socket = new WatchedSocket(20_000);
        Outbox outbox = new Outbox(socket, Long.MAX_VALUE, "watched");
        outbox.start();
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> senders = new ArrayList<>();
        for (int s = 0; s < SENDERS; s++) {
            int sender = s;
            Thread thread = new Thread(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int n = 0; n < FRAMES_PER_SENDER; n++) {
                    outbox.send(ByteBuffer.allocate(Integer.BYTES).putInt(sender << 24 | n).array());
                }
            });
            senders.add(thread);
            thread.start();
        }
        go.countDown();
        for (Thread thread : senders) {
            thread.join(TimeUnit.SECONDS.toMillis(LEFT_BEHIND_SECONDS));
        }
        long expectedBytes = (long) SENDERS * FRAMES_PER_SENDER * Integer.BYTES;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(LEFT_BEHIND_SECONDS);
        while (socket.written() < expectedBytes && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        assertThat(socket.writersAtOnce()).as("the most writers writing to one client's socket at the same time "
                + "(Outbox: a writer starts only when none runs, so frames go out whole and in queue order)").isEqualTo(1);
        assertThat(socket.written()).as("bytes written: %d senders x %d frames of 4 bytes", SENDERS, FRAMES_PER_SENDER)
                .isEqualTo(expectedBytes);
        int[] next = new int[SENDERS];
        ByteBuffer bytes = ByteBuffer.wrap(socket.bytes());
        while (bytes.hasRemaining()) {
            int value = bytes.getInt();
            int sender = value >>> 24;
            int n = value & 0xFFFFFF;
            assertThat(n).as("the next frame of sender %d on the wire (a frame out of order or torn: two writers)",
                    sender).isEqualTo(next[sender]);
            next[sender]++;
        }
    }

    /** Busy-waits about {@code nanos}: sleeping would take far longer than the race lasts. */
    private static void busyWait(long nanos) {
        long until = System.nanoTime() + nanos;
        while (System.nanoTime() < until) {
            Thread.onSpinWait();
        }
    }

    /** A socket that keeps what is written to it, and counts how many threads write at the same moment. */
    private static final class WatchedSocket extends Socket {

        private final long writeNanos;
        private final AtomicInteger writing = new AtomicInteger();
        private final AtomicInteger mostWriting = new AtomicInteger();
        private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
        private volatile long written;

        WatchedSocket(long writeNanos) {
            this.writeNanos = writeNanos;
        }

        private final OutputStream out = new OutputStream() {
            @Override
            public void write(int b) {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] bytes, int offset, int length) {
                mostWriting.accumulateAndGet(writing.incrementAndGet(), Math::max);
                busyWait(writeNanos);
                synchronized (kept) {
                    kept.write(bytes, offset, length);
                    written = kept.size(); // under the lock: two writers at once lose no count
                }
                writing.decrementAndGet();
            }
        };

        long written() {
            return written;
        }

        byte[] bytes() {
            synchronized (kept) {
                return kept.toByteArray();
            }
        }

        int writersAtOnce() {
            return mostWriting.get();
        }

        @Override
        public OutputStream getOutputStream() {
            return out;
        }

        @Override
        public void shutdownOutput() {
            // nothing to end: there is no connection
        }
    }
}
