package wschat.web;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import wschat.handshake.HttpRequest;
import wschat.handshake.HttpResponse;
import wschat.server.ChatConfig;
import wschat.server.Room;
import wschat.server.ChatServer;
import wschat.server.Exchange;
import wschat.server.Member;
import wschat.server.OriginPolicy;

/**
 * The chat over plain HTTP, for a client without WebSocket: long polling, on the same port and in
 * the same room as the WebSocket members.
 *
 * <pre>
 *   GET  /poll                  joins the room: {"id":"Xy..","name":"guest-3","next":1,"messages":["* you are guest-3"]}
 *   GET  /poll?id=Xy..&amp;after=1   held until there is a message after number 1, or the hold time passes
 *                               (then "messages":[] and the same "next"); the client asks again at once
 *   POST /send?id=Xy..          the body, UTF-8 text, goes to the room like a WebSocket message: 204
 * </pre>
 *
 * <p>Each poller is a member of the room with a {@link PollingOutbox}: it gets the same messages
 * and notices as every member, into its {@link MessageLog}. A poller that has no poll held for
 * longer than the poller timeout has gone away (the tab is closed): it leaves the room, and the
 * others see {@code * guest-N left}. Its id then answers 410 Gone.
 */
public final class LongPolling {

    public static final String POLL_PATH = "/poll";
    public static final String SEND_PATH = "/send";
    /** How long a poll is held when nothing comes: about what the big web chats used. */
    public static final Duration DEFAULT_HOLD = Duration.ofSeconds(30);
    /** How long a poller may go without a poll held before it leaves the room. */
    public static final Duration DEFAULT_POLLER_TIMEOUT = Duration.ofSeconds(15);

    /** One thread for every server's poller timeouts: each task is short (a leave), none blocks. */
    private static final ScheduledExecutorService TIMEOUTS = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "poll-timeouts");
        thread.setDaemon(true);
        return thread;
    });
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Duration hold;
    private final Duration pollerTimeout;
    private final int maxPollers;
    private final int maxMessageBytes;
    private final Set<String> allowedOrigins;
    private final Map<String, Poller> pollers = new ConcurrentHashMap<>();

    /** The limits of {@code config} (members, message size, origins) apply to pollers too. */
    public LongPolling(ChatConfig config, Duration hold, Duration pollerTimeout) {
        this.hold = hold;
        this.pollerTimeout = pollerTimeout;
        this.maxPollers = config.maxConnections();
        this.maxMessageBytes = config.maxMessageBytes();
        this.allowedOrigins = config.allowedOrigins();
    }

    /** Whether the request is for long polling: {@code /poll} or {@code /send}, any method. */
    public boolean serves(HttpRequest request) {
        String path = ChatServer.pathOf(request.target());
        return path.equals(POLL_PATH) || path.equals(SEND_PATH);
    }

    /** Answers a request that {@link #serves}; a poll holds this connection's thread while it waits. */
    public void handle(Exchange exchange) throws IOException {
        HttpRequest request = exchange.request();
        boolean poll = ChatServer.pathOf(request.target()).equals(POLL_PATH);
        String method = poll ? "GET" : "POST";
        if (!request.method().equals(method)) {
            exchange.respond(HttpResponse.error(405, "Method Not Allowed", "use " + method + " here\n")
                    .header("Allow", method));
            return;
        }
        // The same check as the WebSocket handshake's (§10.2): another site's page may not chat in our users' name.
        if (!OriginPolicy.allows(request, allowedOrigins)) {
            exchange.respond(HttpResponse.error(403, "Forbidden", "origin " + request.headers().get("Origin")
                    + " may not use this chat\n"));
            return;
        }
        Map<String, String> query = queryOf(request.target());
        if (query == null) {
            exchange.respond(HttpResponse.error(400, "Bad Request", "the query string does not decode\n"));
        } else if (poll) {
            poll(exchange, query);
        } else {
            send(exchange, query);
        }
    }

    private void poll(Exchange exchange, Map<String, String> query) throws IOException {
        String id = query.get("id");
        Poller poller = id == null ? join(exchange.room()) : pollers.get(id);
        if (poller == null) {
            exchange.respond(id == null
                    ? HttpResponse.error(503, "Service Unavailable", "the chat is full: " + maxPollers + " pollers\n")
                    : gone());
            return;
        }
        int after = parseOrMinusOne(query.getOrDefault("after", "0"));
        int size = poller.log.size();
        if (after < 0 || after > size) {
            exchange.respond(HttpResponse.error(400, "Bad Request", "after must be the number of the last message"
                    + " you have, 0 to " + size + "; it was " + query.get("after") + "\n"));
            return;
        }
        if (!poller.startPoll()) {
            exchange.respond(gone());
            return;
        }
        List<String> messages;
        try {
            messages = poller.log.awaitAfter(after, hold);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return; // the server is stopping: the connection closes unanswered
        } finally {
            poller.endPoll();
        }
        exchange.respond(json(poller, after + messages.size(), messages));
    }

    private void send(Exchange exchange, Map<String, String> query) throws IOException {
        Poller poller = query.get("id") == null ? null : pollers.get(query.get("id"));
        if (poller == null) {
            exchange.respond(gone());
            return;
        }
        byte[] body = exchange.readBody(maxMessageBytes);
        if (body == null) {
            exchange.respond(HttpResponse.error(413, "Payload Too Large", "a message is at most " + maxMessageBytes
                    + " bytes, sent with a Content-Length\n"));
            return;
        }
        String text;
        try {
            // Strict, like a WebSocket text message (§8.1): invalid UTF-8 is refused, not repaired.
            text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(body)).toString();
        } catch (CharacterCodingException e) {
            exchange.respond(HttpResponse.error(400, "Bad Request", "a message is UTF-8 text\n"));
            return;
        }
        exchange.room().broadcast(poller.member, text);
        exchange.respond(new HttpResponse(204, "No Content").header("Connection", "close"));
    }

    /** A new poller, in the room: its log already holds "* you are guest-N". Null when the chat is full. */
    private Poller join(Room room) {
        if (pollers.size() >= maxPollers) {
            return null;
        }
        String id = newId();
        MessageLog log = new MessageLog();
        Member member = room.join(new PollingOutbox(log, () -> serverStopped(id)));
        Poller poller = new Poller(id, room, member, log);
        pollers.put(id, poller);
        return poller;
    }

    private void serverStopped(String id) {
        Poller poller = pollers.remove(id);
        if (poller != null) {
            poller.end();
        }
    }

    /** A long-polling member: its id (a secret, it lets its holder send in its name), its member, its log. */
    private final class Poller {

        final String id;
        final Room room;
        final Member member;
        final MessageLog log;
        private int heldPolls;
        private ScheduledFuture<?> timeout;
        private boolean gone;

        Poller(String id, Room room, Member member, MessageLog log) {
            this.id = id;
            this.room = room;
            this.member = member;
            this.log = log;
        }

        /** A poll begins: the poller is here, its timeout is off. False once it has left. */
        synchronized boolean startPoll() {
            if (gone) {
                return false;
            }
            heldPolls++;
            if (timeout != null) {
                timeout.cancel(false);
                timeout = null;
            }
            return true;
        }

        /** A poll ended: if it was the last one held, the poller has {@code pollerTimeout} to poll again. */
        synchronized void endPoll() {
            heldPolls--;
            if (heldPolls == 0 && !gone) {
                timeout = TIMEOUTS.schedule(this::timedOut, pollerTimeout.toMillis(), TimeUnit.MILLISECONDS);
            }
        }

        private void timedOut() {
            synchronized (this) {
                if (gone || heldPolls > 0) {
                    return; // a poll came just as the time ran out
                }
                gone = true;
            }
            pollers.remove(id);
            room.leave(member); // the others see "* guest-N left", as when a WebSocket closes
            log.close();
        }

        /** The server stops: no more timeouts. */
        synchronized void end() {
            gone = true;
            if (timeout != null) {
                timeout.cancel(false);
            }
        }
    }

    private HttpResponse gone() {
        return HttpResponse.error(410, "Gone", "no such poller: it stopped polling for more than "
                + pollerTimeout.toMillis() + " ms and left, or the server restarted. Poll without an id to join again.\n");
    }

    private static HttpResponse json(Poller poller, int next, List<String> messages) {
        StringBuilder json = new StringBuilder("{\"id\":").append(quote(poller.id))
                .append(",\"name\":").append(quote(poller.member.name()))
                .append(",\"next\":").append(next)
                .append(",\"messages\":[");
        for (int i = 0; i < messages.size(); i++) {
            json.append(i == 0 ? "" : ",").append(quote(messages.get(i)));
        }
        json.append("]}");
        return new HttpResponse(200, "OK")
                .header("Content-Type", "application/json; charset=utf-8")
                .header("Cache-Control", "no-store") // every poll is new: no cache may answer it
                .header("Connection", "close")
                .body(json.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** A JSON string: quotes, backslashes and control characters escaped (RFC 8259 §7). */
    static String quote(String text) {
        StringBuilder quoted = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            if (c == '"' || c == '\\') {
                quoted.append('\\').append(c);
            } else if (c < 0x20) {
                quoted.append(String.format("\\u%04x", (int) c));
            } else {
                quoted.append(c);
            }
        }
        return quoted.append('"').toString();
    }

    /** The query's parameters ({@code ?id=..&after=3}), or null when one does not decode. */
    private static Map<String, String> queryOf(String target) {
        Map<String, String> query = new HashMap<>();
        int start = target.indexOf('?');
        if (start < 0) {
            return query;
        }
        try {
            for (String pair : target.substring(start + 1).split("&")) {
                int equals = pair.indexOf('=');
                if (equals > 0) {
                    query.put(URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8),
                            URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
                }
            }
        } catch (IllegalArgumentException e) {
            return null;
        }
        return query;
    }

    private static int parseOrMinusOne(String number) {
        try {
            return Integer.parseInt(number);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** 128 random bits, URL-safe: guessing another poller's id is hopeless. */
    private static String newId() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
