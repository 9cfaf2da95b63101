import java.io.*;
import java.nio.charset.StandardCharsets;
import java.nio.file.*;
import java.util.*;
import java.util.concurrent.TimeUnit;
import java.util.regex.*;
import java.util.stream.*;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.*;

/**
 * The mistake catalogue, run with the source launcher: {@code java tools/Mistakes.java [STEP...]}.
 * JDK only, Java 17. Reads tools/mistakes/catalogue.txt: mistakes a learner plausibly makes, each a
 * small exact edit (find/replace) of a file under solutions/STEP/src/main. Each one is applied alone,
 * in a scratch copy of the working tree, and the step's LESSON tests are run on it (the reference
 * code, -Psolutions, with the tags challenge and provided left out, as in a learner's plain run).
 * A mistake is caught when a lesson test fails. One line per mistake, then a verdict; exit code 1
 * when a mistake is not caught, or when an edit no longer applies or does not compile. See
 * tools/README.md, "Mistakes".
 */
public class Mistakes {

    static final String USAGE = """
            Usage: java tools/Mistakes.java [STEP...] [--only ID,ID] [--offline] [--maven] [--markdown FILE] [--keep] [--list]
                   java tools/Mistakes.java pit [STEP...] [--offline] [--markdown FILE] [--tests GLOB]
                                   mutation testing (PIT, mvn -Ppit) of each step's exercise classes in the
                                   reference, lesson tests only: mutants, killed, survived, score, and every
                                   surviving mutant in exercise code that tools/mistakes/EQUIVALENT-MUTANTS.md
                                   does not explain (exit code 1 if there is one); default steps 01-04
              STEP            01 .. 05 (or step02-frame-decode); default: every step of the catalogue
              --only ID,ID    only these mistakes
              --offline       Maven offline (mvn -o)
              --maven         one whole Maven run per mistake (slow; the default builds each step once with
                              Maven, then compiles each mistake with javac and runs the lesson tests with
                              the JUnit launcher, on Surefire's class path, stopping at the first failure)
              --markdown FILE also write the results as a Markdown table (tools/mistakes/RESULTS.md)
              --list          print the catalogue, run nothing
              --keep          keep the scratch copy (its path is printed)
            """;
    static final String LESSON_TESTS = "-Dcourse.excludedGroups=challenge,provided";
    static final long RUN_TIMEOUT_SECONDS = 420;
    /** A run past its time is asked to end first, so that its tests' shutdown hooks run (LessonRun gives them 20 s). */
    static final long STOP_GRACE_SECONDS = 25;

    /** One mistake: where it comes from, what a learner wrote, and the edit that writes it. */
    record Mistake(String id, String step, String file, String what, List<String[]> edits, String tests,
                   String argLine, String source) {
    }

    /** What the lesson tests said about one mistake. */
    record Result(Mistake mistake, String verdict, String firstFailure, long millis) {
        boolean caught() { return verdict.equals("caught"); }
    }

    public static void main(String[] argv) throws Exception {
        System.setOut(new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8));
        int code;
        try {
            code = run(new ArrayList<>(List.of(argv)));
        } catch (IllegalArgumentException e) {
            System.out.println("Error: " + e.getMessage() + "\n\n" + USAGE);
            code = 2;
        }
        System.exit(code);
    }

    static int run(List<String> args) throws Exception {
        if (!args.isEmpty() && args.get(0).equals("pit")) {
            return Pit.run(args.subList(1, args.size()));
        }
        boolean offline = args.remove("--offline");
        boolean keep = args.remove("--keep");
        boolean list = args.remove("--list");
        boolean viaMaven = args.remove("--maven");
        String markdown = option(args, "--markdown");
        String only = option(args, "--only");
        for (String a : args) {
            if (a.startsWith("-")) {
                throw new IllegalArgumentException("unknown option " + a);
            }
        }
        Path root = findRoot();
        List<String> steps = stepDirs(root);
        List<Mistake> catalogue = read(root.resolve("tools/mistakes/catalogue.txt"), steps);
        Set<String> wantedSteps = args.stream().map(a -> resolveStep(a, steps)).collect(Collectors.toSet());
        Set<String> wantedIds = only == null ? Set.of() : Set.of(only.split(","));
        List<Mistake> selected = catalogue.stream()
                .filter(m -> wantedSteps.isEmpty() || wantedSteps.contains(m.step()))
                .filter(m -> wantedIds.isEmpty() || wantedIds.contains(m.id()))
                .toList();
        if (selected.isEmpty()) {
            throw new IllegalArgumentException("no mistake selected");
        }
        if (list) {
            selected.forEach(m -> System.out.printf("%-22s %-40s %s%n", m.step(), m.id(), m.what()));
            return 0;
        }
        List<Result> results = new ArrayList<>();
        Path scratch = Files.createTempDirectory("course-mistakes-");
        try {
            copyTree(root, scratch);
            for (String step : steps) {
                List<Mistake> ofStep = selected.stream().filter(m -> m.step().equals(step)).toList();
                if (ofStep.isEmpty()) {
                    continue;
                }
                // The earlier steps are built from their solutions, their tests left out: only this step's report counts.
                for (String earlier : steps.subList(0, steps.indexOf(step))) {
                    deleteTree(scratch.resolve(earlier).resolve("src/test"));
                }
                Rig rig = viaMaven ? null : Rig.prepare(root, scratch, step, offline);
                for (Mistake m : ofStep) {
                    Result r = rig == null ? tryMistake(root, scratch, m, offline)
                            : rig.broken != null ? new Result(m, "BROKEN", rig.broken, 0)
                            : rig.tryMistake(m);
                    results.add(r);
                    System.out.println(line(r));
                }
            }
        } finally {
            if (keep) {
                System.out.println("(kept the scratch copy " + scratch + ")");
            } else {
                deleteTree(scratch);
            }
        }
        if (markdown != null) {
            writeMarkdown(root.resolve(markdown), results);
        }
        List<Result> notCaught = results.stream().filter(r -> !r.caught()).toList();
        long caught = results.size() - notCaught.size();
        if (notCaught.isEmpty()) {
            System.out.println("Mistake catalogue: " + results.size() + " mistakes, all " + caught
                    + " caught by the lesson tests  OK");
            return 0;
        }
        System.out.println("Mistake catalogue: " + results.size() + " mistakes, " + caught + " caught by the lesson tests; FAILED: "
                + notCaught.stream().map(r -> r.mistake().id() + " (" + r.verdict() + ")").collect(Collectors.joining(", ")));
        return 1;
    }

    static String option(List<String> args, String name) {
        int i = args.indexOf(name);
        if (i < 0) {
            return null;
        }
        if (i + 1 >= args.size()) {
            throw new IllegalArgumentException(name + " needs a value");
        }
        String value = args.get(i + 1);
        args.subList(i, i + 2).clear();
        return value;
    }

    static String line(Result r) {
        return String.format("%-20s %-34s %-12s %5.0fs  %s", r.mistake().step(), r.mistake().id(), r.verdict(),
                r.millis() / 1000.0, r.firstFailure());
    }

    // ------------------------------------------------------------------ one mistake

    static Result tryMistake(Path root, Path scratch, Mistake m, boolean offline) throws Exception {
        long start = System.nanoTime();
        Path original = root.resolve("solutions").resolve(m.step()).resolve("src/main").resolve(m.file());
        Path target = scratch.resolve("solutions").resolve(m.step()).resolve("src/main").resolve(m.file());
        String text = Files.readString(original, StandardCharsets.UTF_8);
        String mistaken = text;
        for (String[] edit : m.edits()) {
            int count = count(mistaken, edit[0]);
            if (count != 1) {
                return new Result(m, "BROKEN", "the edit's find text occurs " + count + " times in solutions/" + m.step()
                        + "/src/main/" + m.file() + " (must be once): " + edit[0], 0);
            }
            mistaken = mistaken.replace(edit[0], edit[1]);
        }
        Path stepDir = scratch.resolve(m.step());
        deleteTree(stepDir.resolve("target/surefire-reports"));
        Files.writeString(target, mistaken, StandardCharsets.UTF_8);
        try {
            Outcome outcome = maven(scratch, m, m.tests(), offline);
            if (outcome.verdict.equals("not caught") && m.tests() != null) {
                // The named tests are a shortcut; "not caught" is said only after all the lesson tests ran.
                deleteTree(stepDir.resolve("target/surefire-reports"));
                outcome = maven(scratch, m, null, offline);
            }
            return new Result(m, outcome.verdict, outcome.detail, (System.nanoTime() - start) / 1_000_000);
        } finally {
            Files.writeString(target, text, StandardCharsets.UTF_8);
        }
    }

    /**
     * Ends a run that took too long and everything it started: asked first (SIGTERM, so that shutdown
     * hooks quit step 05's browsers and delete their profiles), killed after {@link #STOP_GRACE_SECONDS}.
     */
    static void stop(Process p) throws InterruptedException {
        List<ProcessHandle> started = p.descendants().toList();
        p.destroy();
        if (!p.waitFor(STOP_GRACE_SECONDS, TimeUnit.SECONDS)) {
            p.destroyForcibly();
        }
        started.forEach(ProcessHandle::destroyForcibly);
    }

    record Outcome(String verdict, String detail) {
    }

    static Outcome maven(Path scratch, Mistake m, String tests, boolean offline) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(System.getProperty("os.name", "").startsWith("Windows") ? "mvn.cmd" : "mvn",
                "-B", "-q"));
        if (offline) {
            cmd.add("-o");
        }
        cmd.addAll(List.of("test", "-pl", m.step(), "-am", "-Psolutions", LESSON_TESTS, "-Dcourse.ignoreRed=true",
                "-Dsurefire.skipAfterFailureCount=1", "-Dexec.skip=true", "-Dsurefire.timeout=" + (RUN_TIMEOUT_SECONDS - 60)));
        if (tests != null) {
            cmd.add("-Dtest=" + tests);
            cmd.add("-Dsurefire.failIfNoSpecifiedTests=false");
        }
        if (m.argLine() != null) {
            cmd.add("-DargLine=" + m.argLine());
        }
        Path log = scratch.resolve("target/mistakes").resolve(m.id() + ".log");
        Files.createDirectories(log.getParent());
        Process p = new ProcessBuilder(cmd).directory(scratch.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        if (!p.waitFor(RUN_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            stop(p);
            return new Outcome("TIMEOUT", "the tests ran for more than " + RUN_TIMEOUT_SECONDS + " s");
        }
        List<Case> cases = readReports(scratch.resolve(m.step()).resolve("target/surefire-reports"));
        if (p.exitValue() != 0) {
            String error = Files.readAllLines(log, StandardCharsets.UTF_8).stream()
                    .filter(l -> l.contains("ERROR")).findFirst().orElse("Maven failed");
            return new Outcome("BROKEN", "does not build: " + error.strip());
        }
        List<Case> failed = cases.stream().filter(Case::failed).toList();
        if (cases.isEmpty()) {
            return new Outcome("BROKEN", "no test ran");
        }
        if (failed.isEmpty()) {
            return new Outcome("not caught", cases.size() + " lesson tests pass");
        }
        Case first = failed.stream().min(Comparator.comparingInt(Case::exercise)).orElseThrow();
        return new Outcome("caught", first.display() + ": " + first.firstLine());
    }

    static int count(String text, String part) {
        int n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }


    // ------------------------------------------------------------------ the fast path: Maven once per step

    /**
     * A step built once by Maven on the reference (which must be green), Surefire's test class path read
     * from its report; then each mistake is compiled with javac into an overlay in front of that class
     * path (the step's main sources; its test sources too when the edit changes a constant, which javac inlines) and
     * the lesson tests run by {@code tools/mistakes/LessonRun.java} in a JVM of their own.
     */
    static final class Rig {
        final Path root;
        final Path scratch;
        final String step;
        final Path work;
        List<String> deps = List.of();
        Path stepClasses;
        Path stepTestClasses;
        Path runner;
        String broken;

        Rig(Path root, Path scratch, String step) {
            this.root = root;
            this.scratch = scratch;
            this.step = step;
            this.work = scratch.resolve("target/mistakes").resolve(step);
        }

        static Rig prepare(Path root, Path scratch, String step, boolean offline) throws Exception {
            Rig rig = new Rig(root, scratch, step);
            Files.createDirectories(rig.work);
            List<String> cmd = new ArrayList<>(List.of(mvn(), "-B", "-q"));
            if (offline) {
                cmd.add("-o");
            }
            cmd.addAll(List.of("test", "-pl", step, "-am", "-Psolutions", LESSON_TESTS, "-Dcourse.ignoreRed=true",
                    "-Dexec.skip=true"));
            Path log = rig.work.resolve("reference.log");
            Process p = new ProcessBuilder(cmd).directory(scratch.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
            if (!p.waitFor(RUN_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                stop(p);
                rig.broken = "the reference's lesson tests ran for more than " + RUN_TIMEOUT_SECONDS + " s";
                return rig;
            }
            Path reports = scratch.resolve(step).resolve("target/surefire-reports");
            List<Case> cases = readReports(reports);
            if (p.exitValue() != 0 || cases.isEmpty() || cases.stream().anyMatch(Case::failed)) {
                rig.broken = "the reference is not green with the lesson tests (see " + log + ")";
                return rig;
            }
            String classPath = classPathOf(reports);
            rig.stepTestClasses = scratch.resolve(step).resolve("target/test-classes");
            rig.stepClasses = scratch.resolve(step).resolve("target/classes");
            rig.deps = Arrays.stream(classPath.split(File.pathSeparator))
                    .filter(e -> !Path.of(e).equals(rig.stepClasses) && !Path.of(e).equals(rig.stepTestClasses)).toList();
            rig.runner = rig.work.resolve("runner");
            String error = javac(List.of(root.resolve("tools/mistakes/LessonRun.java")), rig.deps, rig.runner);
            if (error != null) {
                rig.broken = "LessonRun.java does not compile: " + error;
                return rig;
            }
            // The reference once more, through the runner: same tests, all green, or the rig is wrong.
            Outcome reference = rig.runTests(null, null, rig.stepTestClasses, null);
            if (!reference.verdict.equals("not caught")) {
                rig.broken = "the reference through the JUnit launcher: " + reference.detail;
            } else if (!reference.detail.startsWith(cases.size() + " ")) {
                rig.broken = "the JUnit launcher ran " + reference.detail + ", Surefire " + cases.size();
            }
            return rig;
        }

        Result tryMistake(Mistake m) throws Exception {
            long start = System.nanoTime();
            Path original = root.resolve("solutions").resolve(step).resolve("src/main").resolve(m.file());
            Path target = scratch.resolve("solutions").resolve(step).resolve("src/main").resolve(m.file());
            String text = Files.readString(original, StandardCharsets.UTF_8);
            String mistaken = text;
            for (String[] edit : m.edits()) {
                int count = count(mistaken, edit[0]);
                if (count != 1) {
                    return new Result(m, "BROKEN", "the edit's find text occurs " + count + " times in solutions/" + step
                            + "/src/main/" + m.file() + " (must be once): " + edit[0], 0);
                }
                mistaken = mistaken.replace(edit[0], edit[1]);
            }
            Files.writeString(target, mistaken, StandardCharsets.UTF_8);
            try {
                Path main = work.resolve("main");
                Path tests = work.resolve("tests");
                deleteTree(main);
                deleteTree(tests);
                Path testRoot = stepTestClasses;
                if (m.file().endsWith(".java")) {
                    String error = javac(javaFiles(scratch.resolve("solutions").resolve(step).resolve("src/main/java")), deps, main);
                    if (error != null) {
                        return new Result(m, "BROKEN", "does not compile: " + error, millisSince(start));
                    }
                    if (changesAConstant(text, m)) {
                        // javac copies a constant's value into the classes that use it: the tests too, then.
                        List<Path> testSources = new ArrayList<>(javaFiles(scratch.resolve(step).resolve("src/test/java")));
                        testSources.addAll(javaFiles(scratch.resolve("tools/test-support/java")));
                        error = javac(testSources, concat(List.of(main.toString()), deps), tests);
                        if (error != null) {
                            return new Result(m, "BROKEN", "the tests do not compile with it: " + error, millisSince(start));
                        }
                        testRoot = tests;
                    }
                } else {
                    Path resource = main.resolve(Path.of("resources").relativize(Path.of(m.file())).toString());
                    Files.createDirectories(resource.getParent());
                    Files.writeString(resource, mistaken, StandardCharsets.UTF_8);
                }
                Outcome outcome = runTests(m, m.tests(), testRoot, main);
                if (outcome.verdict.equals("not caught") && m.tests() != null) {
                    outcome = runTests(m, null, testRoot, main); // "not caught" only after every lesson test ran
                }
                return new Result(m, outcome.verdict, outcome.detail, millisSince(start));
            } finally {
                Files.writeString(target, text, StandardCharsets.UTF_8);
            }
        }

        /** Whether an edit touches a line that declares a {@code static final} field (a constant javac may inline). */
        static boolean changesAConstant(String original, Mistake m) {
            for (String[] edit : m.edits()) {
                int at = original.indexOf(edit[0]);
                if (at < 0) {
                    continue;
                }
                int from = original.lastIndexOf('\n', Math.max(0, at - 1)) + 1;
                int to = original.indexOf('\n', at + edit[0].length());
                String lines = original.substring(from, to < 0 ? original.length() : to);
                if (lines.contains("static final")) {
                    return true;
                }
            }
            return false;
        }

        Outcome runTests(Mistake m, String tests, Path testRoot, Path main) throws Exception {
            List<String> cp = new ArrayList<>(List.of(runner.toString()));
            if (!testRoot.equals(stepTestClasses)) {
                cp.add(testRoot.toString());
            }
            if (main != null) {
                cp.add(main.toString());
            }
            cp.addAll(List.of(stepTestClasses.toString(), stepClasses.toString()));
            cp.addAll(deps);
            List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", String.join(File.pathSeparator, cp),
                    "-Dcourse.step=" + step,
                    "-Djava.util.logging.config.file=" + root.resolve(".ci/logging.properties"),
                    "-Dcourse.summary.file=" + work.resolve("course-summary.txt")));
            if (m != null && m.argLine() != null) {
                cmd.addAll(List.of(m.argLine().trim().split("\\s+")));
            }
            cmd.add("LessonRun");
            cmd.add(testRoot.toString());
            if (tests != null) {
                cmd.add(".*\\.(" + tests.replace(",", "|") + ")");
            }
            Path log = work.resolve((m == null ? "reference" : m.id()) + ".out");
            Process p = new ProcessBuilder(cmd).directory(scratch.resolve(step).toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
            if (!p.waitFor(RUN_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                stop(p);
                return new Outcome("TIMEOUT", "the tests ran for more than " + RUN_TIMEOUT_SECONDS + " s");
            }
            List<String> out = new String(Files.readAllBytes(log), StandardCharsets.UTF_8).lines().toList();
            for (String l : out) {
                if (l.startsWith("FAILED ")) {
                    return new Outcome("caught", l.substring("FAILED ".length()).replace(" :: ", ": "));
                }
            }
            for (String l : out) {
                if (l.startsWith("PASSED ")) {
                    return p.exitValue() == 0 ? new Outcome("not caught", l.substring("PASSED ".length()) + " lesson tests pass")
                            : new Outcome("BROKEN", "no test ran");
                }
            }
            return new Outcome("BROKEN", "the test JVM ended without a result (exit " + p.exitValue() + ", see " + log + ")");
        }

        static String classPathOf(Path reports) throws Exception {
            try (Stream<Path> s = Files.list(reports)) {
                for (Path f : s.filter(f -> f.getFileName().toString().matches("TEST-.*\\.xml")).sorted().toList()) {
                    Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(f.toFile());
                    NodeList props = doc.getElementsByTagName("property");
                    for (int i = 0; i < props.getLength(); i++) {
                        Element e = (Element) props.item(i);
                        if (e.getAttribute("name").equals("surefire.test.class.path")) {
                            return e.getAttribute("value");
                        }
                    }
                }
            }
            throw new IllegalStateException("no surefire.test.class.path in " + reports);
        }
    }

    static long millisSince(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }

    static <T> List<T> concat(List<T> a, List<T> b) {
        return Stream.concat(a.stream(), b.stream()).toList();
    }

    static List<Path> javaFiles(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(f -> f.toString().endsWith(".java")).sorted().toList();
        }
    }

    /** Compiles in this JVM (javax.tools); null when it worked, else the first error. */
    static String javac(List<Path> sources, List<String> classPath, Path out) throws IOException {
        Files.createDirectories(out);
        javax.tools.JavaCompiler compiler = javax.tools.ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        List<String> options = new ArrayList<>(List.of("--release", "17", "-encoding", "UTF-8", "-nowarn", "-proc:none",
                "-d", out.toString(), "-cp", String.join(File.pathSeparator, classPath)));
        sources.forEach(f -> options.add(f.toString()));
        int code = compiler.run(null, OutputStream.nullOutputStream(), errors, options.toArray(String[]::new));
        if (code == 0) {
            return null;
        }
        return errors.toString(StandardCharsets.UTF_8).lines().filter(l -> l.contains("error:")).findFirst().orElse("javac failed").strip();
    }

    static String mvn() {
        return System.getProperty("os.name", "").startsWith("Windows") ? "mvn.cmd" : "mvn";
    }


    // ------------------------------------------------------------------ PIT: mutation testing of the exercise code

    /** One mutant from PIT's mutations.xml. */
    record Mutant(String file, String clazz, String method, int line, String mutator, String description, String status,
                  boolean inExercise) {
        boolean detected() { return !status.equals("SURVIVED") && !status.equals("NO_COVERAGE"); }

        /** How EQUIVALENT-MUTANTS.md names it: file, method and PIT's description (lines move, these do not). */
        String key() { return file + " " + method + ": " + description; }
    }

    static final class Pit {
        static int run(List<String> args) throws Exception {
            args = new ArrayList<>(args);
            boolean offline = args.remove("--offline");
            String markdown = option(args, "--markdown");
            String tests = option(args, "--tests");
            Path root = findRoot();
            List<String> steps = stepDirs(root);
            List<String> wanted = args.isEmpty() ? steps.subList(0, 4)
                    : args.stream().map(a -> resolveStep(a, steps)).toList();
            Path notes = root.resolve("tools/mistakes/EQUIVALENT-MUTANTS.md");
            String equivalents = Files.exists(notes) ? Files.readString(notes, StandardCharsets.UTF_8) : "";
            StringBuilder table = new StringBuilder("| step | exercise classes | mutants | killed | survived | score | "
                    + "in exercise regions: mutants, killed, equivalent (noted), score |\n|---|---|---|---|---|---|---|\n");
            List<String> unexplained = new ArrayList<>();
            Path scratch = Files.createTempDirectory("course-pit-");
            try {
                copyTree(root, scratch);
                for (String step : steps) {
                    if (!wanted.contains(step)) {
                        continue;
                    }
                    for (String earlier : steps.subList(0, steps.indexOf(step))) {
                        deleteTree(scratch.resolve(earlier).resolve("src/test"));
                    }
                    Path main = root.resolve("solutions").resolve(step).resolve("src/main/java");
                    Map<String, Set<Integer>> regions = exerciseLines(main);
                    if (regions.isEmpty()) {
                        System.out.println(step + ": no exercise classes");
                        continue;
                    }
                    List<String> classes = regions.keySet().stream()
                            .map(f -> f.replace(File.separatorChar, '/').replaceAll("\\.java$", "").replace('/', '.')).sorted().toList();
                    List<String> cmd = new ArrayList<>(List.of(mvn(), "-B", "-q"));
                    if (offline) {
                        cmd.add("-o");
                    }
                    cmd.addAll(List.of("-Ppit", "test-compile", "org.pitest:pitest-maven:mutationCoverage", "-pl", step, "-am",
                            "-DtargetClasses=" + String.join(",", classes)));
                    if (tests != null) {
                        cmd.add("-DtargetTests=" + tests); // e.g. step 05's router without the browser tests
                    }
                    Path log = root.resolve("target/pit").resolve(step + ".log");
                    Files.createDirectories(log.getParent());
                    long start = System.nanoTime();
                    Process p = new ProcessBuilder(cmd).directory(scratch.toFile()).redirectErrorStream(true)
                            .redirectOutput(log.toFile()).start();
                    int code = p.waitFor();
                    Path xml = scratch.resolve(step).resolve("target/pit-reports/mutations.xml");
                    if (code != 0 || !Files.exists(xml)) {
                        System.out.println(step + ": PIT failed (exit " + code + "), see " + root.relativize(log));
                        unexplained.add(step + ": PIT failed");
                        continue;
                    }
                    copyTree(scratch.resolve(step).resolve("target/pit-reports"), root.resolve("target/pit").resolve(step));
                    List<Mutant> mutants = readMutants(xml, main, regions);
                    long killed = mutants.stream().filter(Mutant::detected).count();
                    List<Mutant> inEx = mutants.stream().filter(Mutant::inExercise).toList();
                    long exKilled = inEx.stream().filter(Mutant::detected).count();
                    List<Mutant> survivors = inEx.stream().filter(m -> !m.detected()).toList();
                    List<Mutant> explained = survivors.stream().filter(m -> equivalents.contains("`" + m.key() + "`")).toList();
                    String line = String.format("%-20s mutants %4d  killed %4d  survived %3d  score %5.1f%%   exercise regions: "
                                    + "%d mutants, %d killed, %d equivalent, score %5.1f%% (%.0f s)",
                            step, mutants.size(), killed, mutants.size() - killed, percent(killed, mutants.size()), inEx.size(),
                            exKilled, explained.size(), percent(exKilled + explained.size(), inEx.size()),
                            (System.nanoTime() - start) / 1e9);
                    System.out.println(line);
                    table.append(String.format("| %s | %s | %d | %d | %d | %.1f %% | %d, %d, %d: %.1f %% |%n", step,
                            classes.stream().map(c -> c.substring(c.lastIndexOf('.') + 1)).collect(Collectors.joining(", ")),
                            mutants.size(), killed, mutants.size() - killed, percent(killed, mutants.size()), inEx.size(),
                            exKilled, explained.size(), percent(exKilled + explained.size(), inEx.size())));
                    for (Mutant m : survivors) {
                        boolean noted = explained.contains(m);
                        System.out.println("    " + (noted ? "equivalent (noted) " : "SURVIVED ") + m.file() + ":" + m.line()
                                + "  `" + m.key() + "`  [" + m.status() + "]");
                        if (!noted) {
                            unexplained.add(step + " " + m.file() + ":" + m.line());
                        }
                    }
                }
            } finally {
                deleteTree(scratch);
            }
            if (markdown != null) {
                Files.writeString(root.resolve(markdown), table.toString(), StandardCharsets.UTF_8);
            }
            if (unexplained.isEmpty()) {
                System.out.println("Mutation testing: every mutant in exercise code is killed or noted as equivalent  OK");
                return 0;
            }
            System.out.println("Mutation testing: " + unexplained.size() + " surviving mutants in exercise code that "
                    + "tools/mistakes/EQUIVALENT-MUTANTS.md does not explain  FAILED");
            return 1;
        }

        static double percent(long part, long whole) {
            return whole == 0 ? 100.0 : 100.0 * part / whole;
        }

        /** For each file under {@code main} with an exercise region: the line numbers inside its regions. */
        static Map<String, Set<Integer>> exerciseLines(Path main) throws IOException {
            Map<String, Set<Integer>> result = new TreeMap<>();
            Pattern begin = Pattern.compile("^\\s*// BEGIN exercises? [\\d, ]+\\s*$");
            Pattern end = Pattern.compile("^\\s*// END exercises? [\\d, ]+\\s*$");
            for (Path f : javaFiles(main)) {
                List<String> lines = Files.readAllLines(f, StandardCharsets.UTF_8);
                Set<Integer> in = new TreeSet<>();
                int depth = 0;
                int challenge = 0; // a challenge's code nested in an exercise region is not the exercise's
                for (int i = 0; i < lines.size(); i++) {
                    String l = lines.get(i);
                    if (begin.matcher(l).matches()) {
                        depth++;
                    } else if (end.matcher(l).matches()) {
                        depth--;
                    } else if (l.matches("^\\s*// BEGIN challenge \\w+\\s*$")) {
                        challenge++;
                    } else if (l.matches("^\\s*// END challenge \\w+\\s*$")) {
                        challenge--;
                    } else if (depth > 0 && challenge == 0) {
                        in.add(i + 1);
                    }
                }
                if (!in.isEmpty()) {
                    result.put(main.relativize(f).toString(), in);
                }
            }
            return result;
        }

        static List<Mutant> readMutants(Path xml, Path main, Map<String, Set<Integer>> regions) throws Exception {
            Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(xml.toFile());
            NodeList list = doc.getElementsByTagName("mutation");
            List<Mutant> result = new ArrayList<>();
            for (int i = 0; i < list.getLength(); i++) {
                Element e = (Element) list.item(i);
                String clazz = text(e, "mutatedClass");
                String file = text(e, "sourceFile");
                String rel = clazz.replaceAll("\\$.*", "").replace('.', '/') + ".java";
                int line = Integer.parseInt(text(e, "lineNumber"));
                boolean in = regions.getOrDefault(rel.replace('/', File.separatorChar), Set.of()).contains(line);
                String mutator = text(e, "mutator");
                result.add(new Mutant(file, clazz, text(e, "mutatedMethod"), line, mutator.substring(mutator.lastIndexOf('.') + 1),
                        text(e, "description"), e.getAttribute("status"), in));
            }
            return result;
        }

        static String text(Element e, String tag) {
            NodeList n = e.getElementsByTagName(tag);
            return n.getLength() == 0 ? "" : n.item(0).getTextContent().strip();
        }
    }

    // ------------------------------------------------------------------ Surefire's XML reports

    /** One {@code <testcase>}. */
    record Case(String suite, String classname, String name, boolean failed, String message) {
        String display() {
            String simple = suite.substring(suite.lastIndexOf('.') + 1);
            String inner = classname.equals(suite) ? "" : " › " + classname;
            return simple + inner + " › " + name;
        }

        String firstLine() {
            String m = message == null ? "(no message)" : message.strip();
            String first = m.lines().findFirst().orElse("(no message)");
            return first.length() > 300 ? first.substring(0, 300) + " ..." : first;
        }

        int exercise() {
            Matcher named = Pattern.compile("\\bExercises? (\\d+)").matcher(classname);
            return named.find() ? Integer.parseInt(named.group(1)) : Integer.MAX_VALUE;
        }
    }

    static List<Case> readReports(Path dir) throws Exception {
        List<Case> cases = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return cases;
        }
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(f -> f.getFileName().toString().matches("TEST-.*\\.xml")).sorted().toList();
        }
        for (Path f : files) {
            Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(f.toFile());
            NodeList testcases = doc.getElementsByTagName("testcase");
            for (int i = 0; i < testcases.getLength(); i++) {
                Element tc = (Element) testcases.item(i);
                String suite = ((Element) tc.getParentNode()).getAttribute("name");
                boolean failed = false;
                boolean skipped = false;
                String message = null;
                for (String kind : List.of("failure", "error", "skipped")) {
                    Element e = (Element) tc.getElementsByTagName(kind).item(0);
                    if (e != null) {
                        failed = !kind.equals("skipped");
                        skipped = kind.equals("skipped");
                        message = e.hasAttribute("message") ? e.getAttribute("message") : e.getTextContent();
                        if (failed && (message == null || message.isBlank())) {
                            message = e.getAttribute("type");
                        }
                        break;
                    }
                }
                if (!skipped) { // skipAfterFailureCount skips the rest once one failed
                    cases.add(new Case(suite, tc.getAttribute("classname"), tc.getAttribute("name"), failed, message));
                }
            }
        }
        return cases;
    }

    // ------------------------------------------------------------------ the catalogue

    /**
     * Blocks separated by {@code [id]} lines; keys {@code step}, {@code file} (under
     * solutions/STEP/src/main), {@code what}, {@code find}/{@code replace} pairs (\n is a new line,
     * \t a tab, \\ a backslash), optional {@code tests} (a -Dtest shortcut tried first),
     * {@code argline}, {@code source}. Lines starting with # are comments.
     */
    static List<Mistake> read(Path file, List<String> steps) throws IOException {
        List<Mistake> result = new ArrayList<>();
        Map<String, String> fields = null;
        List<String[]> edits = null;
        String pendingFind = null;
        String id = null;
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        lines = new ArrayList<>(lines);
        lines.add("[end]");
        for (String raw : lines) {
            if (raw.startsWith("#") || raw.isBlank()) {
                continue;
            }
            if (raw.startsWith("[") && raw.endsWith("]")) {
                if (id != null) {
                    if (pendingFind != null) {
                        throw new IllegalArgumentException(id + ": find without replace");
                    }
                    result.add(build(id, fields, edits, steps));
                }
                id = raw.substring(1, raw.length() - 1);
                fields = new HashMap<>();
                edits = new ArrayList<>();
                pendingFind = null;
                continue;
            }
            int colon = raw.indexOf(": ");
            if (id == null || colon < 0) {
                throw new IllegalArgumentException("catalogue line not understood: " + raw);
            }
            String key = raw.substring(0, colon);
            String value = raw.substring(colon + 2);
            switch (key) {
                case "find" -> pendingFind = unescape(value);
                case "replace" -> {
                    if (pendingFind == null) {
                        throw new IllegalArgumentException(id + ": replace without find");
                    }
                    edits.add(new String[] {pendingFind, unescape(value)});
                    pendingFind = null;
                }
                default -> fields.merge(key, value, (a, b) -> a + " " + b);
            }
        }
        Set<String> ids = new HashSet<>();
        for (Mistake m : result) {
            if (!ids.add(m.id())) {
                throw new IllegalArgumentException("two mistakes are called " + m.id());
            }
        }
        return result;
    }

    static Mistake build(String id, Map<String, String> f, List<String[]> edits, List<String> steps) {
        for (String key : List.of("step", "file", "what")) {
            if (!f.containsKey(key)) {
                throw new IllegalArgumentException(id + ": no " + key);
            }
        }
        if (edits.isEmpty()) {
            throw new IllegalArgumentException(id + ": no find/replace");
        }
        return new Mistake(id, resolveStep(f.get("step"), steps), f.get("file"), f.get("what"), edits, f.get("tests"),
                f.get("argline"), f.get("source"));
    }

    static String unescape(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                char n = s.charAt(++i);
                b.append(n == 'n' ? '\n' : n == 't' ? '\t' : n);
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    // ------------------------------------------------------------------ results as Markdown

    static void writeMarkdown(Path file, List<Result> results) throws IOException {
        StringBuilder b = new StringBuilder();
        b.append("# Mistake catalogue: results\n\n");
        b.append("Made by `java tools/Mistakes.java --offline --markdown tools/mistakes/RESULTS.md` (the catalogue is\n");
        b.append("`tools/mistakes/catalogue.txt`). Each mistake is applied alone to the reference code, then the step's\n");
        b.append("lesson tests run (no `challenge`, no `provided` tag) in the course's order (classes by display name,\n");
        b.append("RFC examples before random data) until the first failure: that test and the first line of its message.\n\n");
        long caught = results.stream().filter(Result::caught).count();
        b.append("**").append(caught).append(" of ").append(results.size()).append(" caught by the lesson tests.**\n\n");
        b.append("| step | mistake | what the learner wrote | caught | first failure |\n|---|---|---|---|---|\n");
        for (Result r : results) {
            b.append("| ").append(r.mistake().step().substring(0, 6)).append(" | `").append(r.mistake().id()).append("` | ")
                    .append(cell(r.mistake().what())).append(" | ").append(r.caught() ? "yes" : "**" + r.verdict() + "**")
                    .append(" | ").append(cell(r.firstFailure())).append(" |\n");
        }
        Files.createDirectories(file.getParent());
        Files.writeString(file, b.toString(), StandardCharsets.UTF_8);
    }

    static String cell(String s) {
        return s.replace("|", "\\|").replace("<", "&lt;").replace(">", "&gt;");
    }

    // ------------------------------------------------------------------ the course's files

    static Path findRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("tools/mistakes/catalogue.txt")) && Files.isRegularFile(dir.resolve("pom.xml"))) {
                return dir;
            }
        }
        throw new IllegalArgumentException("run this inside the course (no tools/mistakes/catalogue.txt above here)");
    }

    static List<String> stepDirs(Path root) throws IOException {
        String pom = Files.readString(root.resolve("pom.xml"), StandardCharsets.UTF_8);
        Matcher m = Pattern.compile("<module>([^<]+)</module>").matcher(pom);
        List<String> steps = new ArrayList<>();
        while (m.find()) {
            steps.add(m.group(1));
        }
        return steps;
    }

    static String resolveStep(String name, List<String> steps) {
        Matcher wanted = Pattern.compile("(?i)(?:step)?0*(\\d+)(?:-.*)?").matcher(name.strip());
        for (String s : steps) {
            Matcher m = Pattern.compile("step0*(\\d+)(-.*)?").matcher(s);
            if (s.equals(name) || (wanted.matches() && m.matches() && m.group(1).equals(wanted.group(1)))) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown step '" + name + "'; the steps are " + steps);
    }

    static void copyTree(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                Path rel = from.relativize(p);
                if (rel.toString().isEmpty()) {
                    continue;
                }
                boolean skipped = false;
                for (Path part : rel) {
                    String n = part.toString();
                    if (n.equals(".git") || n.equals(".course-backup") || n.equals("target")) {
                        skipped = true;
                    }
                }
                if (skipped) {
                    continue;
                }
                Path dest = to.resolve(rel.toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(dest);
                } else {
                    Files.copy(p, dest, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
