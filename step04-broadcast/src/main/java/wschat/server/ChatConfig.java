package wschat.server;

import java.time.Duration;
import java.util.Set;
import wschat.frame.FrameDecoder;

/**
 * The chat server's settings. Every limit has a reason in RFC 6455 §10.4 ("implementation-specific
 * limits"): a server that accepts anything can be brought down by anyone.
 *
 * @param host             the address to listen on: 127.0.0.1 (this machine only, the default) or
 *                         0.0.0.0 (every network interface, e.g. for a classroom)
 * @param port             the TCP port; 0 picks a free one (tests do)
 * @param maxMessageBytes  the largest message, all fragments together; larger closes with 1009
 * @param handshakeTimeout how long a new connection may take to send its request head
 * @param maxConnections   chat members at most; one more gets 503 Service Unavailable
 * @param outboxLimitBytes bytes waiting to be sent to one client at most; past it the client is
 *                         too slow, and is dropped with 1008
 * @param allowedOrigins   browser origins allowed besides the server's own, e.g.
 *                         {@code http://localhost:3000} (RFC 6455 §10.2)
 */
public record ChatConfig(String host, int port, int maxMessageBytes, Duration handshakeTimeout, int maxConnections,
        long outboxLimitBytes, Set<String> allowedOrigins) {

    /**
     * Members at most by default, from what the server was measured to hold (tools/BroadcastBenchmark.java,
     * idle clients): on virtual threads (Java 21+) an idle member costs 18-27 KB of memory, so
     * 10,000 of them fit in about 270 MB; on Java 17 it costs about 135-185 KB, mostly platform threads
     * (its reader and the pool's writers, about 80 KB of stack each, touched by the JVM whatever the
     * stack size), so 2,000 members take up to about 370 MB. The step 04 lesson gives the same figures.
     */
    public static final int DEFAULT_MAX_CONNECTIONS = Threads.virtual() ? 10_000 : 2_000;

    /**
     * 127.0.0.1 port 8080, 1 MiB messages, 10 s handshakes, {@link #DEFAULT_MAX_CONNECTIONS} members (10,000 on
     * Java 21+, 2,000 on Java 17), 8 MiB per outbox, same origin only.
     */
    public static ChatConfig defaults() {
        return new ChatConfig("127.0.0.1", 8080, FrameDecoder.DEFAULT_MAX_PAYLOAD_LENGTH, Duration.ofSeconds(10),
                DEFAULT_MAX_CONNECTIONS, 8L * 1024 * 1024, Set.of());
    }

    public ChatConfig withHost(String host) {
        return new ChatConfig(host, port, maxMessageBytes, handshakeTimeout, maxConnections, outboxLimitBytes,
                allowedOrigins);
    }

    public ChatConfig withPort(int port) {
        return new ChatConfig(host, port, maxMessageBytes, handshakeTimeout, maxConnections, outboxLimitBytes,
                allowedOrigins);
    }

    public ChatConfig withMaxMessageBytes(int maxMessageBytes) {
        return new ChatConfig(host, port, maxMessageBytes, handshakeTimeout, maxConnections, outboxLimitBytes,
                allowedOrigins);
    }

    public ChatConfig withHandshakeTimeout(Duration handshakeTimeout) {
        return new ChatConfig(host, port, maxMessageBytes, handshakeTimeout, maxConnections, outboxLimitBytes,
                allowedOrigins);
    }

    public ChatConfig withMaxConnections(int maxConnections) {
        return new ChatConfig(host, port, maxMessageBytes, handshakeTimeout, maxConnections, outboxLimitBytes,
                allowedOrigins);
    }

    public ChatConfig withOutboxLimitBytes(long outboxLimitBytes) {
        return new ChatConfig(host, port, maxMessageBytes, handshakeTimeout, maxConnections, outboxLimitBytes,
                allowedOrigins);
    }

    public ChatConfig withAllowedOrigins(Set<String> allowedOrigins) {
        return new ChatConfig(host, port, maxMessageBytes, handshakeTimeout, maxConnections, outboxLimitBytes,
                Set.copyOf(allowedOrigins));
    }
}
