package wschat.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.OutputStream;
import java.net.Socket;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("provided")
@DisplayName("Provided code - Outbox: one writer at a time, and no frame left behind (RFC 6455 §5.1, §7)")
class OutboxTest {

    /** Rounds of "queue one frame, watch it being written"; each round that ends the writer is a hand-over. */
    static final int ROUNDS = 100_000;

    /** How long one frame may take to reach the socket before it counts as left behind. */
    static final long LEFT_BEHIND_MILLIS = 2000;

    /**
     * The race this test looks for: the writer finds its queue empty and gives up its turn, and at that
     * very moment a frame is queued whose {@code send} still sees the writer running, so starts none.
     * The frame would wait for the next one to be queued (forever, in a quiet room). The test queues
     * the next frame the instant the last one is written, after a random pause from nothing to a few
     * microseconds, so that over many rounds a send lands at every point of the writer's way out.
     */
    @Test
    @DisplayName("a frame queued just as the writer runs out of frames is still written, 100,000 times over; "
            + "never two writers at once")
    void noFrameLeftBehind() throws Exception {
        WatchedSocket socket = new WatchedSocket();
        Outbox outbox = new Outbox(socket, Long.MAX_VALUE, "watched");
        outbox.start();
        ThreadLocalRandom random = ThreadLocalRandom.current(); // timing, not data: a seed would not replay a race
        byte[] frame = {0x42}; // one byte per frame: the bytes written count the frames
        for (int round = 1; round <= ROUNDS; round++) {
            pause((long) Math.pow(2, random.nextDouble() * 17)); // 1 ns to 131 µs, as many short pauses as long ones
            assertThat(outbox.send(frame)).as("Outbox.send of frame %d (the outbox is open)", round).isTrue();
            long deadline = System.nanoTime() + LEFT_BEHIND_MILLIS * 1_000_000;
            while (socket.written() < round) {
                if (System.nanoTime() > deadline) {
                    fail("frame %d of %d was queued but never written (%d ms, %d frames written): the writer ran out "
                            + "of frames and ended, and this frame's send, which saw it still running, started no "
                            + "other. Outbox.writeUntilEmpty must look at the queue again after writing.set(false) "
                            + "and take its turn back if a frame came (provided code, step 04: Outbox)",
                            round, ROUNDS, LEFT_BEHIND_MILLIS, socket.written());
                }
                Thread.onSpinWait();
            }
        }
        assertThat(socket.writersAtOnce()).as("the most writers that were writing to one client's socket at the same "
                + "time (Outbox: at most one writer per client, so frames go out whole and in order)").isEqualTo(1);
    }

    /** Busy-waits about {@code nanos}: sleeping would take far longer than the race lasts. */
    private static void pause(long nanos) {
        long until = System.nanoTime() + nanos;
        while (System.nanoTime() < until) {
            Thread.onSpinWait();
        }
    }

    /** A socket that only counts what is written to it, and how many threads write at the same moment. */
    private static final class WatchedSocket extends Socket {

        private volatile long written;
        private final AtomicInteger writing = new AtomicInteger();
        private final AtomicInteger mostWriting = new AtomicInteger();

        private final OutputStream out = new OutputStream() {
            @Override
            public void write(int b) {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] bytes, int offset, int length) {
                mostWriting.accumulateAndGet(writing.incrementAndGet(), Math::max);
                written += length; // one writer at a time (checked above), so no update is lost
                writing.decrementAndGet();
            }
        };

        long written() {
            return written;
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
