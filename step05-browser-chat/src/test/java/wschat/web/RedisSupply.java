package wschat.web;

import java.io.File;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;

/**
 * A real Redis for the shared-room tests, started by the tests and stopped afterwards, with no
 * persistence: the pinned {@link #IMAGE} through Testcontainers where a Docker engine answers (within
 * a few seconds), otherwise the {@code redis-server} program on the {@code PATH} (Debian's
 * {@code redis-server} package, Homebrew's {@code redis}) on a free port of 127.0.0.1. With neither,
 * {@link #start} says why and what to install; the tests then skip (fail under {@code CI=true}).
 *
 * <p>{@link #kill} makes Redis go away at once, as a crash does: every connection to it ends.
 * {@link #restart} brings it back on the same port, empty.
 */
final class RedisSupply implements AutoCloseable {

    /** Pinned, never latest: the Redis of Debian 13's redis-server package, for amd64 and arm64. */
    static final String IMAGE = "redis:7.0.15";
    static final String SET_UP = "step05-browser-chat/README.md, \"Challenge redis\"";
    private static final int REDIS_PORT = 6379;
    private static final Duration DOCKER_PROBE_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(10);

    /** No Redis to be had: why, and the one command that fixes it. */
    static final class NoRedis extends Exception {
        final String fix;

        NoRedis(String reason, String fix) {
            super(reason);
            this.fix = fix;
        }
    }

    private final String description;
    private final int port;
    private final String program;
    private final GenericContainer<?> container;
    private final Path dir;
    private Process process;

    private RedisSupply(String description, int port, String program, GenericContainer<?> container, Path dir) {
        this.description = description;
        this.port = port;
        this.program = program;
        this.container = container;
        this.dir = dir;
    }

    /** A running Redis: Docker if it answers, else redis-server from the PATH; or why there is none. */
    static RedisSupply start() throws NoRedis {
        long begin = System.nanoTime();
        Boolean docker = BrowserSupply.within("redis-probe", DOCKER_PROBE_TIMEOUT, () -> {
            try {
                return DockerClientFactory.instance().isDockerAvailable();
            } catch (Throwable e) {
                return false;
            }
        });
        String noDocker = "no Docker engine (Testcontainers found none; looked for " + millisSince(begin) + " ms, at most "
                + DOCKER_PROBE_TIMEOUT.toSeconds() + " s)";
        if (Boolean.TRUE.equals(docker)) {
            return docker();
        }
        String program = onPath("redis-server");
        if (program == null) {
            throw new NoRedis(noDocker + ", and no redis-server program on the PATH", installCommand());
        }
        RedisSupply redis;
        try {
            redis = new RedisSupply("local " + program + " [" + noDocker + "]", freePort(), program, null,
                    Files.createTempDirectory("redis-test"));
        } catch (IOException e) {
            throw new IllegalStateException("cannot create a folder for redis-server", e);
        }
        redis.startProcess();
        log("Redis: " + redis.description + ", port " + redis.port);
        return redis;
    }

    @SuppressWarnings("resource")
    private static RedisSupply docker() {
        int port = freePort(); // a fixed host port, so that a restarted container answers where the servers look
        GenericContainer<?> container = new GenericContainer<>(IMAGE)
                .withCommand("redis-server", "--save", "", "--appendonly", "no");
        container.setPortBindings(List.of(port + ":" + REDIS_PORT));
        container.withExposedPorts(REDIS_PORT);
        log("Redis: " + IMAGE + " in Docker, port " + port + " (the first run downloads the image)");
        container.start();
        RedisSupply redis = new RedisSupply("Docker " + IMAGE, port, null, container, null);
        redis.awaitPong();
        return redis;
    }

    URI uri() {
        return URI.create("redis://127.0.0.1:" + port);
    }

    String description() {
        return description;
    }

    /** Redis goes away at once (SIGKILL): every connection to it ends, as in a crash. */
    void kill() {
        if (container != null) {
            DockerClientFactory.instance().client().killContainerCmd(container.getContainerId()).exec();
        } else if (process != null) {
            process.destroyForcibly();
            try {
                process.waitFor(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            process = null;
        }
    }

    /** Redis again, on the same port, empty; returns once it answers PING. */
    void restart() {
        if (container != null) {
            DockerClientFactory.instance().client().startContainerCmd(container.getContainerId()).exec();
            awaitPong();
        } else {
            startProcess();
        }
    }

    /** Whether Redis answers PING now. */
    boolean answers() {
        return "+PONG".equals(command("PING"));
    }

    /** How many connections are subscribed to {@code channel}: {@code PUBSUB NUMSUB channel}. */
    int subscribers(String channel) {
        String answer = command("PUBSUB NUMSUB " + channel);
        if (answer == null) {
            return -1;
        }
        // *2 $LENGTH CHANNEL :COUNT, one per line
        String[] lines = answer.split("\r\n");
        String last = lines[lines.length - 1];
        return last.startsWith(":") ? Integer.parseInt(last.substring(1)) : -1;
    }

    private void startProcess() {
        try {
            Path logFile = Path.of("target", "redis", "redis-" + port + ".log");
            Files.createDirectories(logFile.getParent());
            process = new ProcessBuilder(program, "--port", String.valueOf(port), "--bind", "127.0.0.1",
                    "--save", "", "--appendonly", "no", "--dir", dir.toString(), "--daemonize", "no")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile())).start();
        } catch (IOException e) {
            throw new IllegalStateException(program + " did not start: " + e.getMessage(), e);
        }
        awaitPong();
    }

    private void awaitPong() {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (!answers()) {
            if (process != null && !process.isAlive()) {
                throw new IllegalStateException(program + " ended at once; its output: target/redis/redis-" + port + ".log");
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Redis (" + description + ") does not answer PING on port " + port
                        + " after " + START_TIMEOUT.toSeconds() + " s");
            }
            sleep(50);
        }
    }

    /** One inline command, its whole answer as Redis wrote it (RESP), or null when Redis does not answer. */
    private String command(String inline) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
            socket.setSoTimeout(1000);
            // QUIT answers +OK and closes the connection: the end of the answer is the end of the stream.
            socket.getOutputStream().write((inline + "\r\nQUIT\r\n").getBytes(StandardCharsets.UTF_8));
            InputStream in = socket.getInputStream();
            String answer = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return answer.endsWith("+OK\r\n") ? answer.substring(0, answer.length() - 5).strip() : null;
        } catch (IOException e) {
            return null;
        }
    }

    @Override
    public void close() {
        if (container != null) {
            container.stop();
        }
        if (process != null) {
            process.destroyForcibly();
            process = null;
        }
        if (dir != null) {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException ignored) {
                // a temp folder left behind
            }
        }
    }

    /** The one command that gets Redis on this operating system. */
    static String installCommand() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        if (os.contains("mac")) {
            return "brew install redis   (or start Docker Desktop: the tests then run " + IMAGE + ")";
        }
        if (os.contains("win")) {
            return "start Docker Desktop: the tests then run " + IMAGE + " (Redis has no Windows build of its own)";
        }
        return "sudo apt-get install redis-server   (Debian/Ubuntu; or start Docker: the tests then run " + IMAGE + ")";
    }

    /** Says once, on the console, that the Redis tests were skipped and what fixes it (not hidden in a log). */
    static void announceSkipped(int skipped, NoRedis why) {
        if (skipped == 0) {
            return;
        }
        PrintStream console = new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);
        console.println();
        console.println("[WARNING] Redis tests SKIPPED (" + skipped + " of RedisChallengeTest): " + why.getMessage()
                + " — " + why.fix);
    }

    private static String onPath(String name) {
        List<String> dirs = new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)));
        dirs.addAll(List.of("/usr/bin", "/usr/sbin", "/usr/local/bin", "/opt/homebrew/bin"));
        for (String dir : dirs) {
            File file = new File(dir, name);
            if (!dir.isEmpty() && file.isFile() && file.canExecute()) {
                return file.getAbsolutePath();
            }
        }
        return null;
    }

    private static int freePort() {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free port", e);
        }
    }

    private static long millisSince(long nanos) {
        return (System.nanoTime() - nanos) / 1_000_000;
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void log(String line) {
        System.out.println(line);
    }
}
