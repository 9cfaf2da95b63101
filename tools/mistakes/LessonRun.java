import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClasspathRoots;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.discovery.ClassNameFilter;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TagFilter;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * Runs a step's lesson tests the way the course's Surefire configuration does (the same test class
 * names, tags challenge and provided left out, extensions autodetected, classes in display-name
 * order) and stops at the first failure, printing it. Used by tools/Mistakes.java, which compiles
 * it against the step's test class path; not a learner's tool.
 *
 * <p>Arguments: the test-classes folder, then an optional class-name regex. Prints
 * {@code FAILED <test> :: <first line of the message>} and exits 1, or {@code PASSED <n>} and exits 0
 * (2 when no test passed).
 */
public class LessonRun {

    /** How long the tests' shutdown hooks get at exit (step 05's BrowserSupply needs at most 13 s). */
    static final Duration HOOKS_LIMIT = Duration.ofSeconds(20);

    public static void main(String[] args) {
        // UTF-8 whatever the platform's charset (a mistake may run with -Dfile.encoding=ISO-8859-1).
        java.io.PrintStream out = new java.io.PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true,
                java.nio.charset.StandardCharsets.UTF_8);
        String classes = args.length > 1 ? args[1] : ".*(Test|Tests|TestCase)$|^(.*\\.)?Test[^.]*$";
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                .selectors(selectClasspathRoots(Set.of(Path.of(args[0]))))
                .filters(ClassNameFilter.includeClassNamePatterns(classes), TagFilter.excludeTags("challenge", "provided"))
                .configurationParameters(Map.of(
                        "junit.jupiter.extensions.autodetection.enabled", "true",
                        "junit.jupiter.testclass.order.default", "org.junit.jupiter.api.ClassOrderer$DisplayName",
                        "junit.jupiter.testmethod.order.default", "org.junit.jupiter.api.MethodOrderer$OrderAnnotation"))
                .build();
        AtomicInteger passed = new AtomicInteger();
        TestExecutionListener stopAtFirstFailure = new TestExecutionListener() {
            TestPlan plan;

            @Override
            public void testPlanExecutionStarted(TestPlan testPlan) {
                plan = testPlan;
            }

            @Override
            public void executionFinished(TestIdentifier test, TestExecutionResult result) {
                if (result.getStatus() == TestExecutionResult.Status.SUCCESSFUL) {
                    if (test.isTest()) {
                        passed.incrementAndGet();
                    }
                    return;
                }
                if (result.getStatus() == TestExecutionResult.Status.ABORTED) {
                    return;
                }
                String message = result.getThrowable().map(t -> t.getMessage() == null ? t.toString() : t.getMessage())
                        .orElse("(no message)").strip();
                String first = message.lines().findFirst().orElse("(no message)");
                out.println("FAILED " + path(test) + " :: " + (first.length() > 300 ? first.substring(0, 300) + " ..." : first));
                out.flush();
                exit(1);
            }

            /** The display names from the test class down to the test, as the course's summary shows them. */
            String path(TestIdentifier test) {
                StringBuilder b = new StringBuilder(test.getDisplayName());
                for (var p = plan.getParent(test); p.isPresent() && p.get().getParentId().isPresent(); p = plan.getParent(p.get())) {
                    b.insert(0, p.get().getDisplayName() + " › ");
                }
                return b.toString();
            }
        };
        LauncherFactory.create().execute(request, stopAtFirstFailure);
        out.println("PASSED " + passed.get());
        out.flush();
        exit(passed.get() == 0 ? 2 : 0);
    }

    /**
     * Ends the JVM, the remaining tests unrun, after the tests' shutdown hooks: the browser tests quit
     * their browsers and delete their profiles there (with {@code halt} they kept running after the
     * catalogue, holding a profile each in the temp folder). A hook that hangs is cut short after
     * {@link #HOOKS_LIMIT}, with whatever this JVM started.
     */
    static void exit(int code) {
        Thread watchdog = new Thread(() -> {
            try {
                Thread.sleep(HOOKS_LIMIT.toMillis());
            } catch (InterruptedException ignored) {
                // halt now
            }
            ProcessHandle.current().descendants().forEach(ProcessHandle::destroyForcibly);
            Runtime.getRuntime().halt(code);
        }, "halt-if-hooks-hang");
        watchdog.setDaemon(true);
        watchdog.start();
        System.exit(code);
    }
}
