import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A broadcast benchmark: C clients join a chat room, S of them send messages, every client receives
 * every message. It runs the same load against this course's server (step 05's chat.jar) and a peer,
 * the same chat on Java-WebSocket 1.6.0 (tools/bench/JavaWebSocketChat.java), each started fresh for
 * every scenario as a child process on loopback, and prints per server, then the ratio course/peer:
 *
 * <ul>
 *   <li>flat out, at each C of {@code --clients}: deliveries per second and the server process's CPU
 *       time per delivery (from /proc, through {@link ProcessHandle.Info#totalCpuDuration()});
 *   <li>paced ({@code --paced-clients} clients, S senders at {@code --rate} messages/s each): latency
 *       p50 / p99, send time to receive time, measured for {@code --paced-seconds} after the same load
 *       has run for {@code --paced-warmup-seconds} (5) unmeasured;
 *   <li>idle ({@code --idle} clients): how many the server accepts, the time to connect them (to the
 *       last 101, and until the last join notice arrived), its resident memory per connection (VmRSS
 *       from /proc/PID/status, before and after), and whether one broadcast reaches them all. The
 *       broadcast waits until every client is a member, not just until its 101: see
 *       {@link Room#awaitJoined}.
 * </ul>
 *
 * <p>{@code --servers} takes any of: {@code course}; {@code peer}; {@code library}, the same chat on
 * Jetty 12 (tools/library-chat); {@code node}, on Node.js with ws 8 (tools/bench/ws-chat.js, ws
 * installed by {@code npm ci} in tools/bench when missing); {@code tornado}, on Python with Tornado 6
 * (tools/bench/tornado_chat.py; {@code --python PATH}, else python3 or /usr/bin/python3, whichever
 * imports it). With more than one server beside the course's, there is a ratio column course/X for each.
 * Node and Python collect their own garbage: their memory figure is read without a {@code jcmd GC.run}.
 *
 * <p>With {@code --redis}, the two servers compared are the course's chat alone and two of them sharing
 * one room through Redis (step 05's "Going further", {@code chat.jar --redis}), the clients split
 * between the two, alternately: half of every message's deliveries then cross Redis. The benchmark
 * starts its own {@code redis-server} (from the PATH) on a free port, with no persistence, and adds
 * Redis's own CPU time per delivery; the ratio column is two servers over one.
 *
 * <pre>
 *   mvn -q -Psolutions -DskipTests package
 *   java tools/BroadcastBenchmark.java                      # both servers, the default scenarios (about 45 s on 2 cores)
 *   java tools/BroadcastBenchmark.java --servers course,peer,node,tornado --clients 100,500 --messages 200 --idle 2000   # TEACHING.md
 *   java tools/BroadcastBenchmark.java --servers course --server-options "-XX:StartFlightRecording=filename=/tmp/c.jfr"
 *   java tools/BroadcastBenchmark.java --url ws://127.0.0.1:9000/     # any other broadcast server, no CPU figures
 *   java tools/BroadcastBenchmark.java --clients 0 --paced-seconds 0 --idle 2000 --memory-report target/bench/memory \
 *        --server-options -XX:NativeMemoryTracking=summary    # where an idle member's memory goes
 *   java tools/BroadcastBenchmark.java --servers course,library       # against the same chat on Jetty 12 (tools/library-chat)
 *   java tools/BroadcastBenchmark.java --servers course,peer,node,tornado   # against Java-WebSocket, Node ws and Tornado
 *   java tools/BroadcastBenchmark.java --redis                        # one chat server against two sharing a room through Redis
 *   java tools/BroadcastBenchmark.java --url ws://127.0.0.1:8080/chat,ws://127.0.0.1:8081/chat   # clients split across two
 * </pre>
 *
 * The servers run on the same {@code java} as the benchmark (or {@code --java PATH}), so running it
 * with another JDK measures both servers on that JDK. The peer's class path comes from Maven
 * ({@code mvn dependency:build-classpath} on tools/bench/pom.xml, offline first). Each message
 * carries its send time; a receiver finds it as the last word of the text, whatever prefix the server
 * adds. It prints figures; it asserts nothing.
 */
public class BroadcastBenchmark {

    static final class Options {
        boolean redis = flag("--redis");
        String servers = option("--servers", redis ? "course,shared" : "course,peer");
        List<Integer> clients = intList(option("--clients", redis ? "100" : "100,500"));
        int senders = Integer.parseInt(option("--senders", "10"));
        int messages = Integer.parseInt(option("--messages", "50"));
        int size = Integer.parseInt(option("--size", "64"));
        int pacedClients = Integer.parseInt(option("--paced-clients", "100"));
        int rate = Integer.parseInt(option("--rate", "10"));
        double pacedSeconds = Double.parseDouble(option("--paced-seconds", "2"));
        double pacedWarmupSeconds = Double.parseDouble(option("--paced-warmup-seconds", "5"));
        List<Integer> idle = intList(option("--idle", redis ? "0" : "300"));
        String url = option("--url", null);
        String java = option("--java", ProcessHandle.current().info().command().orElse("java"));
        String courseJar = option("--course-jar", "step05-browser-chat/target/chat.jar");
        String serverOptions = option("--server-options", "");
        boolean threads = Boolean.parseBoolean(option("--threads", "false"));
        String memoryReport = option("--memory-report", null);
        /** The Python for --servers ...,tornado: this one, else python3 or /usr/bin/python3, whichever has Tornado. */
        String python = option("--python", null);
    }

    static String[] args;

    /** Something the run needs is not there (a jar to build, a program to install): said in one line, no stack trace. */
    static final class Missing extends RuntimeException {
        Missing(String what) {
            super(what);
        }
    }

    public static void main(String[] arguments) throws Exception {
        try {
            run(arguments);
        } catch (Missing e) {
            System.out.println("Cannot run the benchmark: " + e.getMessage());
            System.exit(2);
        }
    }

    static void run(String[] arguments) throws Exception {
        args = arguments;
        Options o = new Options();
        System.out.printf("Broadcast benchmark on %s (Java %s), %d cores%n", o.java, javaVersion(o.java),
                Runtime.getRuntime().availableProcessors());
        List<String> servers = o.url != null ? List.of("url") : List.of(o.servers.split(","));
        // What the other servers need (Node and ws, a Python with Tornado), found before the first run,
        // so that a missing one stops the benchmark now, not after minutes of runs.
        if (servers.contains("node")) {
            nodeCommand();
        }
        if (servers.contains("tornado")) {
            pythonWithTornado(o.python);
        }
        Map<String, Map<String, Double>> results = new LinkedHashMap<>();
        Map<String, String> rowNames = new LinkedHashMap<>();
        for (String name : servers) {
            Map<String, Double> r = new LinkedHashMap<>();
            results.put(name, r);
            for (int c : o.clients) {
                try (Server server = Server.start(name, o)) {
                    Run run = flatOut(server, c, o);
                    String key = "C=" + c + " ";
                    put(r, rowNames, key + "deliveries/s", run.perSecond, "%,.0f");
                    put(r, rowNames, key + "server CPU µs/delivery", run.cpuMicrosPerDelivery, "%.2f");
                    if (o.redis) {
                        put(r, rowNames, key + "Redis CPU µs/delivery", run.redisCpuMicrosPerDelivery, "%.2f");
                    }
                    put(r, rowNames, key + "lost deliveries", (double) run.lost, "%,.0f");
                }
            }
            if (o.pacedSeconds > 0) {
                try (Server server = Server.start(name, o)) {
                    Run run = paced(server, o);
                    String key = "paced " + o.senders + "x" + o.rate + "/s C=" + o.pacedClients + " ";
                    put(r, rowNames, key + "p50 ms", run.p50, "%.2f");
                    put(r, rowNames, key + "p99 ms", run.p99, "%.2f");
                }
            }
            for (int k : o.idle) {
                try (Server server = Server.start(name, o)) {
                    Idle idle = idle(server, k);
                    String key = "idle " + k + " ";
                    put(r, rowNames, key + "connected", (double) idle.connected, "%,.0f");
                    put(r, rowNames, key + "connect time s", idle.connectSeconds, "%.2f");
                    put(r, rowNames, key + "all joined s", idle.joinedSeconds, "%.2f");
                    put(r, rowNames, key + "KB RSS/connection", idle.kbPerConnection, "%.1f");
                    put(r, rowNames, key + "got the broadcast", (double) idle.received, "%,.0f");
                }
            }
        }
        printTable(results, rowNames);
    }

    static void put(Map<String, Double> r, Map<String, String> rowNames, String row, double value, String format) {
        r.put(row, value);
        rowNames.put(row, format);
    }

    /** The column heading of each server. */
    static String title(String name, List<String> names) {
        switch (name) {
            case "peer": return "Java-WebSocket";
            case "library": return "Jetty 12";
            case "node": return "Node ws";
            case "tornado": return "Tornado";
            case "shared": return "2 + Redis";
            default: return names.contains("shared") && name.equals("course") ? "one server" : name;
        }
    }

    /**
     * One row per figure, one column per server, then the ratios: course over each other server
     * (course/peer, course/node, ...), or, with --redis, two servers sharing Redis over one server.
     */
    static void printTable(Map<String, Map<String, Double>> results, Map<String, String> rowNames) {
        List<String> names = new ArrayList<>(results.keySet());
        List<String[]> ratios = new ArrayList<>(); // {numerator, denominator, heading}
        if (names.contains("course")) {
            for (String other : names) {
                if (other.equals("shared")) {
                    ratios.add(new String[] {"shared", "course", "2+Redis/one"});
                } else if (!other.equals("course")) {
                    ratios.add(new String[] {"course", other, "course/" + other});
                }
            }
        }
        StringBuilder header = new StringBuilder(String.format("%n%-44s", "figure"));
        for (String name : names) {
            header.append(String.format("%16s", title(name, names)));
        }
        for (String[] ratio : ratios) {
            header.append(String.format(ratioColumn(ratio), ratio[2]));
        }
        System.out.println(header);
        for (Map.Entry<String, String> row : rowNames.entrySet()) {
            StringBuilder line = new StringBuilder(String.format("%-44s", row.getKey()));
            for (String name : names) {
                Double v = results.get(name).get(row.getKey());
                line.append(String.format("%16s", v == null || v.isNaN() ? "-" : String.format(row.getValue(), v)));
            }
            for (String[] ratio : ratios) {
                Double a = results.get(ratio[0]).get(row.getKey());
                Double b = results.get(ratio[1]).get(row.getKey());
                line.append(String.format(ratioColumn(ratio), a == null || b == null || b == 0 || a.isNaN() || b.isNaN()
                        ? "-" : String.format("%.2f", a / b)));
            }
            System.out.println(line);
        }
    }

    /** A ratio column wide enough for its heading ("course/library" needs the room), at least 14. */
    static String ratioColumn(String[] ratio) {
        return "%" + Math.max(14, ratio[2].length() + 2) + "s";
    }

    // ---------------------------------------------------------------- scenarios

    static final class Run {
        double perSecond;
        double cpuMicrosPerDelivery = Double.NaN;
        double redisCpuMicrosPerDelivery = Double.NaN;
        long lost;
        double p50;
        double p99;
    }

    /** One round of messages: every receiver reports here; complete when every copy arrived. */
    static final class Round {
        final long expected;
        final AtomicLong delivered = new AtomicLong();
        final long[] latencies;
        final AtomicInteger latencyCount = new AtomicInteger();
        final CountDownLatch done = new CountDownLatch(1);

        Round(long expected) {
            this.expected = expected;
            this.latencies = new long[(int) Math.min(expected, 20_000_000)];
        }

        void onText(String text) {
            int space = text.lastIndexOf(' ');
            if (space < 0 || !text.startsWith("t=", space + 1)) {
                return; // a join notice or another server message, not one of ours
            }
            long sent = Long.parseLong(text.substring(space + 3));
            int index = latencyCount.getAndIncrement();
            if (index < latencies.length) {
                latencies[index] = System.nanoTime() - sent;
            }
            if (delivered.incrementAndGet() == expected) {
                done.countDown();
            }
        }

        /** How long a round may go without a delivery before the rest count as lost. */
        static final long STALL_NANOS = 10_000_000_000L;

        /**
         * Waits until every copy arrived, or until none arrived for 10 s (the rest are lost), or 10
         * minutes: a slow server (Tornado at C=500 takes about a minute) still finishes its round.
         */
        boolean awaitDone() throws InterruptedException {
            return awaitWhileGrowing(delivered::get, millis -> done.await(millis, TimeUnit.MILLISECONDS), STALL_NANOS);
        }

        double[] percentiles(double... quantiles) {
            int n = Math.min(latencyCount.get(), latencies.length);
            long[] sorted = Arrays.copyOf(latencies, n);
            Arrays.sort(sorted);
            double[] result = new double[quantiles.length];
            for (int i = 0; i < quantiles.length; i++) {
                result[i] = n == 0 ? Double.NaN : sorted[Math.min(n - 1, (int) (quantiles[i] * n))] / 1e6;
            }
            return result;
        }
    }

    /** Flat out: S senders write as fast as the socket takes; a short warm-up round first. */
    static Run flatOut(Server server, int clients, Options o) throws Exception {
        Room room = Room.connect(server.uris, clients);
        try {
            String padding = "x".repeat(Math.max(0, o.size - 24));
            send(room, o.senders, Math.max(1, o.messages / 5), padding, 0, clients); // warm-up (JIT)
            long expected = (long) o.senders * o.messages * clients;
            Round round = room.newRound(expected);
            Duration cpu0 = server.cpu();
            Duration redis0 = server.redisCpu();
            Map<String, long[]> threads0 = server.threadTicks();
            long start = System.nanoTime();
            boolean complete = send(room, round, o.senders, o.messages, padding, 0);
            double seconds = (System.nanoTime() - start) / 1e9;
            Duration cpu1 = server.cpu();
            Duration redis1 = server.redisCpu();
            if (o.threads) {
                printThreadCpu(server, threads0, server.threadTicks());
            }
            Run run = new Run();
            run.perSecond = round.delivered.get() / seconds;
            run.lost = expected - round.delivered.get();
            if (cpu0 != null && cpu1 != null) {
                run.cpuMicrosPerDelivery = cpu1.minus(cpu0).toNanos() / 1e3 / Math.max(1, round.delivered.get());
            }
            if (redis0 != null && redis1 != null) {
                run.redisCpuMicrosPerDelivery = redis1.minus(redis0).toNanos() / 1e3 / Math.max(1, round.delivered.get());
            }
            double[] p = round.percentiles(0.5, 0.99);
            System.out.printf("  %-7s C=%-5d delivered %,d of %,d in %.2f s%s: %,.0f deliveries/s, server CPU %.2f µs"
                            + "/delivery, latency under full load p50 %.1f ms p99 %.1f ms%n", server.name, clients,
                    round.delivered.get(), expected, seconds, complete ? "" : " (INCOMPLETE)", run.perSecond,
                    run.cpuMicrosPerDelivery, p[0], p[1]);
            return run;
        } finally {
            room.close();
        }
    }

    /** Where the server's CPU went during a run: user and system time per kind of thread (names without digits). */
    static void printThreadCpu(Server server, Map<String, long[]> before, Map<String, long[]> after) {
        Map<String, long[]> groups = new java.util.TreeMap<>();
        for (Map.Entry<String, long[]> e : after.entrySet()) {
            long[] b = before.getOrDefault(e.getKey(), new long[2]);
            String group = e.getKey().substring(e.getKey().indexOf(' ') + 1).replaceAll("[0-9]+", "N");
            long[] g = groups.computeIfAbsent(group, k -> new long[3]);
            g[0] += e.getValue()[0] - b[0];
            g[1] += e.getValue()[1] - b[1];
            g[2]++;
        }
        StringBuilder line = new StringBuilder("  " + server.name + " CPU by thread (user+system ms):");
        groups.entrySet().stream().filter(e -> e.getValue()[0] + e.getValue()[1] > 1)
                .sorted((x, y) -> Long.compare(y.getValue()[0] + y.getValue()[1], x.getValue()[0] + x.getValue()[1]))
                .forEach(e -> line.append(String.format(" %s x%d %d+%d;", e.getKey(), e.getValue()[2],
                        e.getValue()[0] * 10, e.getValue()[1] * 10)));
        System.out.println(line);
    }

    /** Paced: S senders at a fixed rate each, so the latency is the server's, not a queue's. */
    static Run paced(Server server, Options o) throws Exception {
        Room room = Room.connect(server.uris, o.pacedClients);
        try {
            String padding = "x".repeat(Math.max(0, o.size - 24));
            send(room, o.senders, 50, padding, 0, o.pacedClients); // warm-up, flat out
            long interval = 1_000_000_000L / o.rate;
            if (o.pacedWarmupSeconds > 0) {
                // The same paced load, not measured. A quiet room takes paths the flat-out warm-up hardly
                // does (the course's writer ends after each frame); without this, a Java server's slowest
                // messages came in the first half second of the measurement, and set its p99.
                send(room, o.senders, messagesPerSender(o, o.pacedWarmupSeconds), padding, interval, o.pacedClients);
            }
            int perSender = messagesPerSender(o, o.pacedSeconds);
            long expected = (long) o.senders * perSender * o.pacedClients;
            Round round = room.newRound(expected);
            boolean complete = send(room, round, o.senders, perSender, padding, interval);
            Run run = new Run();
            double[] p = round.percentiles(0.5, 0.99);
            run.p50 = p[0];
            run.p99 = p[1];
            run.lost = expected - round.delivered.get();
            System.out.printf("  %-7s paced %d senders x %d/s, C=%d: p50 %.2f ms, p99 %.2f ms%s%n", server.name,
                    o.senders, o.rate, o.pacedClients, run.p50, run.p99, complete ? "" : " (INCOMPLETE)");
            return run;
        } finally {
            room.close();
        }
    }

    /** How many messages each paced sender sends in {@code seconds}, at least one. */
    static int messagesPerSender(Options o, double seconds) {
        return Math.max(1, (int) (o.rate * seconds));
    }

    static boolean send(Room room, int senders, int messages, String padding, long intervalNanos, int clients)
            throws Exception {
        return send(room, room.newRound((long) senders * messages * clients), senders, messages, padding, intervalNanos);
    }

    /** S senders spread over the room send M messages each; waits until every copy arrived ({@link Round#awaitDone}). */
    static boolean send(Room room, Round round, int senders, int messages, String padding, long intervalNanos)
            throws Exception {
        List<Thread> sending = new ArrayList<>();
        for (int s = 0; s < senders; s++) {
            // Spread over the room, and over the servers when there are several (clients alternate between them).
            int index = s * room.clients.size() / senders;
            index = Math.min(room.clients.size() - 1, index - index % room.servers + s % room.servers);
            Client sender = room.clients.get(index);
            long offset = intervalNanos * s / senders;
            Thread thread = new Thread(() -> {
                try {
                    long next = System.nanoTime() + offset;
                    for (int m = 0; m < messages; m++) {
                        if (intervalNanos > 0) {
                            long wait = next - System.nanoTime();
                            if (wait > 0) {
                                TimeUnit.NANOSECONDS.sleep(wait);
                            }
                            next += intervalNanos;
                        }
                        sender.send(padding + " t=" + System.nanoTime());
                    }
                } catch (IOException | InterruptedException e) {
                    throw new RuntimeException(e);
                }
            });
            sending.add(thread);
            thread.start();
        }
        for (Thread thread : sending) {
            thread.join();
        }
        return round.awaitDone();
    }

    static final class Idle {
        int connected;
        double connectSeconds;
        double joinedSeconds;
        double kbPerConnection = Double.NaN;
        long received;
    }

    /** Clients that connect at once in the idle scenario: the server's joins come in bursts, as in a real crowd. */
    static final int CONNECTORS = 8;

    /**
     * K idle clients: how many get in, how long it takes (to the last 101, and until every join notice
     * was delivered), the server's memory for them, one broadcast to all. The first clients connect one
     * by one (the baseline for the memory figure), the rest from {@link #CONNECTORS} threads at once.
     */
    static Idle idle(Server server, int k) throws Exception {
        Room room = new Room();
        Idle idle = new Idle();
        int warm = Math.min(50, k / 10);
        try {
            long start = System.nanoTime();
            AtomicInteger refused = new AtomicInteger();
            for (int i = 0; i < warm; i++) {
                connectIdle(server, room, refused, i);
            }
            room.awaitJoined(room.clients.size());
            long rss0 = server.rssKb();
            AtomicInteger next = new AtomicInteger(warm);
            List<Thread> connectors = new ArrayList<>();
            for (int t = 0; t < CONNECTORS; t++) {
                Thread connector = new Thread(() -> {
                    for (int i = next.getAndIncrement(); i < k; i = next.getAndIncrement()) {
                        connectIdle(server, room, refused, i);
                    }
                });
                connectors.add(connector);
                connector.start();
            }
            for (Thread connector : connectors) {
                connector.join();
            }
            idle.connectSeconds = (System.nanoTime() - start) / 1e9;
            idle.connected = room.clients.size();
            room.awaitJoined(idle.connected); // the broadcast must not overtake a join
            idle.joinedSeconds = (System.nanoTime() - start) / 1e9;
            long rss1 = server.rssKb();
            if (rss0 > 0 && rss1 > 0 && idle.connected > warm) {
                idle.kbPerConnection = (rss1 - rss0) / (double) (idle.connected - warm);
            }
            Round round = room.newRound(idle.connected);
            room.clients.get(0).send("hello everyone t=" + System.nanoTime());
            round.done.await(30, TimeUnit.SECONDS);
            idle.received = round.delivered.get();
            if (idle.received < idle.connected) {
                StringBuilder missing = new StringBuilder();
                int count = 0;
                for (int i = 0; i < room.clients.size(); i++) {
                    String last = room.clients.get(i).lastText;
                    if (last == null || !last.contains("hello everyone")) {
                        if (count++ < 8) {
                            missing.append(" #").append(i).append(" (last: ").append(last).append(")");
                        }
                    }
                }
                System.out.println("  missed the broadcast: " + count + ":" + missing);
            }
            System.out.printf("  %-7s idle %,d: %,d connected in %.2f s, all joined in %.2f s, server RSS %,d KB -> %,d KB:"
                            + " %.1f KB per connection; the broadcast reached %,d%n", server.name, k, idle.connected,
                    idle.connectSeconds, idle.joinedSeconds, rss0, rss1, idle.kbPerConnection, idle.received);
            return idle;
        } finally {
            room.close();
        }
    }

    /** One idle client more; a refusal (e.g. 503, the room is full) is counted, and the first one printed. */
    static void connectIdle(Server server, Room room, AtomicInteger refused, int index) {
        try {
            Client client = Client.connect(server.uris.get(index % server.uris.size()), room::onText);
            synchronized (room.clients) {
                room.clients.add(client);
            }
        } catch (IOException e) {
            if (refused.getAndIncrement() == 0) {
                System.out.printf("  %-7s idle: a client was refused: %s%n", server.name, e.getMessage());
            }
        }
    }

    /** One wait of {@link #awaitWhileGrowing}: up to {@code millis}, then whether the goal is reached. */
    interface Wait {
        boolean reached(long millis) throws InterruptedException;
    }

    /**
     * Waits, 20 ms at a time, until the goal is reached (true), or until {@code count} did not grow
     * for {@code stallNanos} or 10 minutes have passed (false): a slow server still gets there, a
     * stuck one is given up on.
     */
    static boolean awaitWhileGrowing(java.util.function.LongSupplier count, Wait wait, long stallNanos)
            throws InterruptedException {
        long start = System.nanoTime();
        long seen = count.getAsLong();
        long lastProgress = start;
        while (!wait.reached(20)) {
            long now = System.nanoTime();
            if (count.getAsLong() != seen) {
                seen = count.getAsLong();
                lastProgress = now;
            }
            if (now - lastProgress > stallNanos || now - start > 600_000_000_000L) {
                return false;
            }
        }
        return true;
    }

    // ---------------------------------------------------------------- servers

    /** A server under test: a child process on a free loopback port, or an external URL. */
    static final class Server implements AutoCloseable {
        final String name;
        /** Where the clients connect: one server, or several sharing a room (clients alternate between them). */
        final List<URI> uris;
        final Process process;
        /** The shared room's: the second chat server and Redis; null otherwise. */
        Server second;
        Process redis;
        String javaCommand;
        /** Whether the server is a JVM (jcmd can collect its garbage before a memory reading). */
        boolean jvm = true;
        /** A folder for the server's class histogram and native memory summary at each memory reading, or null. */
        String memoryReport;
        int readings;

        Server(String name, List<URI> uris, Process process) {
            this.name = name;
            this.uris = uris;
            this.process = process;
        }

        static Server start(String name, Options o) throws Exception {
            if (name.equals("url")) {
                List<URI> uris = new ArrayList<>();
                for (String url : o.url.split(",")) {
                    uris.add(URI.create(url.trim()));
                }
                return new Server("url", uris, null);
            }
            if (name.equals("shared")) {
                return startShared(o);
            }
            return startChat(name, o, freePort(), List.of());
        }

        static int freePort() throws IOException {
            try (ServerSocket probe = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
                return probe.getLocalPort();
            }
        }

        /** Redis on a free port (no persistence), then two chat servers that share a room through it. */
        static Server startShared(Options o) throws Exception {
            int redisPort = freePort();
            Process redis;
            try {
                redis = new ProcessBuilder("redis-server", "--port", String.valueOf(redisPort), "--bind", "127.0.0.1",
                        "--save", "", "--appendonly", "no").redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            } catch (IOException e) {
                throw new Missing("--redis needs redis-server on the PATH (sudo apt-get install redis-server,"
                        + " or brew install redis): " + e.getMessage());
            }
            List<String> options = List.of("--redis", "redis://127.0.0.1:" + redisPort);
            try {
                awaitPort(redisPort, redis, "redis-server");
                Server first = startChat("shared", o, freePort(), options);
                Server second = startChat("shared", o, freePort(), options);
                Server shared = new Server("shared", List.of(first.uris.get(0), second.uris.get(0)), first.process);
                shared.second = second;
                shared.redis = redis;
                shared.javaCommand = o.java;
                awaitSubscribers(redisPort, 2);
                return shared;
            } catch (Exception e) {
                redis.destroyForcibly();
                throw e;
            }
        }

        /** Until Redis counts {@code count} subscribers on the room's channel: both bridges are in. */
        static void awaitSubscribers(int redisPort, int count) throws Exception {
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (System.nanoTime() < deadline) {
                try (Socket socket = new Socket("127.0.0.1", redisPort)) {
                    socket.getOutputStream().write("PUBSUB NUMSUB wschat:room\r\nQUIT\r\n".getBytes(StandardCharsets.UTF_8));
                    String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                    if (answer.contains("\r\n:" + count + "\r\n")) {
                        return;
                    }
                }
                Thread.sleep(50);
            }
            throw new IllegalStateException("the two chat servers did not subscribe to Redis within 30 s");
        }

        static void awaitPort(int port, Process process, String what) throws Exception {
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (true) {
                try (Socket probe = new Socket()) {
                    probe.connect(new InetSocketAddress("127.0.0.1", port), 200);
                    return;
                } catch (IOException e) {
                    if (!process.isAlive() || System.nanoTime() > deadline) {
                        throw new IllegalStateException(what + " did not start on port " + port);
                    }
                    Thread.sleep(50);
                }
            }
        }

        static Server startChat(String name, Options o, int port, List<String> chatOptions) throws Exception {
            boolean jvm = !name.equals("node") && !name.equals("tornado");
            List<String> command = new ArrayList<>();
            if (jvm) {
                command.add(o.java);
                for (String option : o.serverOptions.trim().split("\\s+")) {
                    if (!option.isEmpty()) {
                        command.add(option.replace("%s", name));
                    }
                }
            } else if (!o.serverOptions.isBlank() && TOLD.add(name)) {
                System.out.println("  (--server-options are the JVM's: not given to " + name + ")");
            }
            if (name.equals("course")) {
                requireFile(o.courseJar, COURSE_BUILD);
                command.addAll(List.of("-cp", o.courseJar, "wschat.web.WebChatServer", "--port", String.valueOf(port)));
            } else if (name.equals("shared")) {
                requireFile(o.courseJar, COURSE_BUILD);
                command.addAll(List.of("-cp", o.courseJar, "wschat.web.WebChatServer", "--port", String.valueOf(port)));
                command.addAll(chatOptions);
            } else if (name.equals("peer")) {
                command.addAll(List.of("-cp", peerClassPath(), "tools/bench/JavaWebSocketChat.java", String.valueOf(port)));
            } else if (name.equals("node")) {
                command.addAll(List.of(nodeCommand(), "tools/bench/ws-chat.js", String.valueOf(port)));
            } else if (name.equals("tornado")) {
                command.addAll(List.of(pythonWithTornado(o.python), "tools/bench/tornado_chat.py", String.valueOf(port)));
            } else if (name.equals("library")) {
                requireFile(LIBRARY_JAR, "mvn -q -f tools/library-chat/pom.xml package -DskipTests");
                command.addAll(List.of("-jar", LIBRARY_JAR, "--port", String.valueOf(port)));
            } else {
                throw new IllegalArgumentException("unknown server " + name + ": course, peer, library, node, tornado or shared");
            }
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            awaitPort(port, process, name + " server (" + String.join(" ", command) + ")");
            Server server = new Server(name, List.of(URI.create("ws://127.0.0.1:" + port + "/chat")), process);
            server.javaCommand = o.java;
            server.jvm = jvm;
            server.memoryReport = o.memoryReport;
            return server;
        }

        /** Per thread of the server (Linux): its name, then user and system clock ticks, from /proc/PID/task. */
        Map<String, long[]> threadTicks() {
            Map<String, long[]> ticks = new LinkedHashMap<>();
            if (process == null) {
                return ticks;
            }
            try (var tasks = Files.list(Path.of("/proc/" + process.pid() + "/task"))) {
                for (Path task : (Iterable<Path>) tasks::iterator) {
                    try {
                        String stat = Files.readString(task.resolve("stat"));
                        String comm = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                        ticks.put(task.getFileName() + " " + comm, new long[] {Long.parseLong(f[11]), Long.parseLong(f[12])});
                    } catch (IOException | RuntimeException e) {
                        // the thread ended
                    }
                }
            } catch (IOException e) {
                // not Linux
            }
            return ticks;
        }

        /** The server process's CPU time, user and system, all threads (both chat servers' when shared). */
        Duration cpu() {
            Duration mine = process == null ? null : process.toHandle().info().totalCpuDuration().orElse(null);
            Duration other = second == null ? Duration.ZERO : second.cpu();
            return mine == null || other == null ? null : mine.plus(other);
        }

        /** Redis's CPU time, for a shared room; null otherwise. */
        Duration redisCpu() {
            return redis == null ? null : redis.toHandle().info().totalCpuDuration().orElse(null);
        }

        /**
         * The server's resident memory after a full garbage collection ({@code jcmd PID GC.run}), so that
         * the figure is what the server holds, not how much garbage its heap had room for.
         */
        long rssKb() throws InterruptedException {
            if (process == null) {
                return -1;
            }
            String jcmd = Path.of(javaCommand).resolveSibling("jcmd").toString();
            try {
                if (jvm) { // Node and Python have no jcmd: their figure is read as it is
                    new ProcessBuilder(jcmd, String.valueOf(process.pid()), "GC.run")
                            .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
                    Thread.sleep(300);
                    if (memoryReport != null) {
                        // Where the memory is: objects by class, and (with -XX:NativeMemoryTracking=summary in
                        // --server-options) the JVM's own memory: thread stacks, heap, direct buffers, ...
                        Files.createDirectories(Path.of(memoryReport));
                        String prefix = name + "-" + process.pid() + "-" + (++readings);
                        for (String command : new String[] {"GC.class_histogram", "VM.native_memory"}) {
                            new ProcessBuilder(jcmd, String.valueOf(process.pid()), command).redirectErrorStream(true)
                                    .redirectOutput(Path.of(memoryReport, prefix + "-" + command + ".txt").toFile())
                                    .start().waitFor();
                        }
                    }
                }
            } catch (IOException e) {
                // no jcmd: the figure includes garbage
            }
            try {
                for (String line : Files.readAllLines(Path.of("/proc/" + process.pid() + "/status"))) {
                    if (line.startsWith("VmRSS:")) {
                        return Long.parseLong(line.replaceAll("[^0-9]", ""));
                    }
                }
            } catch (IOException e) {
                // not Linux: no memory figure
            }
            return -1;
        }

        @Override
        public void close() throws Exception {
            if (second != null) {
                second.close();
            }
            if (redis != null) {
                redis.destroyForcibly();
            }
            if (process != null) {
                process.destroy(); // SIGTERM: a JFR recording is written on the way out
                if (!process.waitFor(20, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            }
        }
    }

    /** The same chat on Jetty 12 (tools/library-chat, step 05's "Going further"): {@code --servers course,library}. */
    static final String LIBRARY_JAR = "tools/library-chat/target/library-chat.jar";

    /** The command that builds the course's chat.jar. */
    static final String COURSE_BUILD = "mvn -q -Psolutions -DskipTests package";

    /** A jar the run needs, or {@link Missing} with the command that builds it. */
    static void requireFile(String path, String build) {
        if (!new File(path).isFile()) {
            throw new Missing(path + " is missing: build it with " + build);
        }
    }

    static final boolean WINDOWS = System.getProperty("os.name").startsWith("Windows");

    /**
     * {@code node}, once tools/bench/node_modules holds ws: {@code npm ci} installs the version
     * package-lock.json pins, its output in target/bench/npm.log (shown only if it fails).
     */
    static String nodeCommand() throws Exception {
        if (nodeReady) {
            return "node";
        }
        try {
            if (new ProcessBuilder("node", "--version").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor() != 0) {
                throw new IOException("node --version failed");
            }
        } catch (IOException e) {
            throw new Missing("--servers ...,node needs Node.js on the PATH (https://nodejs.org,"
                    + " or sudo apt-get install nodejs npm): " + e.getMessage());
        }
        if (!Files.isDirectory(Path.of("tools", "bench", "node_modules", "ws"))) {
            Path log = Path.of("target", "bench", "npm.log");
            Files.createDirectories(log.getParent());
            System.out.println("  installing ws for the Node peer: npm ci in tools/bench (log: " + log + ")");
            int status;
            try {
                status = new ProcessBuilder(WINDOWS ? "npm.cmd" : "npm", "ci", "--no-audit", "--no-fund")
                        .directory(new File("tools/bench")).redirectErrorStream(true).redirectOutput(log.toFile())
                        .start().waitFor();
            } catch (IOException e) {
                throw new Missing("--servers ...,node needs Node.js and npm on the PATH (https://nodejs.org,"
                        + " or sudo apt-get install nodejs npm): " + e.getMessage());
            }
            if (status != 0) {
                System.out.print(Files.readString(log));
                throw new Missing("npm ci in tools/bench failed (its output is above, and in " + log + ")");
            }
        }
        nodeReady = true;
        return "node";
    }

    /** Node answered and ws is installed: checked once per run, not at every server start. */
    static boolean nodeReady;

    /** The servers already told that --server-options do not reach them, so that it is said once. */
    static final java.util.Set<String> TOLD = new java.util.HashSet<>();

    /** The Python found for Tornado, once per run (and named on screen then); null before. */
    static String tornadoPython;

    /** A Python that imports Tornado 6+: {@code --python}, else python3 (python on Windows), else /usr/bin/python3. */
    static String pythonWithTornado(String chosen) throws Exception {
        if (tornadoPython != null) {
            return tornadoPython;
        }
        List<String> candidates = chosen != null ? List.of(chosen)
                : WINDOWS ? List.of("python", "py") : List.of("python3", "/usr/bin/python3");
        for (String python : candidates) {
            try {
                Process probe = new ProcessBuilder(python, "-c",
                        "import sys, tornado; sys.exit(0 if tornado.version_info >= (6,) else 1)")
                        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                if (probe.waitFor() == 0) {
                    System.out.println("  the Tornado peer runs on " + python);
                    tornadoPython = python;
                    return python;
                }
            } catch (IOException e) {
                // not installed: the next one
            }
        }
        throw new Missing("--servers ...,tornado needs a Python with Tornado 6 (tried " + String.join(", ", candidates)
                + "): sudo apt-get install python3-tornado, or pip install tornado, or --python PATH");
    }

    static String peerClassPath() throws Exception {
        Path file = Path.of("target", "bench", "peer.cp");
        if (!Files.isRegularFile(file)) {
            Files.createDirectories(file.getParent());
            Path log = file.resolveSibling("peer-classpath.log");
            String mvn = WINDOWS ? "mvn.cmd" : "mvn";
            for (String offline : new String[] {"-o", null}) {
                List<String> command = new ArrayList<>(List.of(mvn, "-B", "-q", "-f", "tools/bench/pom.xml",
                        "dependency:build-classpath", "-Dmdep.outputFile=" + file.toAbsolutePath()));
                if (offline != null) {
                    command.add(1, offline);
                }
                // Maven's output goes to a log (even with -B -q it prints colour codes); it is shown only if Maven fails.
                Process p = new ProcessBuilder(command).redirectErrorStream(true)
                        .redirectOutput(log.toFile()).start();
                if (p.waitFor() == 0 && Files.isRegularFile(file)) {
                    break;
                }
            }
            if (!Files.isRegularFile(file)) {
                System.out.print(Files.readString(log));
                throw new Missing("no class path for the peer: mvn -f tools/bench/pom.xml dependency:build-classpath"
                        + " failed (its output is above, and in " + log + ")");
            }
        }
        return Files.readString(file).trim();
    }

    static String javaVersion(String java) {
        try {
            Process p = new ProcessBuilder(java, "-version").redirectErrorStream(true).start();
            String first = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().findFirst().orElse("?");
            p.waitFor();
            return first.replaceAll(".*version \"([^\"]+)\".*", "$1");
        } catch (IOException | InterruptedException e) {
            return "?";
        }
    }

    // ---------------------------------------------------------------- clients

    /** The clients of one scenario; every text they receive goes to the current round. */
    static final class Room implements AutoCloseable {
        final List<Client> clients = new ArrayList<>();
        /** How many servers the clients alternate between. */
        int servers = 1;
        volatile Round round = new Round(0); // join notices only, until the first round
        /** Every text any client received, join notices included. */
        final AtomicLong texts = new AtomicLong();

        static Room connect(List<URI> uris, int count) throws IOException, InterruptedException {
            Room room = new Room();
            room.servers = uris.size();
            for (int i = 0; i < count; i++) {
                room.clients.add(Client.connect(uris.get(i % uris.size()), room::onText));
            }
            room.awaitJoined(room.clients.size()); // the join notices settle before the clock starts
            return room;
        }

        /**
         * Waits until all {@code members} are in the room, which is later than their 101s: the server
         * sends the 101, then makes the connection a member, and a member joining tells itself its name
         * ({@code * you are guest-N}) and every member already there that it joined. So n members have
         * received n + n(n-1)/2 texts once the last one joined and every notice was delivered. A message
         * sent before that misses the members still joining (on a busy server a 101 can come seconds
         * before the join). Returns the seconds waited; stops early, with a note, when no text came for
         * 5 s (a server with other notices) or after 10 minutes.
         */
        double awaitJoined(long members) throws InterruptedException {
            long expected = members + members * (members - 1) / 2;
            long start = System.nanoTime();
            boolean all = awaitWhileGrowing(texts::get, millis -> {
                if (texts.get() < expected) {
                    Thread.sleep(millis);
                }
                return texts.get() >= expected;
            }, 5_000_000_000L);
            if (!all) {
                System.out.printf("  (join notices: %,d of the %,d expected for %,d members; going on)%n",
                        texts.get(), expected, members);
            }
            return (System.nanoTime() - start) / 1e9;
        }

        Round newRound(long expected) {
            Round r = new Round(expected);
            round = r;
            return r;
        }

        void onText(String text) {
            texts.incrementAndGet();
            round.onText(text);
        }

        @Override
        public void close() {
            for (Client client : clients) {
                client.close();
            }
        }
    }

    /** A minimal client on a plain socket: handshake, masked text frames out, unmasked frames in. */
    static final class Client implements AutoCloseable {
        private final Socket socket;
        private final OutputStream out;
        private final Random random = new Random();
        private volatile boolean closing;
        volatile String lastText;
        /** Connections the server ended before the benchmark closed them. */
        static final AtomicInteger CLOSED = new AtomicInteger();

        interface Listener {
            void onText(String text);
        }

        private Client(Socket socket) throws IOException {
            this.socket = socket;
            this.out = socket.getOutputStream();
        }

        static Client connect(URI uri, Listener listener) throws IOException {
            Socket socket = new Socket();
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort()));
            byte[] nonce = new byte[16];
            new Random().nextBytes(nonce);
            String path = uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
            String request = "GET " + path + " HTTP/1.1\r\nHost: " + uri.getHost() + ":" + uri.getPort()
                    + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: "
                    + Base64.getEncoder().encodeToString(nonce) + "\r\nSec-WebSocket-Version: 13\r\n\r\n";
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            DataInputStream in = new DataInputStream(new BufferedInputStream(socket.getInputStream(), 16 * 1024));
            String status = readHead(in);
            if (!status.startsWith("HTTP/1.1 101")) {
                socket.close();
                throw new IOException("handshake refused: " + status.lines().findFirst().orElse(""));
            }
            Client client = new Client(socket);
            readerThread(() -> client.readLoop(in, listener)).start();
            return client;
        }

        /** A virtual thread where the JDK has them (21+), else a platform thread with a small stack: 10,000 readers fit. */
        static Thread readerThread(Runnable task) {
            if (OF_VIRTUAL != null) {
                try {
                    return (Thread) UNSTARTED.invoke(OF_VIRTUAL.invoke(null), task);
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException(e);
                }
            }
            Thread reader = new Thread(null, task, "bench-reader", 256 * 1024);
            reader.setDaemon(true);
            return reader;
        }

        private static final java.lang.reflect.Method OF_VIRTUAL = lookUp("java.lang.Thread", "ofVirtual");
        private static final java.lang.reflect.Method UNSTARTED = lookUp("java.lang.Thread$Builder", "unstarted", Runnable.class);

        static java.lang.reflect.Method lookUp(String type, String name, Class<?>... parameters) {
            try {
                return Class.forName(type).getMethod(name, parameters);
            } catch (ReflectiveOperationException e) {
                return null; // Java 17
            }
        }

        private void readLoop(DataInputStream in, Listener listener) {
            StringBuilder fragments = new StringBuilder();
            try {
                while (true) {
                    int b0 = in.readUnsignedByte();
                    int len7 = in.readUnsignedByte() & 0x7F;
                    long length = len7 == 126 ? in.readUnsignedShort() : len7 == 127 ? in.readLong() : len7;
                    byte[] payload = new byte[(int) length];
                    in.readFully(payload);
                    int opcode = b0 & 0x0F;
                    if (opcode == 0x1 || opcode == 0x0) {
                        fragments.append(new String(payload, StandardCharsets.UTF_8));
                        if ((b0 & 0x80) != 0) {
                            String text = fragments.toString();
                            lastText = text;
                            listener.onText(text);
                            fragments.setLength(0);
                        }
                    } else if (opcode == 0x9) {
                        sendFrame(0xA, payload); // §5.5.2: a ping gets a pong (Java-WebSocket drops clients that never answer)
                    } else if (opcode == 0x8) {
                        if (!closing && CLOSED.getAndIncrement() == 0) {
                            System.out.println("  (the server closed a connection: " + (payload.length >= 2
                                    ? ((payload[0] & 0xFF) << 8 | (payload[1] & 0xFF)) + " "
                                    + new String(payload, 2, payload.length - 2, StandardCharsets.UTF_8) : "no code") + ")");
                        }
                        return;
                    }
                }
            } catch (IOException e) {
                if (!closing && CLOSED.getAndIncrement() == 0) {
                    System.out.println("  (a connection ended: " + e + ")");
                }
            }
        }

        void send(String text) throws IOException {
            sendFrame(0x1, text.getBytes(StandardCharsets.UTF_8));
        }

        /** One final, masked frame (§5.3) with the given opcode. */
        synchronized void sendFrame(int opcode, byte[] payload) throws IOException {
            byte[] key = new byte[4];
            random.nextBytes(key);
            int lengthBytes = payload.length <= 125 ? 0 : payload.length <= 0xFFFF ? 2 : 8;
            ByteBuffer frame = ByteBuffer.allocate(2 + lengthBytes + 4 + payload.length);
            frame.put((byte) (0x80 | opcode));
            if (lengthBytes == 0) {
                frame.put((byte) (0x80 | payload.length));
            } else if (lengthBytes == 2) {
                frame.put((byte) (0x80 | 126)).putShort((short) payload.length);
            } else {
                frame.put((byte) (0x80 | 127)).putLong(payload.length);
            }
            frame.put(key);
            for (int i = 0; i < payload.length; i++) {
                frame.put((byte) (payload[i] ^ key[i % 4]));
            }
            out.write(frame.array());
        }

        static String readHead(InputStream in) throws IOException {
            StringBuilder head = new StringBuilder();
            while (!head.toString().endsWith("\r\n\r\n")) {
                int b = in.read();
                if (b < 0) {
                    throw new IOException("connection closed during the handshake");
                }
                head.append((char) b);
            }
            return head.toString();
        }

        @Override
        public void close() {
            closing = true;
            try {
                socket.close();
            } catch (IOException ignored) {
                // already closed
            }
        }
    }

    static List<Integer> intList(String text) {
        List<Integer> values = new ArrayList<>();
        for (String part : text.split(",")) {
            if (!part.isBlank() && !part.trim().equals("0")) {
                values.add(Integer.parseInt(part.trim()));
            }
        }
        return values;
    }

    static boolean flag(String name) {
        return Arrays.asList(args).contains(name);
    }

    static String option(String name, String defaultValue) {
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return defaultValue;
    }
}
