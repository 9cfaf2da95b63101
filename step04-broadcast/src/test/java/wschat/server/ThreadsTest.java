package wschat.server;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("provided")
@DisplayName("Provided code - Threads: virtual threads on Java 21 and later, platform threads on Java 17")
class ThreadsTest {

    @Test
    @DisplayName("a connection's thread is virtual where the JDK has virtual threads (21+), else a daemon platform thread")
    void kindFollowsTheJdk() throws Exception {
        int jdk = Runtime.version().feature();
        boolean forcedPlatform = "platform".equals(System.getProperty("wschat.threads"));
        boolean expectVirtual = jdk >= 21 && !forcedPlatform;
        Thread thread = Threads.newThread("guest-1-writer", () -> { });
        assertThat(isVirtual(thread)).as("is the thread Threads.newThread made virtual, on Java %d%s? (Threads looks up "
                + "Thread.ofVirtual() at run time; if that lookup fails on 21+, the server silently falls back to "
                + "platform threads and can hold far fewer members)", jdk, forcedPlatform ? " with -Dwschat.threads=platform" : "")
                .isEqualTo(expectVirtual);
        assertThat(Threads.virtual()).as("Threads.virtual() on Java %d", jdk).isEqualTo(expectVirtual);
        assertThat(thread.getName()).as("the thread's name (thread dumps and logs show it)").isEqualTo("guest-1-writer");
        assertThat(thread.isDaemon()).as("a connection's thread is a daemon: it never keeps the JVM alive").isTrue();
    }

    /** {@code Thread.isVirtual()}, which Java 17 does not have: there, no thread is virtual. */
    private static boolean isVirtual(Thread thread) throws Exception {
        if (Runtime.version().feature() < 21) {
            return false;
        }
        return (Boolean) Thread.class.getMethod("isVirtual").invoke(thread);
    }
}
