package wschat.web;

import java.net.URI;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
// BEGIN challenge redis
import java.util.concurrent.TimeUnit;
// END challenge redis
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisClientConfig;
// BEGIN challenge redis
import redis.clients.jedis.JedisPubSub;
import redis.clients.jedis.exceptions.JedisException;
// END challenge redis

/**
 * Connects one server's {@link SharedRoom} to the other servers' through one Redis channel, with
 * Redis publish/subscribe: every event of this server goes out with {@code PUBLISH}, and every event
 * published by any server comes in on a {@code SUBSCRIBE}d connection.
 *
 * <pre>
 *   room thread ──► publish(text): queued, returns at once
 *   publisher thread:  takes the queue ──► PUBLISH channel "SERVERID text"
 *   subscriber thread: SUBSCRIBE channel ──► "SERVERID text" ──► received: another server's? room.deliver(text)
 * </pre>
 *
 * <p>Two threads of its own, like a member's {@code Outbox} writer: the room never waits for Redis,
 * and a subscribed connection can do nothing but wait for messages. When Redis goes away the room
 * goes on with this server's members (told so by a notice), and the subscriber connects again with a
 * growing delay until Redis is back. Redis publish/subscribe is at most once: an event published
 * while a server is not subscribed never reaches that server's members.
 */
final class RedisBridge implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger("wschat.redis");

    /** Events waiting to be published at most: past it, while Redis is slow or away, new ones are dropped. */
    static final int MAX_QUEUED = 10_000;
    /** How long connecting to Redis, and each command, may take. */
    static final int TIMEOUT_MILLIS = 2000;
    /** The first delay before connecting again after Redis went away; it doubles after each failure. */
    static final long FIRST_RETRY_MILLIS = 100;
    /** The longest delay between two tries. */
    static final long MAX_RETRY_MILLIS = 2000;

    private final URI redis;
    private final String channel;
    private final String serverId;
    private final SharedRoom room;
    private final JedisClientConfig config;
    private final BlockingQueue<String> outgoing = new LinkedBlockingQueue<>(MAX_QUEUED);
    /** Every connection open now, so that {@link #close} can end a subscribe that blocks. */
    private final Set<Jedis> open = ConcurrentHashMap.newKeySet();
    private final Thread publisher;
    private final Thread subscriber;
    private volatile boolean closed;
    // BEGIN challenge redis
    /** The subscriber's state between two connections (only its thread uses them). */
    private boolean lost;
    private long retryMillis = FIRST_RETRY_MILLIS;
    // INSTEAD
    // // TODO challenge redis: what does the subscriber remember from one connection to the next?
    // END challenge redis

    RedisBridge(URI redis, String channel, String serverId, SharedRoom room) {
        this.redis = redis;
        this.channel = channel;
        this.serverId = serverId;
        this.room = room;
        this.config = DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis(TIMEOUT_MILLIS).socketTimeoutMillis(TIMEOUT_MILLIS).build();
        this.publisher = daemon("redis-publisher-" + serverId, this::publishLoop);
        this.subscriber = daemon("redis-subscriber-" + serverId, this::subscribeLoop);
    }

    void start() {
        publisher.start();
        subscriber.start();
    }

    /** Queues one event of this server's room for the other servers; never blocks. False if dropped. */
    boolean publish(String text) {
        return !closed && outgoing.offer(text);
    }

    /**
     * The publisher thread: takes each queued event, in order, and publishes it on the channel as
     * {@code SERVERID text}. If Redis has gone away the event is dropped: this server's members had it
     * already, the others cannot (the subscriber tells the room). Ends when the bridge is closed and
     * the queue is empty.
     */
    private void publishLoop() {
        // BEGIN challenge redis
        Jedis jedis = null;
        try {
            while (!closed || !outgoing.isEmpty()) {
                String text = outgoing.poll(100, TimeUnit.MILLISECONDS);
                if (text == null) {
                    continue;
                }
                // A connection that Redis closed is only found out by using it: one more try, on a new one.
                for (int attempt = 1; attempt <= 2; attempt++) {
                    try {
                        if (jedis == null) {
                            jedis = connect();
                        }
                        jedis.publish(channel, serverId + " " + text);
                        break;
                    } catch (JedisException e) {
                        closeQuietly(jedis);
                        jedis = null; // the second failure drops the event: at most once
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            closeQuietly(jedis);
        }
        // INSTEAD
        // // TODO challenge redis
        // throw new UnsupportedOperationException("TODO step 05, challenge redis: write RedisBridge.publishLoop - take"
        //         + " each queued event and PUBLISH it on the channel as \"SERVERID text\"; if Redis is away, drop it"
        //         + " and connect again for the next one. Read step05-browser-chat/README.md, \"Going further\"."
        //         + " Stuck? step05-browser-chat/HINTS.md");
        // END challenge redis
    }

    /**
     * The subscriber thread: connects, subscribes to the channel and hands every message to
     * {@link #received}, until the connection breaks. Then it tells the room once ({@link SharedRoom#lost}),
     * waits (100 ms, 200 ms, ... up to 2 s) and connects again; once subscribed again it tells the room
     * ({@link SharedRoom#back}). Ends when the bridge is closed.
     */
    private void subscribeLoop() {
        // BEGIN challenge redis
        while (!closed) {
            Jedis jedis = null;
            try {
                jedis = connect();
                // subscribe blocks: it calls onSubscribe, then onMessage for each message, until the connection ends.
                jedis.subscribe(new JedisPubSub() {
                    @Override
                    public void onSubscribe(String subscribed, int channels) {
                        retryMillis = FIRST_RETRY_MILLIS;
                        if (lost) {
                            lost = false;
                            room.back();
                        }
                    }

                    @Override
                    public void onMessage(String from, String message) {
                        received(message);
                    }
                }, channel);
            } catch (JedisException e) {
                if (closed) {
                    return; // close() ended the connection
                }
                if (!lost) {
                    lost = true;
                    room.lost("Redis at " + redis.getHost() + ":" + redis.getPort() + ": " + e.getMessage());
                }
            } finally {
                closeQuietly(jedis);
            }
            try {
                Thread.sleep(retryMillis);
            } catch (InterruptedException e) {
                return; // closing
            }
            retryMillis = Math.min(retryMillis * 2, MAX_RETRY_MILLIS);
        }
        // INSTEAD
        // // TODO challenge redis
        // throw new UnsupportedOperationException("TODO step 05, challenge redis: write RedisBridge.subscribeLoop -"
        //         + " SUBSCRIBE to the channel, each message to received(); when the connection breaks, room.lost(why)"
        //         + " once, wait (100 ms, doubling, at most 2 s) and connect again; once subscribed again, room.back()."
        //         + " Read step05-browser-chat/README.md, \"Going further\". Stuck? step05-browser-chat/HINTS.md");
        // END challenge redis
    }

    /** One message from the channel, {@code SERVERID text}: another server's event goes to this server's members. */
    void received(String message) {
        // BEGIN challenge redis
        int space = message.indexOf(' ');
        if (space < 0) {
            LOG.log(System.Logger.Level.WARNING, "not a chat event on " + channel + ": " + message);
            return; // someone else's message on our channel (redis-cli, say)
        }
        if (message.substring(0, space).equals(serverId)) {
            return; // our own event: our members had it when it happened
        }
        room.deliver(message.substring(space + 1));
        // INSTEAD
        // // TODO challenge redis
        // throw new UnsupportedOperationException("TODO step 05, challenge redis: write RedisBridge.received - split"
        //         + " \"SERVERID text\"; skip this server's own events, deliver the others' text to the room."
        //         + " Read step05-browser-chat/README.md, \"Going further\". Stuck? step05-browser-chat/HINTS.md");
        // END challenge redis
    }

    /** A new connection to Redis (host, port, and any user, password or database the URI names). */
    private Jedis connect() {
        Jedis jedis = new Jedis(redis, config);
        open.add(jedis);
        if (closed) {
            closeQuietly(jedis); // close() came first: this connection would never be closed
        }
        return jedis;
    }

    private void closeQuietly(Jedis jedis) {
        if (jedis != null) {
            open.remove(jedis);
            try {
                jedis.close();
            } catch (RuntimeException ignored) {
                // a connection Redis already closed
            }
        }
    }

    /**
     * Stops both threads: what is queued is published first (for a moment at most: the leave notices of
     * a server that stops), then the subscribed connection is closed, which ends the blocking subscribe.
     */
    @Override
    public void close() {
        closed = true;
        try {
            publisher.join(TIMEOUT_MILLIS);
            publisher.interrupt();
            for (Jedis jedis : open) {
                closeQuietly(jedis);
            }
            subscriber.interrupt();
            subscriber.join(TIMEOUT_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * A thread for one loop. A loop that throws (a bug, or the challenge still to write) stops the
     * sharing, and the room says so to its members, instead of failing in silence.
     */
    private Thread daemon(String name, Runnable loop) {
        Thread thread = new Thread(() -> {
            try {
                loop.run();
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, name + " failed: " + e,
                        e instanceof UnsupportedOperationException ? null : e);
                room.lost("the bridge failed: " + e.getMessage());
            }
        }, name);
        thread.setDaemon(true);
        return thread;
    }
}
