package wschat.course;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/**
 * The one-screen summary of a step's run. Registered for every step's tests through
 * META-INF/services; writes {@code target/course-summary.txt}, which the build prints after
 * Surefire's own report (tools/test-support/ShowSummary.java), so that the last lines of a red run
 * name the first unfinished exercise, its first failing test, the message and the file to open.
 */
public final class CourseSummary implements TestExecutionListener {

    static final int OTHERS_SHOWN = 8;
    static final int MESSAGE_LINES = 10;
    private static final Pattern EXERCISE_NUMBER = Pattern.compile("Exercise (\\d+)");
    private static final Pattern TODO_CLASS = Pattern.compile("TODO step \\d+, exercises? [\\d-]+: write (\\w+)\\.");

    /**
     * One finished test: where it sits, what it proves, and how it ended; a failed test is an {@code error}
     * when it ended with an exception other than an assertion (Surefire's "Errors"), a failure otherwise.
     */
    record Outcome(String path, int rank, String exercise, String message, boolean failed, boolean error,
            boolean skipped) {
    }

    private final List<Outcome> outcomes = new ArrayList<>();
    private TestPlan plan;

    @Override
    public void testPlanExecutionStarted(TestPlan testPlan) {
        plan = testPlan;
    }

    @Override
    public void executionSkipped(TestIdentifier test, String reason) {
        if (test.isTest()) {
            outcomes.add(new Outcome(path(test), Integer.MAX_VALUE, "", reason, false, false, true));
        }
    }

    @Override
    public void executionFinished(TestIdentifier test, TestExecutionResult result) {
        if (!test.isTest() && result.getStatus() != TestExecutionResult.Status.FAILED) {
            return;
        }
        // A class whose @BeforeAll or @AfterAll failed counts as a failure too, under the class's name.
        String message = result.getThrowable().map(CourseSummary::messageOf).orElse("");
        boolean failed = result.getStatus() == TestExecutionResult.Status.FAILED;
        boolean skipped = result.getStatus() == TestExecutionResult.Status.ABORTED;
        String exercise = HintOnFailure.todoExercise(message).or(() -> exerciseOf(test)).orElse("");
        // Counted as Surefire counts them, so that its "Tests run:" line and this summary agree.
        boolean error = failed && result.getThrowable().filter(t -> !(t instanceof AssertionError)).isPresent();
        outcomes.add(new Outcome(path(test), rank(exercise), exercise, message, failed, error, skipped));
    }

    @Override
    public void testPlanExecutionFinished(TestPlan testPlan) {
        String file = System.getProperty("course.summary.file");
        if (file == null) {
            return; // run outside the course's build (an IDE): nothing to print afterwards
        }
        try {
            Path target = Path.of(file);
            Files.createDirectories(target.getParent());
            Files.writeString(target, render(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the course summary " + file, e);
        }
    }

    String render() {
        String step = System.getProperty("course.step", "this step");
        long failed = outcomes.stream().filter(Outcome::failed).count();
        long errors = outcomes.stream().filter(Outcome::error).count();
        long failures = failed - errors;
        long skipped = outcomes.stream().filter(Outcome::skipped).count();
        long passed = outcomes.size() - failed - skipped;
        StringBuilder out = new StringBuilder();
        if (outcomes.isEmpty()) {
            return "RED " + step + ": no test ran. A run that selects no test proves nothing:"
                    + " check the -Dtest=... pattern, or run java tools/Course.java test " + step + "\n";
        }
        String counts = "(Tests run: " + outcomes.size() + ", Failures: " + failures + ", Errors: " + errors
                + ", Skipped: " + skipped + ")";
        if (failed == 0) {
            out.append("GREEN ").append(step).append(": all ").append(passed).append(" tests pass")
                    .append(skipped > 0 ? ", " + skipped + " skipped " : " ").append(counts).append("\n");
            appendSkips(out);
            return out.toString();
        }
        Outcome first = outcomes.stream().filter(Outcome::failed).min(Comparator.comparingInt(Outcome::rank)).orElseThrow();
        out.append("RED ").append(step).append(": ").append(passed).append(" of ").append(outcomes.size())
                .append(" tests pass ").append(counts).append("\n");
        out.append("=".repeat(78)).append("\n");
        out.append("Next: ").append(first.exercise.isEmpty() ? "the test below" : first.exercise)
                .append(", its first failing test:\n");
        out.append("  ").append(first.path).append("\n");
        List<String> message = first.message.lines().flatMap(l -> wrap(l, 100).stream()).toList();
        message.stream().limit(MESSAGE_LINES).forEach(l -> out.append("    ").append(l).append("\n"));
        if (message.size() > MESSAGE_LINES) {
            out.append("    ... (the whole message: ").append(step).append("/target/surefire-reports)\n");
        }
        fileToOpen(first.message).ifPresent(f -> out.append("Open: ").append(step).append("/").append(f).append("\n"));
        List<Outcome> others = outcomes.stream().filter(o -> o.failed && o != first)
                .sorted(Comparator.comparingInt(Outcome::rank)).toList();
        if (!others.isEmpty()) {
            out.append("Also failing (").append(others.size()).append("):\n");
            others.stream().limit(OTHERS_SHOWN).forEach(o -> out.append("  - ")
                    .append(o.exercise.isEmpty() ? "" : o.exercise + ": ").append(cut(o.path, 150)).append("\n"));
            if (others.size() > OTHERS_SHOWN) {
                out.append("  ... and ").append(others.size() - OTHERS_SHOWN).append(" more\n");
            }
        }
        appendSkips(out);
        out.append("Each failure in full, and what the tests printed: ").append(step).append("/target/surefire-reports/\n");
        logsWritten().forEach(log -> out.append("Log: ").append(step).append("/target/").append(log).append("\n"));
        out.append("=".repeat(78)).append("\n");
        return out.toString();
    }

    /** Skipped tests are never silent: how many, and the first reason (which says how to run them). */
    void appendSkips(StringBuilder out) {
        List<Outcome> skips = outcomes.stream().filter(Outcome::skipped).toList();
        if (!skips.isEmpty()) {
            out.append("SKIPPED (").append(skips.size()).append("): ").append(skips.get(0).path).append("\n");
            wrap(skips.get(0).message.lines().findFirst().orElse("(no reason given)"), 100)
                    .forEach(l -> out.append("    ").append(l).append("\n"));
        }
    }

    /** "Exercise K" or "Going further" from the display names, the test's own up to its class's. */
    Optional<String> exerciseOf(TestIdentifier test) {
        List<String> names = new ArrayList<>();
        for (Optional<TestIdentifier> t = Optional.of(test); t.isPresent(); t = plan.getParent(t.get())) {
            names.add(t.get().getDisplayName());
        }
        return HintOnFailure.where(names);
    }

    static int rank(String exercise) {
        Matcher n = EXERCISE_NUMBER.matcher(exercise);
        if (n.matches()) {
            return Integer.parseInt(n.group(1));
        }
        return exercise.equals("Going further") ? 2000 : 1000; // the exercises together come before
    }

    /** The test class's name, then the display names of its nested classes and of the test. */
    String path(TestIdentifier test) {
        List<String> names = new ArrayList<>();
        for (Optional<TestIdentifier> t = Optional.of(test); t.isPresent(); t = plan.getParent(t.get())) {
            TestIdentifier id = t.get();
            Optional<TestIdentifier> parent = plan.getParent(id);
            if (parent.isEmpty()) {
                continue; // the engine
            }
            boolean topClass = plan.getParent(parent.get()).isEmpty();
            names.add(0, topClass ? id.getSource().filter(ClassSource.class::isInstance)
                    .map(c -> ((ClassSource) c).getJavaClass().getSimpleName()).orElse(id.getDisplayName())
                    : id.getDisplayName());
        }
        return visible(String.join(" > ", names));
    }

    /** Control characters in a test's name (a parameter such as "new\nline") written as escapes, never sent to the terminal. */
    static String visible(String s) {
        StringBuilder out = new StringBuilder();
        s.codePoints().forEach(c -> out.append(c == '\n' ? "\\n" : c == '\r' ? "\\r" : c == '\t' ? "\\t"
                : Character.isISOControl(c) ? String.format("\\u%04x", c) : new String(Character.toChars(c))));
        return out.toString();
    }

    static String messageOf(Throwable thrown) {
        String m = thrown.getMessage();
        return (m == null || m.isBlank() ? thrown.getClass().getName() : m).strip();
    }

    /** The learner's file whose TODO threw: "TODO step 01, exercise 1: write HttpHeaders.add" is HttpHeaders.java. */
    static Optional<String> fileToOpen(String message) {
        Matcher todo = TODO_CLASS.matcher(message);
        if (!todo.find()) {
            return Optional.empty();
        }
        String wanted = todo.group(1) + ".java";
        Path main = Path.of("src", "main");
        if (!Files.isDirectory(main)) {
            return Optional.empty();
        }
        try (Stream<Path> files = Files.walk(main)) {
            return files.filter(p -> p.getFileName().toString().equals(wanted)).findFirst()
                    .map(p -> p.toString().replace('\\', '/'));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** A long line cut at spaces into lines of about {@code width} characters. */
    static List<String> wrap(String line, int width) {
        List<String> lines = new ArrayList<>();
        String rest = line;
        while (rest.length() > width) {
            int at = rest.lastIndexOf(' ', width);
            if (at <= width / 2) {
                at = width;
            }
            lines.add(rest.substring(0, at));
            rest = "  " + rest.substring(at).strip();
        }
        lines.add(rest);
        return lines;
    }

    /** Logs the tests had written under target/ (step 04's server.log, for one). */
    static List<String> logsWritten() {
        Path target = Path.of("target");
        if (!Files.isDirectory(target)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(target)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".log")).sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    static String cut(String line, int max) {
        return line.length() <= max ? line : line.substring(0, max) + " ...";
    }

    @Override
    public String toString() {
        return outcomes.stream().map(Outcome::path).collect(Collectors.joining("\n"));
    }
}
