package wschat.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import wschat.frame.Frame;
import wschat.frame.Opcode;

/** The three exercises together, under load: many clients at once, and clients that fail in every way a network can. */
@Tag("challenge")
@DisplayName("Exercises together - under load: nothing lost, nothing leaked (RFC 6455 §7, §10.4)")
class StressTest extends ChatServerFixture {

    static final int CLIENTS = 50;
    static final int MESSAGES = 200;


    @Test
    @DisplayName("50 clients x 200 messages: every client gets every message exactly once, each sender's in order")
    void fiftyClients() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        List<Receiver> receivers = new ArrayList<>();
        List<WebSocket> sockets = new ArrayList<>();
        CountDownLatch allJoined = new CountDownLatch(CLIENTS);
        CountDownLatch allReceived = new CountDownLatch(CLIENTS);
        for (int i = 0; i < CLIENTS; i++) {
            Receiver receiver = new Receiver(CLIENTS * MESSAGES, allJoined, allReceived);
            receivers.add(receiver);
            sockets.add(http.newWebSocketBuilder()
                    .buildAsync(URI.create("ws://127.0.0.1:" + server.port() + "/chat"), receiver)
                    .get(10, TimeUnit.SECONDS));
        }
        // Everyone knows its name, and the last one has joined, before anyone speaks.
        assertThat(ServerLog.await(allJoined, 20, "the names of " + CLIENTS + " clients")).as("all %d clients got their names",
                CLIENTS).isTrue();

        List<CompletableFuture<?>> senders = new ArrayList<>();
        for (int i = 0; i < CLIENTS; i++) {
            WebSocket ws = sockets.get(i);
            senders.add(CompletableFuture.runAsync(() -> {
                for (int m = 0; m < MESSAGES; m++) {
                    ws.sendText("m" + m, true).join();
                }
            }));
        }
        try {
            CompletableFuture.allOf(senders.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            fail("a client could not send its messages: %s%s", String.valueOf(e.getCause()),
                    ServerLog.failure().map(f -> "; the server failed: " + f + " " + ServerLog.seeLog()).orElse(""));
        }

        boolean done = ServerLog.await(allReceived, 60, "every client's " + CLIENTS * MESSAGES + " messages");
        for (int i = 0; i < CLIENTS; i++) {
            receivers.get(i).assertComplete(i, receivers);
        }
        assertThat(done).as("every client received all %d messages", CLIENTS * MESSAGES).isTrue();
        sockets.forEach(WebSocket::abort);
    }

    @Tag("course-internals") // reads the room and counts the server's threads inside the JVM
    @Test
    @DisplayName("resets mid-handshake and mid-frame, then 1,000 connect/disconnect cycles: the server serves on, "
            + "and its threads and sockets return to where they started")
    void faultsAndCycles() throws Exception {
        try (ChatClient warmUp = ChatClient.connect(server.port())) {
            warmUp.awaitName();
        }
        awaitTrue(() -> server.room().size() == 0, "the room is empty again");
        int threadsBefore = serverThreads();
        long descriptorsBefore = openDescriptors();

        for (int i = 0; i < 50; i++) {
            try (RawClient midHandshake = RawClient.tcp(server.port())) {
                midHandshake.sendRaw("GET /chat HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgr".getBytes(StandardCharsets.ISO_8859_1));
                midHandshake.reset();
            }
            RawClient midFrame = RawClient.upgraded(server.port());
            midFrame.awaitName();
            byte[] frame = wschat.frame.FrameEncoder.encodeMasked(new Frame(Opcode.TEXT, new byte[1000]), new byte[4]);
            midFrame.sendRaw(java.util.Arrays.copyOf(frame, 300)); // header and a third of the payload
            midFrame.reset();
        }
        for (int i = 0; i < 1000; i++) {
            try (RawClient cycle = RawClient.upgraded(server.port())) {
                cycle.awaitName();
            }
        }

        try (ChatClient a = ChatClient.connect(server.port()); ChatClient b = ChatClient.connect(server.port())) {
            String nameA = a.awaitName();
            b.awaitName();
            a.send("after 1,100 broken connections");
            b.awaitMessage(nameA + ": after 1,100 broken connections");
        }
        awaitTrue(() -> server.room().size() == 0, "the room is empty again");
        awaitTrue(() -> serverThreads() <= threadsBefore,
                () -> "server threads back to " + threadsBefore + " (now " + serverThreads() + ")");
        if (descriptorsBefore >= 0) {
            awaitTrue(() -> openDescriptors() <= descriptorsBefore + 5,
                    () -> "open file descriptors back to about " + descriptorsBefore + " (now " + openDescriptors() + ")");
        }
    }

    /** Threads the server started for connections: accept, connection and writer threads are named chat-*. */
    static int serverThreads() {
        int count = 0;
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            if (thread.getName().startsWith("chat-") && !thread.getName().startsWith("chat-accept")) {
                count++;
            }
        }
        return count;
    }

    /** This JVM's open file descriptors (sockets among them), or -1 where the platform does not tell. */
    static long openDescriptors() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
            return unix.getOpenFileDescriptorCount();
        }
        return -1;
    }

    static void awaitTrue(BooleanSupplier condition, String what) throws InterruptedException {
        awaitTrue(condition, () -> what);
    }

    /** Waits for a condition with a deadline, checking it every few milliseconds. */
    static void awaitTrue(BooleanSupplier condition, java.util.function.Supplier<String> what)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        CountDownLatch never = new CountDownLatch(1);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("waited 20 s for: %s", what.get());
            }
            never.await(10, TimeUnit.MILLISECONDS); // a timed wait between checks
        }
    }

    /** Collects what one client receives: its name first, then "sender: mN" messages. */
    static final class Receiver implements WebSocket.Listener {
        private final int expected;
        private final CountDownLatch joined;
        private final CountDownLatch received;
        private final StringBuilder partial = new StringBuilder();
        private final ConcurrentLinkedQueue<String> messages = new ConcurrentLinkedQueue<>();
        volatile String name;
        private int count;

        Receiver(int expected, CountDownLatch joined, CountDownLatch received) {
            this.expected = expected;
            this.joined = joined;
            this.received = received;
        }

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String message = partial.toString();
                partial.setLength(0);
                if (message.startsWith("* you are ")) {
                    name = message.substring("* you are ".length());
                    joined.countDown();
                } else if (!message.startsWith("* ")) {
                    messages.add(message);
                    if (++count == expected) {
                        received.countDown();
                    }
                }
            }
            ws.request(1);
            return null;
        }

        /** Exactly once each, and each sender's messages m0, m1, ... in order. */
        void assertComplete(int index, List<Receiver> all) {
            Map<String, Integer> nextFromSender = new HashMap<>();
            for (Receiver r : all) {
                nextFromSender.put(r.name, 0);
            }
            for (String message : messages) {
                int colon = message.indexOf(": m");
                String sender = message.substring(0, colon);
                int number = Integer.parseInt(message.substring(colon + 3));
                Integer next = nextFromSender.get(sender);
                assertThat(next).as("client %d got a message from an unknown sender: %s", index, message).isNotNull();
                assertThat(number).as("client %d: the next message from %s (each sender's messages arrive once, "
                        + "in the order sent)", index, sender).isEqualTo(next);
                nextFromSender.put(sender, next + 1);
            }
            for (Map.Entry<String, Integer> e : nextFromSender.entrySet()) {
                assertThat(e.getValue()).as("client %d: messages received from %s", index, e.getKey())
                        .isEqualTo(MESSAGES);
            }
        }
    }
}
