import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Prints a step's one-screen test summary (written by wschat.course.CourseSummary during the tests)
 * after Surefire's report, and deletes it so that a later run without tests never shows it again.
 * When the summary is red it leaves the marker file RED_MARKER, which the enforcer turns into a
 * failed build. Run by the parent pom:
 * java tools/test-support/ShowSummary.java SUMMARY_FILE RED_MARKER SKIP_TESTS MAVEN_TEST_SKIP
 */
public class ShowSummary {
    public static void main(String[] args) throws Exception {
        Path summaryFile = Path.of(args[0]);
        Path redMarker = Path.of(args[1]);
        boolean skipped = Boolean.parseBoolean(args[2]) || Boolean.parseBoolean(args[3]);
        Files.deleteIfExists(redMarker);
        if (skipped) {
            Files.deleteIfExists(summaryFile);
            return; // -DskipTests or -Dmaven.test.skip: nothing ran, nothing to say
        }
        String summary = Files.exists(summaryFile) ? Files.readString(summaryFile, StandardCharsets.UTF_8)
                : "RED: no test reported (none was selected, or the test JVM crashed): see the Surefire lines above\n";
        Files.deleteIfExists(summaryFile);
        System.out.print(summary);
        System.out.flush();
        if (summary.startsWith("RED")) {
            Files.createDirectories(redMarker.toAbsolutePath().getParent());
            Files.writeString(redMarker, summary, StandardCharsets.UTF_8);
        }
    }
}
