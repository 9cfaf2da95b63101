import java.io.*;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.*;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.*;
import java.util.function.Predicate;
import java.util.regex.*;
import java.util.stream.*;
import javax.xml.parsers.*;
import javax.xml.xpath.*;
import org.w3c.dom.*;

/**
 * The course tool, run with the source launcher: {@code java tools/Course.java <command>}.
 * JDK only; runs Maven (and git, for reset and compare) as subprocesses. See tools/README.md.
 */
public class Course {

    static final String USAGE = """
            Usage: java tools/Course.java <command> [options]

            For learners:
              progress [STEP] [--challenges]
                                       run the tests, show each step's score and what to do next
              test STEP [--class NAME] [--challenges | --only-challenges]
                                       run one step's tests (the steps it builds on too, one line each),
                                       or one test class, or its challenges; exit code 1 when red
              watch STEP [--class NAME] [--challenges]
                                       run STEP's tests, then again each time a file under STEP/src/main
                                       changes (save in your editor, read the summary); Ctrl+C stops
              take STEP...             replace each STEP's src/main by the solution (your code is backed up
                                       first); take 01 02 03 jumps to step 04
              reset STEP               back up your code, then restore STEP's exercise skeleton (needs git)
              compare STEP [--no-git]  show how your STEP/src/main differs from the solution

            For teachers and maintainers:
              grade [PATH] [--challenges]
                                       run every step's tests of the checkout at PATH, print a table
              repeat N                 run the whole solutions suite N times in a row, list any test that failed
              skeletons [--check]      write each step's src/main from solutions/ (the BEGIN/END exercise regions
                                       become their INSTEAD stubs); --check only reports a skeleton that differs
              check [--steps A,B] [--keep]
                                       exercise check: every test must fail on each step's skeleton
                                       (earlier steps use the solutions); --keep keeps the scratch copies
              check-exercises [--steps A,B]
                                       per-exercise check: for each exercise, only its code missing; its tests
                                       must fail and the earlier exercises' pass; prints a table

            Commands that run Maven accept --offline (mvn -o).
            STEP may be written step02-frame-decode, step02, 02 or 2.
            """;

    static final boolean WINDOWS = System.getProperty("os.name", "").toLowerCase().startsWith("windows");
    static final Console.Marks MARKS = Console.marks();
    static final PrintStream out = Console.stream(FileDescriptor.out, MARKS);
    static final PrintStream err = Console.stream(FileDescriptor.err, MARKS);

    public static void main(String[] argv) {
        System.setOut(out);
        System.setErr(err);
        int code = 2;
        try {
            code = run(argv);
        } catch (CourseException e) {
            err.println("Error: " + e.getMessage());
            if (e instanceof UsageException) {
                err.print("\n" + USAGE);
            }
        }
        System.exit(code);
    }

    static int run(String[] argv) {
        if (argv.length == 0) {
            throw new UsageException("no command given");
        }
        Args args = new Args(argv);
        return switch (argv[0]) {
            case "check" -> check(args);
            case "check-exercises" -> checkExercises(args);
            case "progress" -> progress(args);
            case "test" -> test(args);
            case "watch" -> watch(args);
            case "grade" -> grade(args);
            case "take" -> take(args);
            case "reset" -> reset(args);
            case "compare" -> compare(args);
            case "repeat" -> repeat(args);
            case "skeletons" -> skeletons(args);
            case "help", "-h", "--help" -> {
                out.print(USAGE);
                yield 0;
            }
            default -> throw new UsageException("unknown command '" + argv[0] + "'");
        };
    }

    // ------------------------------------------------------------------ check

    static int check(Args args) {
        args.allow(0, "--steps", "--keep", "--offline");
        Project project = Project.find(Path.of(""));
        List<Step> steps = args.has("--steps") ? project.resolveAll(args.get("--steps")) : project.steps;
        int width = steps.stream().mapToInt(s -> s.dir.length()).max().orElse(0);
        List<String> failed = new ArrayList<>();
        for (Step step : steps) {
            out.print(pad(step.dir, width) + "  ");   // the verdict completes the line once Maven is done
            String verdict = checkStep(project, step, args);
            out.println(verdict);
            if (!verdict.endsWith("  OK")) {
                failed.add(step.dir);
            }
        }
        if (failed.isEmpty()) {
            out.println("Exercise check: all " + steps.size() + " steps OK");
            return 0;
        }
        out.println("Exercise check: FAILED (steps " + String.join(", ", failed) + ")");
        return 1;
    }

    /** Tests one step's skeleton in a scratch copy of the working tree where every earlier step has its solution. */
    static String checkStep(Project project, Step step, Args args) {
        Path scratch = scratchWithEarlierSolved(project, step, "course-check-");
        try {
            Path log = project.root.resolve("target/exercise-check").resolve(step.dir + ".log");
            MavenRun run = checkRun(scratch, step, log, args.has("--offline"));
            return checkVerdict(project, step, run, Reports.read(scratch.resolve(step.dir)));
        } finally {
            if (args.has("--keep")) {
                err.println("(kept the scratch copy " + scratch + ")");
            } else {
                deleteTree(scratch);
            }
        }
    }

    static String checkVerdict(Project project, Step step, MavenRun run, Report report) {
        if (run.exitCode != 0) {
            String what = run.failedGoals.isEmpty() ? "Maven failed" : run.failedGoals.entrySet().stream()
                    .map(e -> (e.getKey().equals(step.artifactId) ? "" : e.getKey() + " ") + describeFailure(e.getValue()))
                    .sorted().collect(Collectors.joining(", "));
            return what + "  FAIL: see " + project.rel(run.log);
        }
        if (report.tests() == 0) {
            return "0 tests  FAIL: no tests, so nothing shows the skeleton is unfinished";
        }
        List<String> problems = new ArrayList<>();
        List<TestCase> passing = report.cases.stream().filter(TestCase::passed).toList();
        List<TestCase> skipped = report.cases.stream().filter(TestCase::skipped).toList();
        if (!passing.isEmpty()) {
            problems.add("passing on the skeleton: " + firstNames(passing));
        }
        if (!skipped.isEmpty()) {
            problems.add("skipped on the skeleton: " + firstNames(skipped));
        }
        String counts = report.tests() + " tests, " + report.failed() + " failed";
        return problems.isEmpty() ? counts + " on the skeleton  OK" : counts + "  FAIL: " + String.join("; ", problems);
    }

    static String firstNames(List<TestCase> cases) {
        String names = cases.stream().limit(5).map(TestCase::shortName).collect(Collectors.joining(", "));
        return cases.size() > 5 ? names + " (and " + (cases.size() - 5) + " more)" : names;
    }

    /**
     * A scratch copy of the working tree in which every earlier step's src/main is its solution and its
     * tests are gone (built, not tested again: only this step's report is read).
     */
    static Path scratchWithEarlierSolved(Project project, Step step, String prefix) {
        Path scratch = io("cannot create a temporary folder", () -> Files.createTempDirectory(prefix + step.dir + "-"));
        copyTree(project.root, scratch, Course::notCopiedToScratch);
        for (Step earlier : project.stepsBefore(step)) {
            Path learner = scratch.resolve(earlier.dir).resolve("src/main");
            Path solution = scratch.resolve("solutions").resolve(earlier.dir).resolve("src/main");
            deleteTree(learner);
            deleteTree(scratch.resolve(earlier.dir).resolve("src/test"));
            if (Files.isDirectory(solution)) {
                copyTree(solution, learner, p -> false);
            }
        }
        return scratch;
    }

    /** The checks' Maven run: the step with -am, and -Pchallenges, since challenge tests must fail on their stubs too. */
    static MavenRun checkRun(Path scratch, Step step, Path log, boolean offline) {
        return Maven.run(scratch, List.of("-q", "test", "-pl", step.dir, "-am", "-Pchallenges",
                "-Dcourse.ignoreRed=true", "-Dsurefire.failIfNoSpecifiedTests=false"), log, offline);
    }

    static boolean notCopiedToScratch(Path path) {
        String name = path.getFileName().toString();
        return name.equals(".git") || name.equals(".course-backup")
                || (name.equals("target") && Files.exists(path.resolveSibling("pom.xml")));
    }

    // ------------------------------------------------------------------ check-exercises (one exercise missing at a time)

    /**
     * For each step and each exercise region K of its solution: a scratch copy where the earlier steps
     * and every other region of the step are solved and only K is its stub. K's tests must all fail,
     * the tests of the exercises before K (and of the other challenges) must all pass; the tests of
     * later exercises and the tests of the exercises together may fail too (they build on K), but
     * each of those must fail in some run, and nothing may fail with no exercise missing.
     */
    static int checkExercises(Args args) {
        args.allow(0, "--steps", "--offline");
        Project project = Project.find(Path.of(""));
        List<Step> steps = args.has("--steps") ? project.resolveAll(args.get("--steps")) : project.steps;
        String header = String.format("%-20s %-18s %5s %14s %13s %10s  %s", "step", "missing", "tests",
                "red without it", "green with it", "also red", "verdict");
        out.println(header);
        List<String> failed = new ArrayList<>();
        for (Step step : steps) {
            List<String> problems = checkStepExercises(project, step, args.has("--offline"));
            if (!problems.isEmpty()) {
                failed.add(step.dir);
                problems.forEach(p -> out.println(pad("", 21) + "FAIL: " + p));
            }
        }
        if (failed.isEmpty()) {
            out.println("Per-exercise check: all " + steps.size() + " steps OK");
            return 0;
        }
        out.println("Per-exercise check: FAILED (steps " + String.join(", ", failed) + "; logs in target/exercise-check/)");
        return 1;
    }

    /** Runs the step once with nothing missing, then once per region; prints a table row per run; returns the problems. */
    static List<String> checkStepExercises(Project project, Step step, boolean offline) {
        List<String> regions = Regions.idsIn(project.solutionMain(step));
        List<String> problems = new ArrayList<>();
        Path scratch = scratchWithEarlierSolved(project, step, "course-each-");
        try {
            Map<String, Report> reports = new LinkedHashMap<>();
            for (String missing : concat(List.of("nothing"), regions)) {
                Report report = runWithMissing(project, scratch, step, missing, offline, problems);
                if (report != null) {
                    reports.put(missing, report);
                }
            }
            if (reports.size() == regions.size() + 1) {
                problems.addAll(judgeExercises(step, regions, reports));
            }
        } finally {
            deleteTree(scratch);
        }
        return problems;
    }

    static <T> List<T> concat(List<T> a, List<T> b) {
        return Stream.concat(a.stream(), b.stream()).toList();
    }

    /** One run of the step with region {@code missing} as its stub (or none, for "nothing"); null if Maven failed. */
    static Report runWithMissing(Project project, Path scratch, Step step, String missing, boolean offline, List<String> problems) {
        Path main = scratch.resolve(step.dir).resolve("src/main");
        Path solution = project.solutionMain(step);
        deleteTree(main);
        for (String rel : Diff.files(solution)) {
            Path target = main.resolve(rel);
            String text = Regions.skeletonOf(project, solution.resolve(rel), missing::equals);
            io("cannot write " + target, () -> {
                Files.createDirectories(target.getParent());
                return Files.writeString(target, text, StandardCharsets.UTF_8);
            });
        }
        deleteTree(scratch.resolve(step.dir).resolve("target/surefire-reports"));
        Path log = project.root.resolve("target/exercise-check")
                .resolve(step.dir + "-without-" + missing.replace(' ', '-') + ".log");
        MavenRun run = checkRun(scratch, step, log, offline);
        Report report = Reports.read(scratch.resolve(step.dir));
        if (run.exitCode != 0 || report.tests() == 0) {
            String what = run.exitCode != 0 ? "Maven failed" : "no tests ran";
            out.println(String.format("%-20s %-18s %s  FAIL: see %s", step.dir, missing, what, project.rel(log)));
            problems.add(step.dir + " without " + missing + ": " + what);
            return null;
        }
        return report;
    }

    /** The table rows of one step and what is wrong with them. */
    static List<String> judgeExercises(Step step, List<String> regions, Map<String, Report> reports) {
        List<String> problems = new ArrayList<>();
        Report complete = reports.get("nothing");
        List<TestCase> brokenOnSolution = complete.cases.stream().filter(t -> !t.passed()).toList();
        out.println(String.format("%-20s %-18s %5d %14s %13d %10s  %s", step.dir, "nothing", complete.tests(), "-",
                complete.passed(), "-", brokenOnSolution.isEmpty() ? "OK" : "FAIL"));
        if (!brokenOnSolution.isEmpty()) {
            problems.add("not green with every exercise written: " + firstNames(brokenOnSolution));
        }
        Set<String> labels = complete.cases.stream().map(TestCase::label).collect(Collectors.toCollection(TreeSet::new));
        for (String label : labels) {
            if (!label.equals(TestCase.TOGETHER) && !regions.contains(label)) {
                problems.add("tests of " + label + " but no region '// BEGIN " + label + "' in solutions/" + step.dir);
            }
        }
        Set<String> redSomewhere = new HashSet<>();
        for (String missing : regions) {
            Report report = reports.get(missing);
            List<String> wrong = new ArrayList<>();
            List<TestCase> own = report.cases.stream().filter(t -> t.label().equals(missing)).toList();
            List<TestCase> ownPassing = own.stream().filter(t -> !t.failed()).toList();
            List<TestCase> mustPass = report.cases.stream().filter(t -> mustPassWithout(t.label(), missing)).toList();
            List<TestCase> mustPassFailing = mustPass.stream().filter(t -> !t.passed()).toList();
            long alsoRed = report.cases.stream().filter(t -> !t.label().equals(missing) && t.failed()).count();
            report.cases.stream().filter(TestCase::failed).map(TestCase::id).forEach(redSomewhere::add);
            if (own.isEmpty()) {
                wrong.add("no test of " + missing + " (a class named \"" + displayPrefix(missing) + " - ...\")");
            }
            if (!ownPassing.isEmpty()) {
                wrong.add("pass without " + missing + ": " + firstNames(ownPassing));
            }
            if (!mustPassFailing.isEmpty()) {
                wrong.add("fail although only " + missing + " is missing: " + firstNames(mustPassFailing));
            }
            long ownGreen = complete.cases.stream().filter(t -> t.label().equals(missing) && t.passed()).count();
            out.println(String.format("%-20s %-18s %5d %14d %13d %10d  %s", step.dir, missing, own.size(),
                    own.size() - ownPassing.size(), ownGreen, alsoRed, wrong.isEmpty() ? "OK" : "FAIL"));
            wrong.forEach(w -> problems.add(step.dir + " without " + missing + ": tests " + w));
        }
        List<TestCase> neverRed = complete.cases.stream().filter(t -> !redSomewhere.contains(t.id())).toList();
        if (!neverRed.isEmpty()) {
            problems.add("no missing exercise turns these red (they test provided code, or lack an exercise): "
                    + firstNames(neverRed));
        }
        return problems;
    }

    /** With {@code missing} stubbed: the earlier exercises' tests and the other challenges' tests must pass. */
    static boolean mustPassWithout(String label, String missing) {
        if (label.equals(missing) || label.equals(TestCase.TOGETHER)) {
            return false;
        }
        if (missing.startsWith("challenge ")) {
            return true; // every exercise and every other challenge is written
        }
        return label.startsWith("exercise ") && exerciseNumber(label) < exerciseNumber(missing);
    }

    static int exerciseNumber(String label) { return Integer.parseInt(label.substring("exercise ".length())); }

    static String displayPrefix(String label) {
        return label.startsWith("exercise ") ? "Exercise " + exerciseNumber(label) : "Challenge " + label.substring(10);
    }

    // ------------------------------------------------------------------ skeletons

    /**
     * The skeletons are made from the solutions: each file under solutions/STEP/src/main is copied
     * to STEP/src/main with every exercise region replaced by its stub (see {@link Regions}).
     */
    static int skeletons(Args args) {
        args.allow(0, "--check");
        Project project = Project.find(Path.of(""));
        boolean checkOnly = args.has("--check");
        List<String> differing = new ArrayList<>();
        int files = 0;
        for (Step step : project.steps) {
            Path solution = project.solutionMain(step);
            Path learner = project.learnerMain(step);
            if (!Files.isDirectory(solution)) {
                continue;
            }
            String shownLearner = project.rel(learner).toString().replace('\\', '/');
            for (String rel : Diff.files(solution)) {
                Path source = solution.resolve(rel);
                Path target = learner.resolve(rel);
                String expected = Regions.skeletonOf(project, source, id -> true);
                files++;
                if (Files.exists(target) && expected.equals(new String(Diff.bytes(target), StandardCharsets.UTF_8))) {
                    continue;
                }
                differing.add(shownLearner + "/" + rel);
                if (!checkOnly) {
                    io("cannot write " + target, () -> {
                        Files.createDirectories(target.getParent());
                        return Files.writeString(target, expected, StandardCharsets.UTF_8);
                    });
                }
            }
            for (String rel : Files.isDirectory(learner) ? Diff.files(learner) : List.<String>of()) {
                if (!Files.exists(solution.resolve(rel))) {
                    differing.add(shownLearner + "/" + rel + " (has no solutions/ counterpart)");
                }
            }
        }
        if (checkOnly) {
            if (differing.isEmpty()) {
                out.println("Skeletons: all " + files + " files are what solutions/ generates  OK");
                return 0;
            }
            differing.forEach(d -> out.println("differs from what solutions/ generates: " + d));
            out.println("Skeletons: FAILED (" + differing.size() + " files; run: java tools/Course.java skeletons)");
            return 1;
        }
        differing.forEach(d -> out.println("wrote " + d));
        out.println("Skeletons: " + differing.size() + " of " + files + " files written");
        return 0;
    }

    /**
     * Exercise regions in a solution file, one marker per line:
     * <pre>
     *     // BEGIN exercise 3          (or: // BEGIN challenge origin, or: // BEGIN exercises 4, 5)
     *     ...the reference code...
     *     // INSTEAD                   (optional)
     *     // ...the stub, each line written as a comment...
     *     // END exercise 3
     * </pre>
     * A stubbed region becomes its INSTEAD lines with "// " removed after the marker's indentation
     * (a bare "//" is an empty line); without INSTEAD it disappears. A region that is not stubbed keeps
     * its code (its own nested regions may still be stubbed) and loses its markers and INSTEAD part.
     */
    static final class Regions {
        static final String ID = "(?:exercise \\d+)|(?:exercises \\d+(?:, \\d+)+)|(?:challenge [a-z]+)";
        static final Pattern BEGIN = Pattern.compile("^(\\s*)// BEGIN (" + ID + ")\\s*$");
        static final Pattern INSTEAD = Pattern.compile("^\\s*// INSTEAD\\s*$");
        static final Pattern END = Pattern.compile("^\\s*// END (" + ID + ")\\s*$");

        /** "exercises 4, 5" (code that both use, such as imports) is stubbed only when each of them is. */
        static List<String> idsOf(String regionId) {
            if (!regionId.startsWith("exercises ")) {
                return List.of(regionId);
            }
            return Arrays.stream(regionId.substring("exercises ".length()).split(", ")).map(n -> "exercise " + n).toList();
        }

        /** The region ids of the files under {@code dir}: exercises by number, then challenges by name. */
        static List<String> idsIn(Path dir) {
            Set<String> ids = new HashSet<>();
            for (String rel : Files.isDirectory(dir) ? Diff.files(dir) : List.<String>of()) {
                for (String line : Diff.lines(dir.resolve(rel))) {
                    Matcher begin = BEGIN.matcher(line);
                    if (begin.matches()) {
                        ids.addAll(idsOf(begin.group(2)));
                    }
                }
            }
            return ids.stream().sorted(Comparator.comparing((String id) -> id.startsWith("challenge "))
                    .thenComparingInt(id -> id.startsWith("exercise ") ? exerciseNumber(id) : 0)
                    .thenComparing(id -> id)).toList();
        }

        /** A solution file read and made into its skeleton (see {@link #skeletonOf(String, String, Predicate)}). */
        static String skeletonOf(Project project, Path solutionFile, Predicate<String> stubbed) {
            return skeletonOf(project.rel(solutionFile).toString(),
                    new String(Diff.bytes(solutionFile), StandardCharsets.UTF_8), stubbed);
        }

        /** The file with the regions whose id {@code stubbed} accepts replaced by their stubs. */
        static String skeletonOf(String name, String text, Predicate<String> stubbed) {
            List<String> lines = new ArrayList<>(Arrays.asList(text.split("\n", -1)));
            List<String> result = new ArrayList<>();
            int end = expand(name, lines, 0, null, stubbed, result);
            if (end != lines.size()) {
                throw new CourseException(name + ":" + (end + 1) + ": END or INSTEAD without a BEGIN");
            }
            return String.join("\n", result);
        }

        /** Copies lines from {@code i} up to the END of region {@code id} (or the end of the file); returns the index after it. */
        static int expand(String name, List<String> lines, int i, String id, Predicate<String> stubbed, List<String> result) {
            while (i < lines.size()) {
                String line = lines.get(i);
                Matcher begin = BEGIN.matcher(line);
                if (begin.matches()) {
                    i = region(name, lines, i, begin.group(1), begin.group(2), stubbed, result);
                    continue;
                }
                if (INSTEAD.matcher(line).matches() || END.matcher(line).matches()) {
                    return i; // the caller checks that it ends the region it is in
                }
                result.add(line);
                i++;
            }
            if (id != null) {
                throw new CourseException(name + ": // BEGIN " + id + " has no // END " + id);
            }
            return i;
        }

        static int region(String name, List<String> lines, int beginAt, String indent, String id,
                          Predicate<String> stubbed, List<String> result) {
            List<String> code = new ArrayList<>();
            int i = expand(name, lines, beginAt + 1, id, stubbed, code);
            List<String> stub = new ArrayList<>();
            if (INSTEAD.matcher(lines.get(i)).matches()) {
                for (i++; i < lines.size() && !END.matcher(lines.get(i)).matches(); i++) {
                    stub.add(uncomment(name, i, lines.get(i), indent));
                }
            }
            Matcher end = i < lines.size() ? END.matcher(lines.get(i)) : null;
            if (end == null || !end.matches() || !end.group(1).equals(id)) {
                throw new CourseException(name + ":" + (beginAt + 1) + ": // BEGIN " + id + " has no matching // END " + id);
            }
            result.addAll(idsOf(id).stream().allMatch(stubbed) ? stub : code);
            return i + 1;
        }

        static String uncomment(String name, int i, String line, String indent) {
            if (line.equals(indent + "//")) {
                return "";
            }
            if (!line.startsWith(indent + "// ")) {
                throw new CourseException(name + ":" + (i + 1) + ": a stub line must start with '" + indent + "// '");
            }
            return indent + line.substring(indent.length() + 3);
        }
    }

    // ------------------------------------------------------------------ progress and grade

    /** The Maven arguments of a run that tests everything and reports every failure; -Pchallenges adds the challenges. */
    static List<String> testRun(boolean challenges) {
        List<String> mvnArgs = new ArrayList<>(List.of("test", "-Dcourse.ignoreRed=true", "--fail-at-end"));
        if (challenges) {
            mvnArgs.add("-Pchallenges");
        }
        return mvnArgs;
    }

    static int progress(Args args) {
        args.allow(1, "--step", "--offline", "--challenges");
        if (!args.positional.isEmpty()) {
            args.options.put("--step", args.positional.get(0)); // progress 04 is progress --step 04
        }
        Project project = Project.find(Path.of(""));
        List<Step> shown = args.has("--step") ? List.of(project.resolve(args.get("--step"))) : project.steps;
        List<String> mvnArgs = testRun(args.has("--challenges"));
        if (args.has("--step")) {
            mvnArgs.addAll(List.of("-pl", shown.get(0).dir, "-am"));
        }
        Path log = project.root.resolve("target/course/progress.log");
        out.println("Running the tests (Maven output: " + project.rel(log) + ") ...");
        List<StepResult> results = runSteps(project, shown, mvnArgs, log, args.has("--offline"));
        int width = shown.stream().mapToInt(s -> s.dir.length()).max().orElse(0);
        results.forEach(r -> out.println(progressLine(r, width, project.rel(log))));
        out.println();
        Optional<StepResult> next = results.stream().filter(StepResult::unfinished).findFirst();
        if (next.isPresent()) {
            explainNext(project, next.get());
        } else {
            out.println(shown.size() == 1 ? "Every test of " + shown.get(0).dir + " passes. Well done!"
                    : "Every step passes. Well done!");
        }
        return 0;
    }

    /**
     * One step's tests, with the steps it builds on (-am): those fold to one line each, and the step
     * itself gets the first failing test of its lowest exercise, then every other failure on one line.
     * A run that selects no test of the step is a failure: it proves nothing.
     */
    static int test(Args args) {
        Project project = Project.find(Path.of(""));
        Step step = project.resolve(args.onlyStep("--class", "--challenges", "--only-challenges", "--offline"));
        boolean challenges = args.has("--challenges") || args.has("--only-challenges");
        List<String> mvnArgs = testRun(challenges);
        mvnArgs.addAll(List.of("-pl", step.dir, "-am"));
        String what = challenges ? "tests and challenges" : "tests";
        if (args.has("--only-challenges")) {
            mvnArgs.add("-Dgroups=challenge");
            what = "challenges";
        }
        if (args.has("--class")) {
            String name = args.get("--class");
            if (name.equals("true") || !name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                throw new UsageException("--class needs a test class name, e.g. --class MessageAssemblerTest");
            }
            // The class and its @Nested classes; the earlier steps have no such class, which is fine.
            mvnArgs.addAll(List.of("-Dtest=" + name + "," + name + "$*", "-Dsurefire.failIfNoSpecifiedTests=false"));
            what = name;
        }
        Path log = project.root.resolve("target/course/test.log");
        out.println("Running " + step.dir + "'s " + what + " (Maven output: " + project.rel(log) + ") ...");
        List<Step> shown = project.withUpstream(step);
        List<StepResult> results = runSteps(project, shown, mvnArgs, log, args.has("--offline"));
        int width = shown.stream().mapToInt(s -> s.dir.length()).max().orElse(0);
        results.forEach(r -> out.println(progressLine(r, width, project.rel(log))));
        StepResult mine = results.get(results.size() - 1);
        out.println();
        if (mine.problem == null && mine.report.tests() == 0) {
            out.println("No test of " + step.dir + " was selected (" + what + "): a run that runs no test proves nothing."
                    + (args.has("--class") ? " Test classes are in " + step.dir + "/src/test/java." : ""));
            return 1;
        }
        // A step that does not compile stops everything after it; otherwise the step asked for comes first.
        Optional<StepResult> next = results.stream().filter(r -> r.problem != null).findFirst()
                .or(() -> Optional.of(mine).filter(StepResult::unfinished))
                .or(() -> results.stream().filter(StepResult::unfinished).findFirst());
        if (next.isEmpty()) {
            out.println("Every selected test of " + step.dir + " passes (" + mine.report.tests() + " tests).");
            return 0;
        }
        explainNext(project, next.get());
        List<TestCase> others = next.get().report.cases().stream().filter(TestCase::failed)
                .sorted(Comparator.comparingInt(TestCase::exercise)).skip(1).toList();
        if (!others.isEmpty()) {
            out.println("  Also failing (" + others.size() + "):");
            others.stream().limit(15).forEach(t -> out.println("    " + exerciseLabel(t) + "  " + t.shortName()));
            if (others.size() > 15) {
                out.println("    ... and " + (others.size() - 15) + " more, in " + project.rel(log));
            }
        }
        return 1;
    }

    // ------------------------------------------------------------------ watch

    /**
     * The loop: the step's tests ({@link #test}), then a wait for a change under the step's src/main,
     * then the tests again. Changes that come together (an editor saving several files) make one run.
     * {@code --runs N} stops after N runs (for the course's own check).
     */
    static int watch(Args args) {
        Project project = Project.find(Path.of(""));
        Step step = project.resolve(args.onlyStep("--class", "--challenges", "--offline", "--runs"));
        int runs = args.has("--runs") ? Integer.parseInt(args.get("--runs")) : Integer.MAX_VALUE;
        Args testArgs = new Args(new String[0]);
        testArgs.positional.add(step.dir);
        args.options.forEach((k, v) -> {
            if (!k.equals("--runs")) {
                testArgs.options.put(k, v);
            }
        });
        Path main = project.learnerMain(step);
        int code = 0;
        for (int run = 1; run <= runs; run++) {
            // Watching starts before the run, so that a file saved while the tests run starts the next one.
            WatchService watcher = watch(main);
            code = test(testArgs);
            if (run == runs) {
                io("cannot stop watching", () -> { watcher.close(); return null; });
                break;
            }
            out.println();
            out.println("Watching " + project.rel(main).toString().replace('\\', '/')
                    + " for changes (save a file to run the tests again; Ctrl+C stops) ...");
            out.flush();
            waitForChange(watcher, main);
            out.println();
            out.println("-".repeat(78));
        }
        return code;
    }

    /** A watch on {@code dir} and every folder under it: files created, changed or deleted. */
    static WatchService watch(Path dir) {
        return io("cannot watch " + dir, () -> {
            WatchService watcher = dir.getFileSystem().newWatchService();
            try (Stream<Path> dirs = Files.walk(dir)) {
                for (Path d : dirs.filter(Files::isDirectory).toList()) {
                    d.register(watcher, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
                            StandardWatchEventKinds.ENTRY_DELETE);
                }
            }
            return watcher;
        });
    }

    /** Blocks until the watcher sees a change, then lets the burst settle (an editor's save is often several events). */
    static void waitForChange(WatchService watcher, Path dir) {
        io("cannot watch " + dir, () -> {
            try (watcher) {
                watcher.take();
                Thread.sleep(300);
                for (WatchKey more; (more = watcher.poll()) != null; ) {
                    more.pollEvents();
                }
                return null;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CourseException("interrupted while watching " + dir);
            }
        });
    }

    static String exerciseLabel(TestCase t) {
        int k = t.exercise();
        return k < Integer.MAX_VALUE - 1 ? pad("exercise " + k, 12) : pad(k == Integer.MAX_VALUE - 1 ? "together" : "challenge", 12);
    }

    static String progressLine(StepResult r, int width, Path log) {
        String name = pad(r.step.dir, width) + "  ";
        if (r.problem != null) {
            return MARKS.no() + name + r.problem + (r.problem.startsWith("not run") ? "" : ", see " + log);
        }
        if (r.report.tests() == 0) {
            return "- " + name + "0 tests";
        }
        String skipped = r.report.skipped() > 0 ? " (" + r.report.skipped() + " skipped)" : "";
        return (r.report.failed() == 0 ? MARKS.yes() : MARKS.no()) + name + r.report.passed() + "/" + r.report.tests() + skipped;
    }

    /** What to do next: the compiler's complaints, or the first failing test of the lowest exercise. */
    static void explainNext(Project project, StepResult r) {
        String dir = r.step.dir;
        out.println("Next: " + dir);
        if (r.problem != null) {
            out.println("  " + dir + " " + r.problem + ":");
            String prefix = project.root + File.separator;
            r.run.compilerErrors.stream().filter(e -> e.contains(dir)).limit(6)
                    .forEach(e -> out.println("    " + e.replace(prefix, "")));
        } else {
            TestCase test = r.report.firstToFix();
            out.println("  First failing test: " + test.displayName());
            test.shortMessage().lines().limit(6).forEach(line -> out.println("    " + line));
        }
        out.println("  Read: " + dir + "/README.md, then " + dir + "/HINTS.md");
    }

    static int grade(Args args) {
        args.allow(1, "--offline", "--challenges");
        Path start = Path.of(args.positional.isEmpty() ? "" : args.positional.get(0));
        if (!Files.isDirectory(start)) {
            throw new CourseException("no such folder: " + start);
        }
        Project project = Project.find(start);
        Path log = project.root.resolve("target/course/grade.log");
        out.println("Grading " + project.root + " (Maven output: " + log + ")");
        List<String> mvnArgs = testRun(args.has("--challenges")); // the "Going further" tests, as extra credit
        List<StepResult> results = runSteps(project, project.steps, mvnArgs, log, args.has("--offline"));
        int width = Math.max(5, project.steps.stream().mapToInt(s -> s.dir.length()).max().orElse(0));
        String format = "%-" + width + "s  %6s  %6s  %6s  %7s  %s";
        out.println(String.format(format, "step", "tests", "passed", "failed", "skipped", "").stripTrailing());
        int[] total = new int[4];
        for (StepResult r : results) {
            int[] row = {r.report.tests(), r.report.passed(), r.report.failed(), r.report.skipped()};
            String note = r.problem != null ? r.problem : row[0] == 0 ? "no tests" : "";
            out.println(String.format(format, r.step.dir, row[0], row[1], row[2], row[3], note).stripTrailing());
            Arrays.setAll(total, i -> total[i] + row[i]);
        }
        out.println(String.format(format, "total", total[0], total[1], total[2], total[3], "").stripTrailing());
        out.println("JUnit XML: <step>/target/surefire-reports/TEST-*.xml in " + project.root);
        MavenRun run = results.isEmpty() ? null : results.get(0).run;
        if (run != null && run.exitCode != 0 && run.failedGoals.isEmpty()) {
            err.println("Maven could not run the build, see " + log);
            return 1;
        }
        return 0;
    }

    // ------------------------------------------------------------------ repeat (flakiness)

    /**
     * Runs {@code mvn -Psolutions verify} N times and lists every test that failed in any run, with
     * how often: a test that fails once in twenty is flaky, and flaky tests teach nothing.
     */
    static int repeat(Args args) {
        args.allow(1, "--offline");
        if (args.positional.isEmpty() || !args.positional.get(0).matches("\\d+")) {
            throw new UsageException("repeat needs the number of runs, e.g. repeat 20");
        }
        int runs = Integer.parseInt(args.positional.get(0));
        Project project = Project.find(Path.of(""));
        Map<String, Integer> failures = new TreeMap<>();
        for (int i = 1; i <= runs; i++) {
            Path log = project.root.resolve("target/course/repeat-" + i + ".log");
            long start = System.nanoTime();
            List<StepResult> results = runSteps(project, project.steps,
                    List.of("-Psolutions", "verify", "-Dcourse.ignoreRed=true", "--fail-at-end"),
                    log, args.has("--offline"));
            long seconds = (System.nanoTime() - start) / 1_000_000_000L;
            int tests = 0;
            List<String> failed = new ArrayList<>();
            for (StepResult r : results) {
                tests += r.report.tests();
                if (r.problem != null) {
                    failed.add(r.step.dir + " (" + r.problem + ")");
                }
                r.report.cases().stream().filter(TestCase::failed).forEach(t -> failed.add(r.step.dir + " " + t.shortName()));
                if (r.report.skipped() > 0) {
                    failed.add(r.step.dir + " (" + r.report.skipped() + " skipped)");
                }
            }
            failed.forEach(f -> failures.merge(f, 1, Integer::sum));
            out.println("run " + i + "/" + runs + ": " + tests + " tests, " + failed.size() + " failed, " + seconds + " s"
                    + (failed.isEmpty() ? "" : "  see " + project.rel(log)));
        }
        if (failures.isEmpty()) {
            out.println("Repeat: " + runs + " runs, no test failed");
            return 0;
        }
        out.println("Repeat: tests that failed in some of " + runs + " runs:");
        failures.forEach((test, count) -> out.println("  " + count + "x  " + test));
        return 1;
    }

    /** One Maven run over the steps (their old reports removed first), then each step's outcome. */
    static List<StepResult> runSteps(Project project, List<Step> steps, List<String> mvnArgs, Path log, boolean offline) {
        steps.stream().flatMap(s -> project.withUpstream(s).stream()).distinct()
                .forEach(s -> deleteTree(project.dir(s).resolve("target/surefire-reports")));
        MavenRun run = Maven.run(project.root, mvnArgs, log, offline);
        return steps.stream()
                .map(s -> new StepResult(s, Reports.read(project.dir(s)), problemOf(project, s, run), run)).toList();
    }

    /** Why a step's tests did not run, or null when Maven built and tested it. */
    static String problemOf(Project project, Step step, MavenRun run) {
        for (Step s : project.withUpstream(step)) {   // the step itself comes last
            String goal = run.failedGoals.get(s.artifactId);
            if (goal != null) {
                return s == step ? describeFailure(goal) : goal.equals("compile")
                        ? "not run: an earlier step does not compile (" + s.dir + ")"
                        : "not run: an earlier step failed (" + s.dir + ": " + describeFailure(goal) + ")";
            }
        }
        return run.exitCode != 0 && run.failedGoals.isEmpty() ? "not run: Maven failed" : null;
    }

    static String describeFailure(String goal) {
        return switch (goal) {
            case "compile" -> "does not compile";
            case "testCompile" -> "tests do not compile";
            default -> "failed to build (" + goal + ")";
        };
    }

    record StepResult(Step step, Report report, String problem, MavenRun run) {
        boolean unfinished() { return problem != null || report.failed() > 0; }
    }

    // ------------------------------------------------------------------ take, reset, compare

    static int take(Args args) {
        Project project = Project.find(Path.of(""));
        List<Step> steps = args.someSteps().stream().map(project::resolve).distinct().toList();
        for (Step step : steps) {   // all checked before anything is replaced
            Path solution = project.solutionMain(step);
            if (!Files.isDirectory(solution)) {
                throw new CourseException("there is no solution for " + step.dir + " (no " + project.rel(solution) + ")");
            }
        }
        for (Step step : steps) {
            Path solution = project.solutionMain(step);
            backup(project, step);
            Path learner = project.learnerMain(step);
            deleteTree(learner);
            copyTree(solution, learner, p -> false);
            out.println("Replaced " + project.rel(learner) + " by " + project.rel(solution) + ".");
        }
        out.println("Check it: java tools/Course.java progress" + (steps.size() == 1 ? " " + steps.get(0).dir : ""));
        return 0;
    }

    static int reset(Args args) {
        Project project = Project.find(Path.of(""));
        Step step = project.resolve(args.onlyStep());
        if (!gitAvailable()) {
            throw new CourseException("git is not on the PATH, so the skeleton cannot be restored. Nothing was changed.");
        }
        backup(project, step);
        String main = step.dir + "/src/main";
        for (String[] git : List.of(new String[] {"git", "checkout", "HEAD", "--", main},
                new String[] {"git", "clean", "-fdq", "--", main})) {
            if (runInherited(project.root, git) != 0) {
                throw new CourseException("'" + String.join(" ", git) + "' failed (your code is in .course-backup/)");
            }
        }
        out.println("Restored the exercise skeleton of " + main + " (git checkout HEAD, git clean).");
        return 0;
    }

    static int compare(Args args) {
        Project project = Project.find(Path.of(""));
        Step step = project.resolve(args.onlyStep("--no-git"));
        Path learner = project.learnerMain(step);
        Path solution = project.solutionMain(step);
        for (Path p : List.of(learner, solution)) {
            if (!Files.isDirectory(p)) {
                throw new CourseException(project.rel(p) + " does not exist");
            }
        }
        String a = project.rel(learner).toString().replace('\\', '/');
        String b = project.rel(solution).toString().replace('\\', '/');
        out.println("Differences from " + a + " (yours, -) to " + b + " (the solution, +):");
        if (args.has("--no-git") || !gitAvailable()) {
            Diff.dirs(learner, solution);
        } else {
            runInherited(project.root, "git", "--no-pager", "diff", "--no-index", "--stat", "--", a, b);
            if (runInherited(project.root, "git", "--no-pager", "diff", "--no-index", "--", a, b) == 0) {
                out.println("No differences.");
            }
        }
        return 0;
    }

    /** Copies the learner's STEP/src/main to .course-backup/STEP-yyyyMMdd-HHmmss/. */
    static void backup(Project project, Step step) {
        Path learner = project.learnerMain(step);
        if (!Files.exists(learner)) {
            out.println("Nothing to back up: " + project.rel(learner) + " does not exist.");
            return;
        }
        String name = step.dir + "-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        Path target = project.root.resolve(".course-backup").resolve(name);
        for (int i = 2; Files.exists(target); i++) {
            target = project.root.resolve(".course-backup").resolve(name + "-" + i);
        }
        copyTree(learner, target, p -> false);
        out.println("Backed up " + project.rel(learner) + " to " + project.rel(target));
    }

    static boolean gitAvailable() {
        try {
            return new ProcessBuilder("git", "--version").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    static int runInherited(Path dir, String... cmd) {
        out.flush();
        return waitFor(new ProcessBuilder(cmd).directory(dir.toFile()).inheritIO(), "could not run " + cmd[0]);
    }

    static int waitFor(ProcessBuilder builder, String whenMissing) {
        try {
            return builder.start().waitFor();
        } catch (IOException e) {
            throw new CourseException(whenMissing + " (" + e.getMessage() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CourseException("interrupted while waiting for " + builder.command().get(0));
        }
    }

    // ------------------------------------------------------------------ the course: root, steps, step names

    /** A module: its folder, its artifactId, and the artifactIds of the other modules it depends on. */
    record Step(String dir, String artifactId, Set<String> deps) {
    }

    record Project(Path root, List<Step> steps) {

        /** Walks up from {@code start} to the folder whose pom.xml has {@code <modules>}. */
        static Project find(Path start) {
            for (Path dir = start.toAbsolutePath().normalize(); dir != null; dir = dir.getParent()) {
                Path pom = dir.resolve("pom.xml");
                Document doc = Files.isRegularFile(pom) ? Xml.parsePom(pom) : null;
                if (doc != null && !Xml.texts(doc, "/project/modules").isEmpty()) {
                    return load(dir, Xml.texts(doc, "/project/modules/module"));
                }
            }
            throw new CourseException("no course found here: run this inside the course repository"
                    + " (the folder whose pom.xml has <modules>)");
        }

        static Project load(Path root, List<String> modules) {
            Map<String, Document> poms = new LinkedHashMap<>();
            modules.forEach(m -> poms.put(m, Xml.parsePom(root.resolve(m).resolve("pom.xml"))));
            Map<String, String> ids = new HashMap<>();   // module folder -> artifactId
            poms.forEach((dir, pom) -> ids.put(dir, Xml.texts(pom, "/project/artifactId").get(0)));
            List<Step> steps = new ArrayList<>();
            poms.forEach((dir, pom) -> steps.add(new Step(dir, ids.get(dir), Xml.texts(pom, "/project/dependencies/dependency/artifactId")
                    .stream().filter(ids::containsValue).collect(Collectors.toSet()))));
            return new Project(root, steps);
        }

        /** Accepts step02-frame-decode, step02, 02 or 2. */
        Step resolve(String name) {
            String n = name.strip().replace('\\', '/').replaceAll("/+$", "");
            Matcher wanted = Pattern.compile("(?i)(?:step)?0*(\\d+)").matcher(n);
            for (Step s : steps) {
                Matcher m = Pattern.compile("step0*(\\d+)(-.*)?").matcher(s.dir);
                if (s.dir.equals(n) || (wanted.matches() && m.matches() && m.group(1).equals(wanted.group(1)))) {
                    return s;
                }
            }
            throw new UsageException("unknown step '" + name + "'; the steps are: "
                    + steps.stream().map(Step::dir).collect(Collectors.joining(", ")));
        }

        /** Comma-separated step names, returned in module order. */
        List<Step> resolveAll(String names) {
            Set<Step> wanted = Arrays.stream(names.split(",")).filter(n -> !n.isBlank())
                    .map(this::resolve).collect(Collectors.toSet());
            return steps.stream().filter(wanted::contains).toList();
        }

        List<Step> stepsBefore(Step step) { return steps.subList(0, steps.indexOf(step)); }

        /** The step and every step it depends on, directly or not, in module order. */
        List<Step> withUpstream(Step step) {
            Set<String> needed = new HashSet<>(Set.of(step.artifactId));
            for (int i = steps.indexOf(step); i >= 0; i--) {
                if (needed.contains(steps.get(i).artifactId)) {
                    needed.addAll(steps.get(i).deps);
                }
            }
            return steps.stream().filter(s -> needed.contains(s.artifactId)).toList();
        }

        Path dir(Step s) { return root.resolve(s.dir); }
        Path learnerMain(Step s) { return dir(s).resolve("src/main"); }
        Path solutionMain(Step s) { return root.resolve("solutions").resolve(s.dir).resolve("src/main"); }

        /** A path as shown to the user: relative to the course root when inside it. */
        Path rel(Path p) {
            Path abs = p.toAbsolutePath().normalize();
            return abs.startsWith(root) ? root.relativize(abs) : abs;
        }
    }

    // ------------------------------------------------------------------ Maven

    /** A finished Maven run: exit code, log, failed goal per artifactId (compile, testCompile, ...), javac errors. */
    record MavenRun(int exitCode, Path log, Map<String, String> failedGoals, List<String> compilerErrors) {
    }

    static final class Maven {
        static final Pattern FAILED_GOAL = Pattern.compile("Failed to execute goal (?:(\\S+) (?:\\([^)]*\\) )?)?on project ([\\w.-]+)");
        static final Pattern COMPILER_ERROR = Pattern.compile("^\\[ERROR\\] (.+\\.java:\\[\\d+,\\d+\\] .*)$");

        /** Runs {@code mvn -B [-o] args} in {@code dir}, all output to {@code log}, and reads what failed. */
        static MavenRun run(Path dir, List<String> args, Path log, boolean offline) {
            List<String> cmd = new ArrayList<>(List.of(WINDOWS ? "mvn.cmd" : "mvn", "-B"));
            if (offline) {
                cmd.add("-o");
            }
            cmd.addAll(args);
            io("cannot create " + log.getParent(), () -> Files.createDirectories(log.toAbsolutePath().getParent()));
            ProcessBuilder builder = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            int exitCode = waitFor(builder, "could not run Maven ('" + cmd.get(0) + "'): is it installed and on the PATH?");
            return parse(exitCode, log);
        }

        static MavenRun parse(int exitCode, Path log) {
            Charset charset = Charset.forName(System.getProperty("native.encoding", Charset.defaultCharset().name()));
            String text = new String(io("cannot read " + log, () -> Files.readAllBytes(log)), charset);
            Map<String, String> failed = new HashMap<>();
            Set<String> errors = new LinkedHashSet<>();
            for (String line : text.split("\\R")) {
                Matcher goal = FAILED_GOAL.matcher(line);
                if (goal.find()) {
                    String g = goal.group(1) == null ? "dependencies" : goal.group(1);
                    failed.putIfAbsent(goal.group(2), g.substring(g.lastIndexOf(':') + 1));
                }
                Matcher error = COMPILER_ERROR.matcher(line);
                if (error.matches()) {
                    errors.add(error.group(1));
                }
            }
            return new MavenRun(exitCode, log, failed, List.copyOf(errors));
        }
    }

    // ------------------------------------------------------------------ Surefire XML reports

    /** One {@code <testcase>}: outcome is passed, failure, error or skipped. */
    record TestCase(String suite, String classname, String name, String outcome, String message) {
        boolean failed() { return outcome.equals("failure") || outcome.equals("error"); }
        boolean skipped() { return outcome.equals("skipped"); }
        boolean passed() { return outcome.equals("passed"); }
        String simpleSuite() { return suite.substring(suite.lastIndexOf('.') + 1); }
        String shortName() { return simpleSuite() + "." + name; }

        /** The class, then the display name JUnit put in classname (e.g. of a @Nested class), then the test. */
        String displayName() {
            String inner = classname.isEmpty() || classname.equals(suite) ? ""
                    : " › " + (classname.startsWith(suite + "$") ? classname.substring(suite.length() + 1) : classname);
            return simpleSuite() + inner + " › " + name;
        }

        /** The failure message, long lines cut. */
        String shortMessage() {
            String m = message == null || message.isBlank() ? "(no message)" : message.strip();
            return m.lines().map(l -> l.length() > 600 ? l.substring(0, 600) + " ..." : l).collect(Collectors.joining("\n"));
        }

        static final String TOGETHER = "exercises together";
        static final Pattern EXERCISE_CLASS = Pattern.compile("^Exercise (\\d+)\\b(?! and)");
        static final Pattern CHALLENGE_CLASS = Pattern.compile("^Challenge ([a-z]+)\\b");

        /** Suite, class and name: one test, whatever run it is in. */
        String id() { return suite + "|" + classname + "|" + name; }

        /**
         * What a test proves, read from its class's display name: "Exercise N - ..." is exercise N,
         * "Challenge NAME - ..." is challenge NAME; the rest ("Exercises together", "Going further")
         * tests several exercises at once.
         */
        String label() {
            Matcher exercise = EXERCISE_CLASS.matcher(classname);
            if (exercise.find()) {
                return "exercise " + exercise.group(1);
            }
            Matcher challenge = CHALLENGE_CLASS.matcher(classname);
            return challenge.find() ? "challenge " + challenge.group(1) : TOGETHER;
        }

        /**
         * The exercise a test belongs to: "Exercise N" in its class's display name; tests of all the
         * exercises together and the "Going further" challenges come after every numbered exercise;
         * else "exercise N" in its failure message (a skeleton's TODO).
         */
        int exercise() {
            Matcher named = Pattern.compile("\\bExercises? (\\d+)").matcher(classname);
            if (named.find()) {
                return Integer.parseInt(named.group(1));
            }
            if (classname.matches("^Exercises (?:[\\d-]+ )?together.*")) {
                return Integer.MAX_VALUE - 1;
            }
            if (classname.startsWith("Going further") || classname.startsWith("Challenge ")) {
                return Integer.MAX_VALUE;
            }
            Matcher todo = Pattern.compile("(?i)\\bexercises? (\\d+)").matcher(message == null ? "" : message);
            return todo.find() ? Integer.parseInt(todo.group(1)) : Integer.MAX_VALUE - 1;
        }
    }

    record Report(List<TestCase> cases) {
        int tests() { return cases.size(); }
        int failed() { return (int) cases.stream().filter(TestCase::failed).count(); }
        int skipped() { return (int) cases.stream().filter(TestCase::skipped).count(); }
        int passed() { return (int) cases.stream().filter(TestCase::passed).count(); }

        /** The failing test of the lowest exercise; among equals, the first reported. */
        TestCase firstToFix() {
            return cases.stream().filter(TestCase::failed).min(Comparator.comparingInt(TestCase::exercise)).orElseThrow();
        }
    }

    static final class Reports {
        /** Reads STEP/target/surefire-reports/TEST-*.xml, counting testcase elements, never the suite's attributes. */
        static Report read(Path stepDir) {
            Path dir = stepDir.resolve("target/surefire-reports");
            List<TestCase> cases = new ArrayList<>();
            if (Files.isDirectory(dir)) {
                List<Path> files = io("cannot list " + dir, () -> {
                    try (Stream<Path> list = Files.list(dir)) {
                        return list.filter(f -> f.getFileName().toString().matches("TEST-.*\\.xml")).sorted().toList();
                    }
                });
                files.forEach(f -> readFile(f, cases));
            }
            return new Report(cases);
        }

        static void readFile(Path file, List<TestCase> into) {
            Document doc;
            try {
                doc = Xml.parse(io("cannot read " + file, () -> Files.readAllBytes(file)), file);
            } catch (CourseException e) {
                err.println("warning: left out an unreadable report: " + e.getMessage());
                return;
            }
            NodeList testcases = doc.getElementsByTagName("testcase");
            for (int i = 0; i < testcases.getLength(); i++) {
                Element tc = (Element) testcases.item(i);
                String suite = ((Element) tc.getParentNode()).getAttribute("name");
                String outcome = "passed";
                String message = null;
                for (String kind : List.of("failure", "error", "skipped")) {
                    Element e = (Element) tc.getElementsByTagName(kind).item(0);
                    if (e != null) {
                        outcome = kind;
                        message = e.hasAttribute("message") ? e.getAttribute("message") : e.getTextContent();
                        break;
                    }
                }
                into.add(new TestCase(suite, tc.getAttribute("classname"), tc.getAttribute("name"), outcome, message));
            }
        }
    }

    static final class Xml {
        /** A pom. Maven accepts "--" inside comments, XML does not: comments are dropped first. */
        static Document parsePom(Path pom) {
            String text = io("cannot read " + pom, () -> Files.readString(pom)).replaceAll("(?s)<!--.*?-->", "");
            return parse(text.getBytes(StandardCharsets.UTF_8), pom);
        }

        static Document parse(byte[] content, Path file) {
            try {
                DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
                f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
                DocumentBuilder b = f.newDocumentBuilder();
                b.setErrorHandler(new org.xml.sax.helpers.DefaultHandler());   // no "[Fatal Error]" on stderr
                return b.parse(new ByteArrayInputStream(content));
            } catch (Exception e) {
                throw new CourseException("cannot read " + file + ": " + e.getMessage());
            }
        }

        /** The trimmed text of each node an XPath expression selects, e.g. "/project/modules/module". */
        static List<String> texts(Document doc, String xpath) {
            try {
                NodeList nodes = (NodeList) XPathFactory.newInstance().newXPath().evaluate(xpath, doc, XPathConstants.NODESET);
                return IntStream.range(0, nodes.getLength()).mapToObj(i -> nodes.item(i).getTextContent().strip()).toList();
            } catch (XPathExpressionException e) {
                throw new IllegalArgumentException(xpath, e);
            }
        }
    }

    // ------------------------------------------------------------------ a small diff, for when git is missing

    static final class Diff {
        static void dirs(Path mine, Path theirs) {
            Set<String> all = new TreeSet<>(files(mine));
            all.addAll(files(theirs));
            int differences = 0;
            for (String rel : all) {
                Path a = mine.resolve(rel);
                Path b = theirs.resolve(rel);
                if (!Files.exists(a) || !Files.exists(b)) {
                    out.println("Only in " + (Files.exists(a) ? "yours: " : "the solution: ") + rel);
                    differences++;
                } else if (!Arrays.equals(bytes(a), bytes(b))) {
                    out.println("--- yours/" + rel + "\n+++ solution/" + rel);
                    printHunks(lines(a), lines(b));
                    differences++;
                }
            }
            out.println(differences == 0 ? "No differences." : differences + " file(s) differ.");
        }

        static List<String> files(Path dir) {
            return io("cannot list " + dir, () -> {
                try (Stream<Path> s = Files.walk(dir)) {
                    return s.filter(Files::isRegularFile).map(p -> dir.relativize(p).toString().replace('\\', '/')).toList();
                }
            });
        }

        static byte[] bytes(Path p) { return io("cannot read " + p, () -> Files.readAllBytes(p)); }
        static List<String> lines(Path p) { return new String(bytes(p), StandardCharsets.UTF_8).lines().toList(); }

        /** A longest-common-subsequence diff, printed with 3 lines of context around each change. */
        static void printHunks(List<String> a, List<String> b) {
            int n = a.size();
            int m = b.size();
            if ((long) n * m > 20_000_000L) {
                out.println("(the files are too large to compare here)");
                return;
            }
            int[][] lcs = new int[n + 1][m + 1];
            for (int i = n - 1; i >= 0; i--) {
                for (int j = m - 1; j >= 0; j--) {
                    lcs[i][j] = a.get(i).equals(b.get(j)) ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
                }
            }
            List<String> lines = new ArrayList<>();   // " text", "-text" or "+text"
            List<String> where = new ArrayList<>();   // "@@ -i +j @@" for each of them
            for (int i = 0, j = 0; i < n || j < m; ) {
                where.add("@@ -" + (i + 1) + " +" + (j + 1) + " @@");
                if (i < n && j < m && a.get(i).equals(b.get(j))) {
                    lines.add(" " + a.get(i++));
                    j++;
                } else if (i < n && (j == m || lcs[i + 1][j] >= lcs[i][j + 1])) {
                    lines.add("-" + a.get(i++));
                } else {
                    lines.add("+" + b.get(j++));
                }
            }
            boolean[] show = new boolean[lines.size()];
            for (int k = 0; k < lines.size(); k++) {
                if (lines.get(k).charAt(0) != ' ') {
                    Arrays.fill(show, Math.max(0, k - 3), Math.min(lines.size(), k + 4), true);
                }
            }
            for (int k = 0; k < lines.size(); k++) {
                if (show[k] && (k == 0 || !show[k - 1])) {
                    out.println(where.get(k));
                }
                if (show[k]) {
                    out.println(lines.get(k));
                }
            }
        }
    }

    // ------------------------------------------------------------------ files, arguments, errors

    /** Copies the tree {@code from} to {@code to}, leaving out what {@code skip} accepts. */
    static void copyTree(Path from, Path to, Predicate<Path> skip) {
        io("cannot copy " + from + " to " + to, () -> Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                if (!dir.equals(from) && skip.test(dir)) {
                    return FileVisitResult.SKIP_SUBTREE;
                }
                Files.createDirectories(to.resolve(from.relativize(dir).toString()));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                if (!skip.test(file)) {
                    Files.copy(file, to.resolve(from.relativize(file).toString()),
                            StandardCopyOption.REPLACE_EXISTING, LinkOption.NOFOLLOW_LINKS);
                }
                return FileVisitResult.CONTINUE;
            }
        }));
    }

    static void deleteTree(Path root) {
        if (Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            io("cannot delete " + root, () -> {
                try (Stream<Path> paths = Files.walk(root)) {
                    for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                        p.toFile().setWritable(true);   // Windows does not delete read-only files
                        Files.delete(p);
                    }
                }
                return null;
            });
        }
    }

    interface IoAction<T> {
        T run() throws IOException;
    }

    /** Runs {@code action}, turning an IOException into an error message for the user. */
    static <T> T io(String what, IoAction<T> action) {
        try {
            return action.run();
        } catch (IOException e) {
            throw new CourseException(what + ": " + e);
        }
    }

    /**
     * The console: UTF-8 marks (✓ ✗ › §) where the console shows UTF-8, plain ASCII elsewhere (an old
     * Windows console, LANG=C), so that nothing prints as '?' or mojibake. COURSE_ASCII=1 forces ASCII.
     */
    static final class Console {
        record Marks(boolean utf8, String yes, String no) {
        }

        static Marks marks() {
            String encoding = Optional.ofNullable(System.getProperty("stdout.encoding"))      // Java 19+
                    .or(() -> Optional.ofNullable(System.getProperty("sun.stdout.encoding")))    // a Windows console
                    .orElse(System.getProperty("native.encoding", Charset.defaultCharset().name()));
            boolean utf8 = !"1".equals(System.getenv("COURSE_ASCII"))
                    && encoding.replace("-", "").equalsIgnoreCase("UTF8");
            return utf8 ? new Marks(true, "✓ ", "✗ ") : new Marks(false, "v ", "x ");
        }

        static PrintStream stream(FileDescriptor fd, Marks marks) {
            OutputStream raw = new FileOutputStream(fd);
            if (marks.utf8()) {
                return new PrintStream(raw, true, StandardCharsets.UTF_8);
            }
            return new PrintStream(raw, true, StandardCharsets.US_ASCII) {
                @Override
                public void print(String s) { super.print(ascii(s)); }

                @Override
                public void println(String s) { super.println(ascii(s)); }
            };
        }

        /** RFC 6455 §4.1 as "RFC 6455 sec. 4.1", › as >, and any other non-ASCII character as '?'. */
        static String ascii(String s) {
            return s == null ? null : s.replace("§", "sec. ").replace("›", ">").replace("…", "...")
                    .replace("–", "-").replace("—", "-");
        }
    }

    static String pad(String s, int width) { return s + " ".repeat(Math.max(0, width - s.length())); }

    /** Positional arguments and --options; --steps, --step and --class take a value (also as --step=VALUE). */
    static final class Args {
        final List<String> positional = new ArrayList<>();
        final Map<String, String> options = new HashMap<>();

        Args(String[] argv) {
            for (int i = 1; i < argv.length; i++) {
                String a = argv[i];
                int eq = a.indexOf('=');
                if (!a.startsWith("--")) {
                    positional.add(a);
                } else if (eq > 0) {
                    options.put(a.substring(0, eq), a.substring(eq + 1));
                } else if (a.equals("--steps") || a.equals("--step") || a.equals("--class") || a.equals("--runs")) {
                    if (++i >= argv.length) {
                        throw new UsageException(a + " needs a value");
                    }
                    options.put(a, argv[i]);
                } else {
                    options.put(a, "true");
                }
            }
        }

        void allow(int maxPositional, String... names) {
            options.keySet().stream().filter(o -> !List.of(names).contains(o)).findFirst().ifPresent(o -> {
                throw new UsageException("unknown option " + o);
            });
            if (positional.size() > maxPositional) {
                throw new UsageException("unexpected argument '" + positional.get(maxPositional) + "'");
            }
        }

        /** The STEP arguments of take: one or more. */
        List<String> someSteps(String... options) {
            allow(Integer.MAX_VALUE, options);
            if (positional.isEmpty()) {
                throw new UsageException("STEP is missing");
            }
            return positional;
        }

        /** The one STEP argument of test, watch, reset and compare. */
        String onlyStep(String... options) {
            allow(1, options);
            if (positional.isEmpty()) {
                throw new UsageException("STEP is missing");
            }
            return positional.get(0);
        }

        boolean has(String option) { return options.containsKey(option); }
        String get(String option) { return options.get(option); }
    }

    static class CourseException extends RuntimeException {
        CourseException(String message) { super(message); }
    }

    static final class UsageException extends CourseException {
        UsageException(String message) { super(message); }
    }
}
