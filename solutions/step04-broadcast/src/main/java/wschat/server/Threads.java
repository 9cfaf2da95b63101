package wschat.server;

import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Where the server's threads come from: one thread of control per connection and one writer per
 * client at a time, as the lesson says, but which kind of thread depends on the JDK.
 *
 * <p>On Java 21 and later they are <em>virtual threads</em>: the JDK runs thousands of them on a few
 * platform threads, parks one that waits for the network without holding a platform thread or a
 * 1 MB stack, and wakes it when its socket is ready. The code that runs on them is the same blocking
 * code ({@code readFrame}, {@code write}). The method that makes them,
 * {@code Thread.ofVirtual()}, is looked up at run time, so this class compiles on Java 17, where
 * the server uses platform threads with a small stack instead.
 *
 * <p>A client's writer runs only while it has frames to write ({@link Outbox}). On Java 21+ each
 * such spell gets a new virtual thread, which is cheap to start (a few objects on the heap). A
 * platform thread costs much more to start, so on Java 17 writers come from a pool: a thread that
 * has finished one client's frames is handed the next client's, and is kept for a few seconds
 * without work before it ends.
 *
 * <p>{@code -Dwschat.threads=platform} forces platform threads (to compare the two).
 */
final class Threads {

    /** Enough for the deepest call chain here (frame decoding, logging a stack trace), a quarter of the default. */
    private static final long PLATFORM_STACK_BYTES = 256 * 1024;

    /** Makes virtual threads ({@code Thread.ofVirtual().factory()}); null before Java 21 and with -Dwschat.threads=platform. */
    private static final ThreadFactory VIRTUAL = virtualThreadFactory();

    /** Looked up once, at run time: this class compiles on Java 17, where the method does not exist. */
    private static ThreadFactory virtualThreadFactory() {
        if ("platform".equals(System.getProperty("wschat.threads"))) {
            return null;
        }
        try {
            Object builder = Thread.class.getMethod("ofVirtual").invoke(null);
            return (ThreadFactory) Class.forName("java.lang.Thread$Builder").getMethod("factory").invoke(builder);
        } catch (ReflectiveOperationException e) {
            return null; // Java 17: no virtual threads
        }
    }

    private Threads() {
    }

    /** Starts a client's writer: on a new virtual thread on Java 21+, else on a pooled platform thread. */
    static void startWriter(String name, Runnable writer) {
        if (VIRTUAL != null) {
            newThread(name, writer).start();
        } else {
            PlatformWriters.POOL.execute(writer);
        }
    }

    /** Java 17's writer threads; the class is loaded, and the pool made, only where it is used. */
    private static final class PlatformWriters {

        /** How long a writer thread without work is kept for the next client's frames. */
        private static final long KEEP_IDLE_SECONDS = 2;

        private static final AtomicInteger COUNT = new AtomicInteger();

        /** No queue of its own: each writer goes to an idle thread at once, or to a new one. */
        static final ThreadPoolExecutor POOL = new ThreadPoolExecutor(0, Integer.MAX_VALUE,
                KEEP_IDLE_SECONDS, TimeUnit.SECONDS, new SynchronousQueue<>(),
                writer -> newThread("chat-writer-" + COUNT.incrementAndGet(), writer));
    }

    /** True when {@link #newThread} makes virtual threads. */
    static boolean virtual() {
        return VIRTUAL != null;
    }

    /** A new, not yet started thread for one connection's work: virtual on Java 21+, else a daemon platform thread. */
    static Thread newThread(String name, Runnable task) {
        if (VIRTUAL != null) {
            Thread thread = VIRTUAL.newThread(task);
            thread.setName(name);
            return thread; // virtual threads are always daemon threads
        }
        Thread thread = new Thread(null, task, name, PLATFORM_STACK_BYTES);
        thread.setDaemon(true);
        return thread;
    }
}
