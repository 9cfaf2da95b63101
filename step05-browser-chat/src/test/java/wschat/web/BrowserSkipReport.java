package wschat.web;

import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/**
 * Says once, as the last lines of the test run, that the browser tests were skipped, why, and the
 * one command that fixes it, so that a skip cannot hide in the middle of the log. Registered as a
 * JUnit Platform listener through META-INF/services (step 05's test resources).
 */
public final class BrowserSkipReport implements TestExecutionListener {

    private static volatile String reason;
    private static volatile String fix;
    private static int skipped;

    /** Called by BrowserChatTest when it found no browser. */
    static void noBrowser(String why, String command) {
        reason = why;
        fix = command;
    }

    /** The announcement, or null when no browser test was skipped for want of a browser. */
    static synchronized String announcement() {
        if (reason == null) {
            return null;
        }
        return "browser tests SKIPPED (" + skipped + " of BrowserChatTest): " + reason + " — " + fix;
    }

    @Override
    public void executionSkipped(TestIdentifier test, String why) {
        count(test);
    }

    @Override
    public void executionFinished(TestIdentifier test, TestExecutionResult result) {
        if (result.getStatus() == TestExecutionResult.Status.ABORTED) {
            count(test);
        }
    }

    private static synchronized void count(TestIdentifier test) {
        if (reason != null && test.isTest() && test.getUniqueId().contains("BrowserChatTest")) {
            skipped++;
        }
    }

    @Override
    public void testPlanExecutionFinished(TestPlan plan) {
        String line = announcement();
        if (line != null) {
            // After every test class: Surefire relays it as the last lines of the module's tests.
            System.out.println();
            System.out.println("[WARNING] " + line);
        }
    }
}
