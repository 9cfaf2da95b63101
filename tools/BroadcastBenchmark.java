import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.Method;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A broadcast benchmark: C clients join a chat room, S of them send M messages each, every client
 * receives every message; it prints the throughput of deliveries and their latency percentiles.
 *
 * <p>It measures this course's server started in this JVM (run it with the chat jar on the class
 * path), or any WebSocket broadcast server at a URL that sends every text message to every client
 * (Java-WebSocket, Node's ws, Tornado ... with their own broadcast example):
 *
 * <pre>
 *   mvn -q -Psolutions -DskipTests package
 *   java -cp step05-browser-chat/target/chat.jar tools/BroadcastBenchmark.java [--clients 100] [--senders 10] [--messages 1000]
 *   java tools/BroadcastBenchmark.java --url ws://127.0.0.1:9000/ [...]
 * </pre>
 *
 * Each message carries its send time; a receiver finds it as the last word of the text, whatever
 * prefix the server adds, so the latency is end to end. It prints figures; it asserts nothing.
 */
public class BroadcastBenchmark {

    public static void main(String[] args) throws Exception {
        int clients = intOption(args, "--clients", 100);
        int senders = intOption(args, "--senders", 10);
        int messages = intOption(args, "--messages", 1000);
        int size = intOption(args, "--size", 64);
        String url = option(args, "--url", null);
        AutoCloseable server = null;
        if (url == null) {
            server = startCourseServer();
            url = "ws://127.0.0.1:" + server.getClass().getMethod("port").invoke(server) + "/chat";
        }
        URI uri = URI.create(url);
        System.out.printf("Broadcast benchmark: %s, %d clients, %d senders x %d messages of about %d bytes%n",
                url, clients, senders, messages, size);

        long expected = (long) senders * messages * clients;
        AtomicLong delivered = new AtomicLong();
        long[] latencies = new long[(int) Math.min(expected, 50_000_000)];
        AtomicLong latencyCount = new AtomicLong();
        CountDownLatch done = new CountDownLatch(1);
        List<Client> all = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            all.add(Client.connect(uri, text -> {
                int space = text.lastIndexOf(' ');
                if (space < 0 || !text.startsWith("t=", space + 1)) {
                    return; // a join notice or another server message, not one of ours
                }
                long sent = Long.parseLong(text.substring(space + 3));
                long index = latencyCount.getAndIncrement();
                if (index < latencies.length) {
                    latencies[(int) index] = System.nanoTime() - sent;
                }
                if (delivered.incrementAndGet() == expected) {
                    done.countDown();
                }
            }));
        }
        // Let the join notices settle before the clock starts.
        Thread.sleep(500);

        String padding = "x".repeat(Math.max(0, size - 24));
        long start = System.nanoTime();
        List<Thread> sending = new ArrayList<>();
        for (int s = 0; s < senders; s++) {
            Client sender = all.get(s * clients / senders);
            Thread thread = new Thread(() -> {
                try {
                    for (int m = 0; m < messages; m++) {
                        sender.send(padding + " t=" + System.nanoTime());
                    }
                } catch (IOException e) {
                    throw new RuntimeException(e);
                }
            });
            sending.add(thread);
            thread.start();
        }
        for (Thread thread : sending) {
            thread.join();
        }
        boolean complete = done.await(120, TimeUnit.SECONDS);
        double seconds = (System.nanoTime() - start) / 1e9;

        int n = (int) Math.min(latencyCount.get(), latencies.length);
        long[] sorted = Arrays.copyOf(latencies, n);
        Arrays.sort(sorted);
        System.out.printf("delivered %,d of %,d messages in %.2f s%s%n", delivered.get(), expected, seconds,
                complete ? "" : " (INCOMPLETE after 120 s)");
        System.out.printf("throughput: %,.0f deliveries/s (%,.0f messages/s sent)%n",
                delivered.get() / seconds, senders * (double) messages / seconds);
        if (n > 0) {
            System.out.printf("latency: p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.2f ms%n",
                    ms(sorted, 0.50), ms(sorted, 0.90), ms(sorted, 0.99), sorted[n - 1] / 1e6);
        }
        for (Client client : all) {
            client.close();
        }
        if (server != null) {
            server.close();
        }
    }

    static double ms(long[] sorted, double quantile) {
        return sorted[Math.min(sorted.length - 1, (int) (quantile * sorted.length))] / 1e6;
    }

    /** This course's server, found on the class path: step 05's if present, else step 04's. */
    static AutoCloseable startCourseServer() throws Exception {
        Class<?> configClass = Class.forName("wschat.server.ChatConfig");
        Object config = configClass.getMethod("defaults").invoke(null);
        config = configClass.getMethod("withPort", int.class).invoke(config, 0);
        Method start = Class.forName("wschat.server.ChatServer").getMethod("start", configClass);
        return (AutoCloseable) start.invoke(null, config);
    }

    /** A minimal client on a plain socket: handshake, masked text frames out, unmasked frames in. */
    static final class Client implements AutoCloseable {
        private final Socket socket;
        private final OutputStream out;
        private final Random random = new Random();

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
            DataInputStream in = new DataInputStream(new BufferedInputStream(socket.getInputStream(), 64 * 1024));
            String status = readHead(in);
            if (!status.startsWith("HTTP/1.1 101")) {
                throw new IOException("handshake refused: " + status.lines().findFirst().orElse(""));
            }
            Client client = new Client(socket);
            Thread reader = new Thread(() -> client.readLoop(in, listener), "bench-reader");
            reader.setDaemon(true);
            reader.start();
            return client;
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
                            listener.onText(fragments.toString());
                            fragments.setLength(0);
                        }
                    } else if (opcode == 0x8) {
                        return;
                    }
                }
            } catch (IOException e) {
                // closed
            }
        }

        synchronized void send(String text) throws IOException {
            byte[] payload = text.getBytes(StandardCharsets.UTF_8);
            byte[] key = new byte[4];
            random.nextBytes(key);
            int lengthBytes = payload.length <= 125 ? 0 : payload.length <= 0xFFFF ? 2 : 8;
            ByteBuffer frame = ByteBuffer.allocate(2 + lengthBytes + 4 + payload.length);
            frame.put((byte) 0x81);
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
        public void close() throws IOException {
            socket.close();
        }
    }

    static int intOption(String[] args, String name, int defaultValue) {
        return Integer.parseInt(option(args, name, String.valueOf(defaultValue)));
    }

    static String option(String[] args, String name, String defaultValue) {
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return defaultValue;
    }
}
