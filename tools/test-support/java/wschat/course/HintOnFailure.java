package wschat.course;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;
import org.opentest4j.AssertionFailedError;

/**
 * Ends every failure with where to find help: the step's HINTS.md at the exercise the test belongs
 * to (from "Exercise K" in its display names), and the lesson. Registered for every test of the
 * step through META-INF/services; the parent pom turns on JUnit's extension autodetection.
 */
public final class HintOnFailure implements TestExecutionExceptionHandler {

    private static final Pattern TODO = Pattern.compile("TODO step \\d+, exercises? (\\d+)");
    private static final Pattern TOGETHER = Pattern.compile("^Exercises (?:[\\d-]+ )?together");
    private static final Pattern EXERCISE = Pattern.compile("\\bExercises? (\\d+(?:-\\d+)?)");

    @Override
    public void handleTestExecutionException(ExtensionContext context, Throwable thrown) throws Throwable {
        String message = String.valueOf(thrown.getMessage());
        if (message.contains("HINTS.md")) {
            thrown.setStackTrace(pointedAtTest(context, thrown.getStackTrace()));
            throw thrown; // a skeleton's TODO message already says where to look
        }
        String step = System.getProperty("course.step", "this step");
        // The exercise whose TODO threw (its text travels in close reasons too), else the test's own.
        Optional<String> where = todoExercise(message).or(() -> where(context));
        // On the same line when the message is one line, so that Surefire's list of failures stays one line each.
        String hint = (message.contains("\n") ? "\n" : "  ") + "-> Stuck? " + step + "/HINTS.md"
                + where.map(w -> ", \"" + w + "\"").orElse("") + "; the lesson: " + step + "/README.md";
        Throwable withHint;
        if (thrown instanceof AssertionFailedError failed && failed.isExpectedDefined() && failed.isActualDefined()) {
            // Keep expected and actual, which IDEs show side by side.
            withHint = new AssertionFailedError(message + hint, failed.getExpected().getValue(),
                    failed.getActual().getValue(), failed.getCause());
        } else if (thrown instanceof AssertionError) {
            withHint = new AssertionFailedError(message + hint, thrown.getCause());
        } else {
            withHint = new AssertionFailedError(thrown + hint, thrown);
        }
        withHint.setStackTrace(pointedAtTest(context, thrown.getStackTrace()));
        throw withHint;
    }

    /**
     * The stack without the frames of the test's own helpers (methods of the test class or its outer
     * classes called by the test method), so that Surefire's one-line list names the test that
     * failed ("FrameDecoderTest$Rules.reservedBits:187"), not the helper ("assertFails:323").
     */
    static StackTraceElement[] pointedAtTest(ExtensionContext context, StackTraceElement[] stack) {
        Optional<java.lang.reflect.Method> method = context.getTestMethod();
        if (method.isEmpty()) {
            return stack;
        }
        String testClass = method.get().getDeclaringClass().getName();
        String topLevel = testClass.replaceFirst("\\$.*", "");
        int test = -1;
        for (int i = 0; i < stack.length && test < 0; i++) {
            if (stack[i].getClassName().equals(testClass) && stack[i].getMethodName().equals(method.get().getName())) {
                test = i;
            }
        }
        if (test <= 0) {
            return stack;
        }
        List<StackTraceElement> kept = new ArrayList<>();
        for (int i = 0; i < stack.length; i++) {
            String owner = stack[i].getClassName();
            boolean helper = i < test && (owner.equals(topLevel) || owner.startsWith(topLevel + "$"));
            if (!helper) {
                kept.add(stack[i]);
            }
        }
        return kept.toArray(StackTraceElement[]::new);
    }

    /** "Exercise K" when the message carries a skeleton's "TODO step NN, exercise K" text. */
    static Optional<String> todoExercise(String message) {
        Matcher todo = TODO.matcher(message);
        return todo.find() ? Optional.of("Exercise " + todo.group(1)) : Optional.empty();
    }

    /** "Exercise K" or "Going further" (for a "Challenge NAME" too), from the test's display name up to its class's. */
    static Optional<String> where(ExtensionContext context) {
        List<String> names = new ArrayList<>();
        for (ExtensionContext c = context; c != null; c = c.getParent().orElse(null)) {
            names.add(c.getDisplayName());
        }
        return where(names);
    }

    /** The same, from display names listed from the test's own up to its class's. */
    static Optional<String> where(List<String> displayNames) {
        for (String name : displayNames) {
            if (TOGETHER.matcher(name).find()) {
                return Optional.empty(); // several exercises at once: the lesson, not one exercise's hints
            }
            Matcher exercise = EXERCISE.matcher(name);
            if (exercise.find()) {
                return Optional.of("Exercise " + exercise.group(1).replaceFirst("-.*", ""));
            }
            if (name.startsWith("Going further") || name.startsWith("Challenge ")) {
                return Optional.of("Going further");
            }
        }
        return Optional.empty();
    }
}
