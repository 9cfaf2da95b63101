package wschat.course;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Another chat server, for the course's network tests: with {@code -Dwschat.server="COMMAND"} (its
 * words split at spaces) the step 04 and 05 fixtures start COMMAND, one process per test like the
 * course's own server, instead of the course's {@code ChatServer} in the test's JVM. The command gets
 * the test's settings as options ({@code --port 0}, {@code --max-message-bytes N},
 * {@code --allowed-origin URL}) and must print its address, {@code 127.0.0.1:PORT}, on a line of
 * its output. Stopping it is SIGTERM: a chat then closes its members with 1001, going away.
 * Unset, nothing changes. tools/library-chat runs the course's tests against a Jetty chat this way.
 */
public final class ExternalServer implements AutoCloseable {

    public static final String PROPERTY = "wschat.server";
    private static final Pattern ADDRESS = Pattern.compile("127\\.0\\.0\\.1:(\\d+)");
    private static final long START_SECONDS = 30;

    private final Process process;
    private final int port;

    private ExternalServer(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** True when {@code -Dwschat.server} names a command: the tests then talk to that server. */
    public static boolean requested() {
        return !System.getProperty(PROPERTY, "").isBlank();
    }

    /** Starts the command with these options and waits until it prints its address. */
    public static ExternalServer start(String... options) {
        List<String> command = new ArrayList<>(Arrays.asList(System.getProperty(PROPERTY).trim().split("\\s+")));
        command.addAll(List.of(options));
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new UncheckedIOException("-D" + PROPERTY + ": could not start " + String.join(" ", command), e);
        }
        CompletableFuture<Integer> port = new CompletableFuture<>();
        Thread output = new Thread(() -> echoOutput(process, port), "external-server-output");
        output.setDaemon(true);
        output.start();
        try {
            return new ExternalServer(process, port.get(START_SECONDS, TimeUnit.SECONDS));
        } catch (InterruptedException | ExecutionException | TimeoutException e) {
            process.destroyForcibly();
            throw new IllegalStateException("-D" + PROPERTY + ": " + String.join(" ", command)
                    + " printed no 127.0.0.1:PORT within " + START_SECONDS + " s (" + e + "); its output is above", e);
        }
    }

    /** Copies the server's output to the test's (Surefire keeps it in the test's report), and finds the port. */
    private static void echoOutput(Process process, CompletableFuture<Integer> port) {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                System.out.println("[server] " + line);
                Matcher address = ADDRESS.matcher(line);
                if (!port.isDone() && address.find()) {
                    port.complete(Integer.parseInt(address.group(1)));
                }
            }
        } catch (IOException e) {
            // the process ended
        }
        port.completeExceptionally(new IllegalStateException("its output ended (the process stopped)"));
    }

    public int port() {
        return port;
    }

    /** SIGTERM, then up to 10 s for the server to close its members and end. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
