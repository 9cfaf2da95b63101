import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.DataInputStream;
import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * WebSocket, long polling and short polling, measured on the same room: step 05's chat server, in a
 * process of its own, with N clients of one transport at a time.
 *
 * <pre>
 *   mvn -q -Psolutions -DskipTests package
 *   java -cp step05-browser-chat/target/chat.jar tools/TransportBenchmark.java [--clients 10,100] [--messages 200]
 *        [--every-ms 10] [--interval-ms 250] [--svg target/transport-benchmark.svg]
 * </pre>
 *
 * For each N and each transport it starts a fresh server, connects N clients, warms up, then lets
 * the clients send {@code --messages} messages, one every {@code --every-ms}, round robin, and
 * waits until every client has every message. It prints, per transport: the messages delivered
 * (messages x clients), the end-to-end latency (each message carries its send time), the bytes
 * both ways per delivered message (HTTP and WebSocket bytes, headers included, as counted on the
 * clients' sockets; TCP/IP headers not included), the HTTP requests per delivered message, and the
 * server process's CPU time per delivered message. The polling clients send the request headers
 * that Chromium sends with a {@code fetch} (no cookies: the chat has none). Short polling asks
 * every {@code --interval-ms} and the server answers at once. It writes the same figures as an
 * SVG chart. It prints figures; it asserts nothing.
 */
public class TransportBenchmark {

    enum Transport {
        WEBSOCKET("WebSocket"), LONG_POLLING("long polling"), SHORT_POLLING("short polling");

        final String label;

        Transport(String label) {
            this.label = label;
        }
    }

    record Result(Transport transport, int clients, long expected, long delivered, double p50, double p99, double max,
            double bytesPerMessage, double requestsPerMessage, double cpuMicrosPerMessage) {
    }

    static int messages;
    static int everyMillis;
    static int intervalMillis;

    public static void main(String[] args) throws Exception {
        int[] sizes = Arrays.stream(option(args, "--clients", "10,100").split(",")).mapToInt(Integer::parseInt).toArray();
        messages = Integer.parseInt(option(args, "--messages", "200"));
        everyMillis = Integer.parseInt(option(args, "--every-ms", "10"));
        intervalMillis = Integer.parseInt(option(args, "--interval-ms", "250"));
        Path svg = Path.of(option(args, "--svg", "target/transport-benchmark.svg"));
        System.out.printf("Transport benchmark: %d messages, one every %d ms, short polling every %d ms%n",
                messages, everyMillis, intervalMillis);
        System.out.printf("%-14s %7s %12s %8s %8s %8s %10s %9s %11s%n", "transport", "clients", "delivered",
                "p50 ms", "p99 ms", "max ms", "bytes/msg", "reqs/msg", "CPU us/msg");
        List<Result> results = new ArrayList<>();
        for (int clients : sizes) {
            for (Transport transport : Transport.values()) {
                Result r = run(transport, clients);
                results.add(r);
                System.out.printf(Locale.ROOT, "%-14s %7d %,12d %8.2f %8.2f %8.2f %,10.0f %9.3f %,11.1f%s%n",
                        r.transport.label, r.clients, r.delivered, r.p50, r.p99, r.max, r.bytesPerMessage,
                        r.requestsPerMessage, r.cpuMicrosPerMessage,
                        r.delivered < r.expected ? "  (INCOMPLETE: " + r.expected + " expected)" : "");
            }
        }
        Files.createDirectories(svg.toAbsolutePath().getParent());
        Files.writeString(svg, Chart.svg(results));
        System.out.println("chart: " + svg);
    }

    // ------------------------------------------------------------------ one run

    static Result run(Transport transport, int clientCount) throws Exception {
        ServerProcess server = ServerProcess.start(transport == Transport.LONG_POLLING ? 30 : 0);
        Counters counters = new Counters();
        long expectedTotal = (long) messages * clientCount;
        AtomicLong warm = new AtomicLong();
        long[] latencies = new long[(int) expectedTotal];
        AtomicLong delivered = new AtomicLong();
        Consumer<String> onText = text -> {
            int t = text.lastIndexOf(" t=");
            if (t < 0) {
                return; // a join notice, not one of ours
            }
            if (text.contains(" warm ")) {
                warm.incrementAndGet();
                return;
            }
            long index = delivered.getAndIncrement();
            if (index < latencies.length) {
                latencies[(int) index] = System.nanoTime() - Long.parseLong(text.substring(t + 3));
            }
        };
        List<Client> clients = new ArrayList<>();
        try {
            for (int i = 0; i < clientCount; i++) {
                clients.add(transport == Transport.WEBSOCKET ? new WsClient(server.port, counters, onText)
                        : new PollClient(server.port, counters, onText,
                                transport == Transport.SHORT_POLLING ? intervalMillis : 0));
            }
            Thread.sleep(500); // the join notices settle
            int warmMessages = 100; // the server JIT-compiles its paths before the clock starts
            for (int m = 0; m < warmMessages; m++) {
                clients.get(m % clientCount).send("x warm " + m + " t=" + System.nanoTime());
                Thread.sleep(everyMillis);
            }
            awaitCount(warm, (long) warmMessages * clientCount, Duration.ofSeconds(30));
            Thread.sleep(2L * intervalMillis);

            long bytes0 = counters.bytes.get();
            long requests0 = counters.requests.get();
            long cpu0 = server.cpuNanos();
            for (int m = 0; m < messages; m++) {
                clients.get(m % clientCount).send("x bench " + m + " t=" + System.nanoTime());
                Thread.sleep(everyMillis);
            }
            awaitCount(delivered, expectedTotal, Duration.ofSeconds(60));
            long cpu = server.cpuNanos() - cpu0;
            long bytes = counters.bytes.get() - bytes0;
            long requests = counters.requests.get() - requests0;
            long n = Math.min(delivered.get(), latencies.length);
            long[] sorted = Arrays.copyOf(latencies, (int) n);
            Arrays.sort(sorted);
            double d = Math.max(1, delivered.get());
            return new Result(transport, clientCount, expectedTotal, delivered.get(), quantile(sorted, 0.50),
                    quantile(sorted, 0.99), n == 0 ? 0 : sorted[(int) n - 1] / 1e6, bytes / d, requests / d,
                    cpu / 1e3 / d);
        } finally {
            for (Client client : clients) {
                client.close();
            }
            server.stop();
        }
    }

    static void awaitCount(AtomicLong count, long expected, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (count.get() < expected && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
    }

    static double quantile(long[] sorted, double q) {
        return sorted.length == 0 ? 0 : sorted[Math.min(sorted.length - 1, (int) (q * sorted.length))] / 1e6;
    }

    // ------------------------------------------------------------------ the server, in a process of its own

    /** The chat jar's server in a child JVM, so that its CPU time is its own. */
    static final class ServerProcess {
        final Process process;
        final int port;

        private ServerProcess(Process process, int port) {
            this.process = process;
            this.port = port;
        }

        static ServerProcess start(int holdSeconds) throws IOException {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            Process process = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                    "wschat.web.WebChatServer", "--port", "0", "--poll-hold", String.valueOf(holdSeconds))
                    .redirectErrorStream(true).start();
            BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            Matcher port = Pattern.compile("localhost:(\\d+)/").matcher("");
            String line;
            while ((line = out.readLine()) != null) {
                if (port.reset(line).find()) {
                    break;
                }
            }
            if (line == null) {
                throw new IOException("the chat server did not start (is step05-browser-chat/target/chat.jar on -cp?)");
            }
            Thread drain = new Thread(() -> out.lines().forEach(l -> { }), "server-output");
            drain.setDaemon(true);
            drain.start();
            return new ServerProcess(process, Integer.parseInt(port.group(1)));
        }

        long cpuNanos() {
            return process.toHandle().info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
        }

        void stop() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    // ------------------------------------------------------------------ the clients

    static final class Counters {
        final AtomicLong bytes = new AtomicLong();
        final AtomicLong requests = new AtomicLong();
    }

    interface Client extends AutoCloseable {
        void send(String text) throws IOException;

        @Override
        void close();
    }

    /** What Chromium sends with a same-origin fetch, less the cookies (the chat has none). */
    static String browserHeaders(int port) {
        return "Host: 127.0.0.1:" + port + "\r\n"
                + "Connection: keep-alive\r\n"
                + "sec-ch-ua: \"Chromium\";v=\"120\", \"Not?A_Brand\";v=\"8\"\r\n"
                + "sec-ch-ua-mobile: ?0\r\n"
                + "User-Agent: Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36\r\n"
                + "sec-ch-ua-platform: \"Linux\"\r\n"
                + "Accept: */*\r\n"
                + "Sec-Fetch-Site: same-origin\r\n"
                + "Sec-Fetch-Mode: cors\r\n"
                + "Sec-Fetch-Dest: empty\r\n"
                + "Referer: http://127.0.0.1:" + port + "/poll.html\r\n"
                + "Accept-Encoding: gzip, deflate, br\r\n"
                + "Accept-Language: en-US,en;q=0.9\r\n";
    }

    /** A socket whose bytes, both ways, are counted. */
    static Socket countedSocket(int port) throws IOException {
        Socket socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.connect(new InetSocketAddress("127.0.0.1", port));
        return socket;
    }

    static InputStream counted(InputStream in, AtomicLong bytes) {
        return new FilterInputStream(in) {
            @Override
            public int read() throws IOException {
                int b = super.read();
                if (b >= 0) {
                    bytes.incrementAndGet();
                }
                return b;
            }

            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                int n = super.read(buffer, offset, length);
                if (n > 0) {
                    bytes.addAndGet(n);
                }
                return n;
            }
        };
    }

    static OutputStream counted(OutputStream out, AtomicLong bytes) {
        return new FilterOutputStream(out) {
            @Override
            public void write(byte[] buffer, int offset, int length) throws IOException {
                out.write(buffer, offset, length);
                bytes.addAndGet(length);
            }

            @Override
            public void write(int b) throws IOException {
                out.write(b);
                bytes.incrementAndGet();
            }
        };
    }

    /** A WebSocket member, as a browser would be: the handshake, masked frames out, frames in. */
    static final class WsClient implements Client {
        final Socket socket;
        final OutputStream out;
        final Random random = new Random();

        WsClient(int port, Counters counters, Consumer<String> onText) throws IOException {
            socket = countedSocket(port);
            out = counted(socket.getOutputStream(), counters.bytes);
            byte[] nonce = new byte[16];
            random.nextBytes(nonce);
            counters.requests.incrementAndGet();
            out.write(("GET /chat HTTP/1.1\r\n" + browserHeaders(port).replace("keep-alive", "Upgrade")
                    + "Upgrade: websocket\r\nOrigin: http://127.0.0.1:" + port + "\r\nSec-WebSocket-Version: 13\r\n"
                    + "Sec-WebSocket-Key: " + Base64.getEncoder().encodeToString(nonce) + "\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            DataInputStream in = new DataInputStream(new BufferedInputStream(counted(socket.getInputStream(),
                    counters.bytes), 64 * 1024));
            String head = readHead(in);
            if (!head.startsWith("HTTP/1.1 101")) {
                throw new IOException("handshake refused: " + head.lines().findFirst().orElse(""));
            }
            Thread reader = new Thread(() -> readLoop(in, onText), "ws-reader");
            reader.setDaemon(true);
            reader.start();
        }

        void readLoop(DataInputStream in, Consumer<String> onText) {
            try {
                while (true) {
                    int b0 = in.readUnsignedByte();
                    int len7 = in.readUnsignedByte() & 0x7F;
                    long length = len7 == 126 ? in.readUnsignedShort() : len7 == 127 ? in.readLong() : len7;
                    byte[] payload = new byte[(int) length];
                    in.readFully(payload);
                    if ((b0 & 0x0F) == 0x8) {
                        return;
                    }
                    onText.accept(new String(payload, StandardCharsets.UTF_8)); // the server sends whole text frames
                }
            } catch (IOException e) {
                // closed
            }
        }

        @Override
        public synchronized void send(String text) throws IOException {
            byte[] payload = text.getBytes(StandardCharsets.UTF_8);
            byte[] key = new byte[4];
            random.nextBytes(key);
            ByteBuffer frame = ByteBuffer.allocate(2 + (payload.length > 125 ? 2 : 0) + 4 + payload.length);
            frame.put((byte) 0x81);
            if (payload.length <= 125) {
                frame.put((byte) (0x80 | payload.length));
            } else {
                frame.put((byte) (0x80 | 126)).putShort((short) payload.length);
            }
            frame.put(key);
            for (int i = 0; i < payload.length; i++) {
                frame.put((byte) (payload[i] ^ key[i % 4]));
            }
            out.write(frame.array());
        }

        @Override
        public void close() {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closed already
            }
        }
    }

    /** A polling member, as poll.html is: GET /poll in a loop (waiting {@code intervalMillis} between polls), POST /send. */
    static final class PollClient implements Client {
        static final Pattern ID = Pattern.compile("\"id\":\"([^\"]+)\"");
        static final Pattern NEXT = Pattern.compile("\"next\":(\\d+)");
        static final Pattern MESSAGES = Pattern.compile("\"messages\":\\[(.*)\\]\\}$", Pattern.DOTALL);
        static final Pattern STRING = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"");

        final int port;
        final Counters counters;
        final AtomicBoolean running = new AtomicBoolean(true);
        volatile String id;
        int next;

        PollClient(int port, Counters counters, Consumer<String> onText, int intervalMillis) throws IOException {
            this.port = port;
            this.counters = counters;
            String first = request("GET /poll", null);
            Matcher id = ID.matcher(first);
            Matcher next = NEXT.matcher(first);
            if (!id.find() || !next.find()) {
                throw new IOException("the first poll did not answer with an id: " + first);
            }
            this.id = id.group(1);
            this.next = Integer.parseInt(next.group(1));
            Thread poller = new Thread(() -> {
                try {
                    while (running.get()) {
                        String answer = request("GET /poll?id=" + this.id + "&after=" + this.next, null);
                        Matcher n = NEXT.matcher(answer);
                        Matcher list = MESSAGES.matcher(answer);
                        if (!n.find() || !list.find()) {
                            return;
                        }
                        this.next = Integer.parseInt(n.group(1));
                        Matcher s = STRING.matcher(list.group(1));
                        while (s.find()) {
                            onText.accept(s.group(1).replace("\\\"", "\"").replace("\\\\", "\\"));
                        }
                        if (intervalMillis > 0) {
                            Thread.sleep(intervalMillis);
                        }
                    }
                } catch (IOException | InterruptedException e) {
                    // closed
                }
            }, "poller");
            poller.setDaemon(true);
            poller.start();
        }

        /** One request on a connection of its own (the server closes after each answer); the answer's body. */
        String request(String requestLine, String body) throws IOException {
            counters.requests.incrementAndGet();
            try (Socket socket = countedSocket(port)) {
                OutputStream out = counted(socket.getOutputStream(), counters.bytes);
                byte[] content = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
                String head = requestLine + " HTTP/1.1\r\n" + browserHeaders(port)
                        + (body == null ? "" : "Content-Type: text/plain;charset=UTF-8\r\nContent-Length: "
                        + content.length + "\r\nOrigin: http://127.0.0.1:" + port + "\r\n") + "\r\n";
                out.write(head.getBytes(StandardCharsets.ISO_8859_1));
                out.write(content);
                out.flush();
                InputStream in = new BufferedInputStream(counted(socket.getInputStream(), counters.bytes));
                String responseHead = readHead(in);
                Matcher length = Pattern.compile("(?i)content-length: *(\\d+)").matcher(responseHead);
                int n = length.find() ? Integer.parseInt(length.group(1)) : 0;
                return new String(in.readNBytes(n), StandardCharsets.UTF_8);
            }
        }

        @Override
        public void send(String text) throws IOException {
            request("POST /send?id=" + id, text);
        }

        @Override
        public void close() {
            running.set(false);
        }
    }

    static String readHead(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed in the response head");
            }
            head.append((char) b);
        }
        return head.toString();
    }

    static String option(String[] args, String name, String defaultValue) {
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return defaultValue;
    }

    // ------------------------------------------------------------------ the chart

    /** Five panels, one per figure; in each, a group of three bars per client count. */
    static final class Chart {
        static final String[] COLORS = {"#2f6fdf", "#e0812b", "#8a8f99"};

        static String svg(List<Result> results) {
            String[] titles = {"latency p50 (ms)", "latency p99 (ms)", "bytes / message", "HTTP requests / message",
                "server CPU (µs) / message"};
            int panelWidth = 230;
            int height = 300;
            int width = panelWidth * titles.length + 20;
            StringBuilder svg = new StringBuilder();
            svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\""
                    + " viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"11\">%n", width, height + 40, width,
                    height + 40));
            svg.append("<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n");
            svg.append(String.format(Locale.ROOT, "<text x=\"10\" y=\"18\" font-size=\"14\" font-weight=\"bold\">"
                    + "One chat room, three transports: %d messages, one every %d ms; short polling every %d ms."
                    + " Per delivered message (one message to one client)"
                    + "</text>%n", messages, everyMillis, intervalMillis));
            List<Integer> sizes = results.stream().map(Result::clients).distinct().toList();
            for (int p = 0; p < titles.length; p++) {
                int x0 = 10 + p * panelWidth;
                double max = 0;
                for (Result r : results) {
                    max = Math.max(max, value(r, p));
                }
                max = max <= 0 ? 1 : max * 1.15;
                int top = 50;
                int bottom = height - 30;
                svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"40\" font-weight=\"bold\">%s</text>%n", x0,
                        titles[p]));
                svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#999\"/>%n",
                        x0, bottom, x0 + panelWidth - 20, bottom));
                int groupWidth = (panelWidth - 30) / Math.max(1, sizes.size());
                for (int g = 0; g < sizes.size(); g++) {
                    int gx = x0 + 5 + g * groupWidth;
                    int barWidth = (groupWidth - 15) / 3;
                    for (Transport t : Transport.values()) {
                        int size = sizes.get(g);
                        Result r = results.stream().filter(x -> x.transport == t && x.clients == size).findFirst()
                                .orElse(null);
                        if (r == null) {
                            continue;
                        }
                        double v = value(r, p);
                        int h = (int) Math.round((bottom - top) * v / max);
                        int bx = gx + t.ordinal() * barWidth;
                        svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\""
                                + " fill=\"%s\"><title>%s, %d clients: %s</title></rect>%n", bx, bottom - h,
                                barWidth - 2, Math.max(h, 1), COLORS[t.ordinal()], t.label, size, format(v)));
                        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"9\""
                                + " text-anchor=\"middle\">%s</text>%n", bx + barWidth / 2, bottom - h - 3, format(v)));
                    }
                    svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">N = %d</text>%n",
                            gx + (groupWidth - 15) / 2, bottom + 14, sizes.get(g)));
                }
            }
            for (Transport t : Transport.values()) {
                int lx = 10 + t.ordinal() * 140;
                svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"12\" fill=\"%s\"/>"
                        + "<text x=\"%d\" y=\"%d\">%s</text>%n", lx, height + 12, COLORS[t.ordinal()], lx + 16,
                        height + 22, t.label));
            }
            return svg.append("</svg>\n").toString();
        }

        static double value(Result r, int panel) {
            return switch (panel) {
                case 0 -> r.p50;
                case 1 -> r.p99;
                case 2 -> r.bytesPerMessage;
                case 3 -> r.requestsPerMessage;
                default -> r.cpuMicrosPerMessage;
            };
        }

        static String format(double v) {
            return v >= 100 ? String.format(Locale.ROOT, "%,.0f", v) : v >= 1 ? String.format(Locale.ROOT, "%.1f", v)
                    : String.format(Locale.ROOT, "%.3f", v);
        }
    }
}
