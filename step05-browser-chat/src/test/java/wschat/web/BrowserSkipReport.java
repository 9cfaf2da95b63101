package wschat.web;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Says once, after the browser tests, that they were skipped, why, and the one command that fixes
 * it, so that a skip cannot hide in the middle of the log. BrowserChatTest calls it from its
 * {@code @AfterAll}. It writes to the process's own standard error, not to System.out, so that it
 * reaches the console even when Surefire sends the tests' output to a file.
 */
final class BrowserSkipReport {

    private static String reason;
    private static String fix;
    private static int skipped;

    private BrowserSkipReport() {
    }

    /** No browser: every browser test will be skipped for this reason. */
    static synchronized void noBrowser(String why, String command) {
        reason = why;
        fix = command;
    }

    /** One browser test skipped. */
    static synchronized void skipped() {
        skipped++;
    }

    /** The announcement, or null when no browser test was skipped for want of a browser. */
    static synchronized String announcement() {
        if (reason == null || skipped == 0) {
            return null;
        }
        return "browser tests SKIPPED (" + skipped + " of BrowserChatTest): " + reason + " — " + fix;
    }

    /** Prints the announcement, if any, once. */
    static synchronized void print() {
        String line = announcement();
        if (line == null) {
            return;
        }
        PrintStream console = new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);
        console.println();
        console.println("[WARNING] " + line);
        reason = null;
    }
}
