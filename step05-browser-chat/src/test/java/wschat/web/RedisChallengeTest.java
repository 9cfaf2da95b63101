package wschat.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import wschat.server.ChatConfig;
import wschat.server.ChatServer;

/**
 * Going further: one room on several servers, through Redis. Two chat servers on two ports share a
 * room through a real Redis (RedisSupply starts one); write {@code RedisBridge} (publish, subscribe,
 * deliver, reconnect). step05-browser-chat/README.md, "Challenge redis", explains it.
 */
@Tag("challenge")
@DisplayName("Challenge redis - one room on several servers: each server publishes its room's events to Redis and delivers the others'")
class RedisChallengeTest {

    static final Duration WAIT = Duration.ofSeconds(5);
    /** Long enough for the bridge's backoff (2 s at most) and a busy machine. */
    static final Duration RECONNECT_WAIT = Duration.ofSeconds(12);

    static RedisSupply redis;
    static RedisSupply.NoRedis noRedis;
    static int skipped;

    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    final List<ChatServer> servers = new ArrayList<>();
    final List<Ws> sockets = new ArrayList<>();
    /** The members seen so far, in the order they joined: each new one must be seen joining by all of them. */
    final List<Ws> members = new ArrayList<>();
    /** A channel of its own for each test: nothing of an earlier test's servers can reach this one. */
    String channel;

    @BeforeAll
    static void startRedis() {
        try {
            redis = RedisSupply.start();
        } catch (RedisSupply.NoRedis none) {
            noRedis = none;
            System.out.println("Redis: none, the Redis tests are skipped: " + none.getMessage() + "\n  fix: " + none.fix);
        }
    }

    @BeforeEach
    void needRedis() {
        if (noRedis != null && "true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new AssertionError("CI=true and no Redis, so the shared-room tests cannot run; a skipped test proves"
                    + " nothing in CI: " + noRedis.getMessage() + " — " + noRedis.fix + "\n-> Set-up: " + RedisSupply.SET_UP);
        }
        if (noRedis != null) {
            skipped++;
            Assumptions.abort("no Redis: " + noRedis.getMessage() + " — " + noRedis.fix);
        }
        if (!redis.answers()) {
            redis.restart(); // an earlier test killed it
        }
        channel = "wschat:test:" + UUID.randomUUID();
    }

    @AfterEach
    void stopServers() {
        sockets.forEach(ws -> ws.socket.abort());
        servers.forEach(ChatServer::close);
    }

    @AfterAll
    static void stopRedis() {
        if (redis != null) {
            redis.close();
        }
        if (noRedis != null && !"true".equalsIgnoreCase(System.getenv("CI"))) {
            RedisSupply.announceSkipped(skipped, noRedis);
        }
    }

    @Test
    @DisplayName("two servers, one room: every message reaches every member of both servers exactly once, each sender's in the order sent")
    void everyMessageEverywhereInOrder() throws Exception {
        ChatServer a = startServer();
        ChatServer b = startServer();
        awaitShared();
        List<Ws> all = List.of(join(a), join(b), join(a), join(b));

        int perSender = 25;
        List<Thread> senders = new ArrayList<>();
        for (Ws sender : all) {
            Thread thread = new Thread(() -> {
                for (int i = 0; i < perSender; i++) {
                    sender.send("message " + i);
                }
            }, "sender-" + sender.name);
            thread.setDaemon(true);
            senders.add(thread);
        }
        senders.forEach(Thread::start);

        for (Ws member : all) {
            Map<String, List<String>> bySender = new LinkedHashMap<>();
            all.forEach(sender -> bySender.put(sender.name, new ArrayList<>()));
            for (int n = 0; n < perSender * all.size(); n++) {
                String message = member.next(WAIT, "message " + (n + 1) + " of " + perSender * all.size()
                        + " (4 members on 2 servers send " + perSender + " each)");
                int colon = message.indexOf(": ");
                List<String> from = colon < 0 ? null : bySender.get(message.substring(0, colon));
                if (from == null) {
                    fail("%s expected a chat message \"NAME: message N\" from one of %s; got \"%s\"", member.name,
                            bySender.keySet(), message);
                }
                from.add(message.substring(colon + 2));
            }
            for (Ws sender : all) {
                List<String> expected = new ArrayList<>();
                for (int i = 0; i < perSender; i++) {
                    expected.add("message " + i);
                }
                String where = member.server == sender.server ? "the same server" : "the other server, through Redis";
                assertThat(bySender.get(sender.name)).withFailMessage("%s (on %s) gets each of %s's messages once, in the"
                        + " order sent (%s): expected %s, got %s", member.name, member.serverName(), sender.name, where,
                        expected, bySender.get(sender.name)).isEqualTo(expected);
            }
        }
        for (Ws member : all) {
            member.expectNothing(Duration.ofMillis(300), "after the 100 messages (a second copy of one?)");
        }
    }

    @Test
    @DisplayName("names are unique across servers, and joins and leaves are seen by the members of both servers")
    void uniqueNamesJoinAndLeaveEverywhere() throws Exception {
        ChatServer a = startServer();
        ChatServer b = startServer();
        awaitShared();
        List<Ws> all = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            all.add(join(a)); // join() checks that every earlier member, on either server, sees the newcomer join
            all.add(join(b));
        }
        Set<String> names = new HashSet<>();
        all.forEach(ws -> names.add(ws.name));
        assertThat(names).withFailMessage("6 members on 2 servers need 6 different names (each server alone counts"
                + " guest-1, guest-2, ...: what makes a name unique across servers?); they were %s",
                all.stream().map(ws -> ws.name + " on " + ws.serverName()).toList()).hasSize(6);

        leave(all.get(3)); // a member of server b
        leave(all.get(0)); // a member of server a
        Ws late = join(a);
        assertThat(names).withFailMessage("a member who joins later gets a name no one has had: %s, after %s",
                late.name, names).doesNotContain(late.name);
    }

    @Test
    @DisplayName("one server stops: the other's members see its members leave, and go on chatting")
    void oneServerStops() throws Exception {
        ChatServer a = startServer();
        ChatServer b = startServer();
        awaitShared();
        Ws a1 = join(a);
        Ws b1 = join(b);
        Ws a2 = join(a);
        Ws b2 = join(b);

        a.close();
        servers.remove(a);
        members.removeAll(List.of(a1, a2));
        for (Ws member : List.of(b1, b2)) {
            Set<String> leaves = new HashSet<>();
            leaves.add(member.next(WAIT, "the leave notice of a member of the server that stopped"));
            leaves.add(member.next(WAIT, "the leave notice of the other member of the server that stopped"));
            assertThat(leaves).withFailMessage("when server %s stops, its members leave the room, and %s (on the other"
                    + " server) sees them leave: expected [* %s left, * %s left], got %s", a1.serverName(), member.name,
                    a1.name, a2.name, leaves).containsExactlyInAnyOrder("* " + a1.name + " left", "* " + a2.name + " left");
        }
        b1.send("still here");
        b1.expect(b1.name + ": still here", "the sender's own message, after the other server stopped");
        b2.expect(b1.name + ": still here", "a message between the two members of the server that is still running");
    }

    @Test
    @DisplayName("Redis goes away: every member of both servers is told, and each server's room goes on working")
    void redisGoesAway() throws Exception {
        ChatServer a = startServer();
        ChatServer b = startServer();
        awaitShared();
        Ws a1 = join(a);
        Ws b1 = join(b);
        Ws a2 = join(a);

        redis.kill();
        for (Ws member : List.of(a1, a2, b1)) {
            String notice = member.next(WAIT, "a notice that Redis went away (\"" + SharedRoom.LOST + " (...)...\")");
            assertThat(notice).withFailMessage("when Redis goes away (killed), every member is told, with a notice from"
                    + " SharedRoom.lost: expected \"%s (...)...\", %s got \"%s\"", SharedRoom.LOST, member.name, notice)
                    .startsWith(SharedRoom.LOST);
        }
        a1.send("only this server now");
        a1.expect(a1.name + ": only this server now", "the sender's own message while Redis is away");
        a2.expect(a1.name + ": only this server now", "a message to a member of the same server while Redis is away");
        b1.send("alone");
        b1.expect(b1.name + ": alone", "the sender's own message while Redis is away, on the other server");

        Ws a3 = new Ws(a);
        a3.awaitName();
        String notice = a3.next(WAIT, "the notice that Redis is away, for a member who joins while it is");
        assertThat(notice).withFailMessage("a member who joins while Redis is away is told after its name: expected"
                + " \"%s ...\", got \"%s\"", SharedRoom.LOST, notice).startsWith(SharedRoom.LOST);
        a1.expect("* " + a3.name + " joined", "the join of a member of the same server while Redis is away");
    }

    @Test
    @DisplayName("Redis comes back: the bridges subscribe again (with a growing delay), members are told, and the room is shared again")
    void redisComesBack() throws Exception {
        ChatServer a = startServer();
        ChatServer b = startServer();
        awaitShared();
        Ws a1 = join(a);
        Ws b1 = join(b);

        redis.kill();
        for (Ws member : List.of(a1, b1)) {
            String notice = member.next(WAIT, "a notice that Redis went away");
            assertThat(notice).as("%s's notice after Redis was killed", member.name).startsWith(SharedRoom.LOST);
        }
        RedisSupply.sleep(300); // the bridges try again, and fail, at least once
        redis.restart();
        for (Ws member : List.of(a1, b1)) {
            String back = member.next(RECONNECT_WAIT, "a notice that the room is shared again (\"" + SharedRoom.BACK
                    + "...\"), once Redis answers again on the same port");
            assertThat(back).withFailMessage("once Redis is back, each bridge subscribes again and tells its members with"
                    + " SharedRoom.back: expected \"%s...\", %s got \"%s\"", SharedRoom.BACK, member.name, back)
                    .startsWith(SharedRoom.BACK);
        }
        a1.send("shared again?");
        a1.expect(a1.name + ": shared again?", "the sender's own message, after Redis came back");
        b1.expect(a1.name + ": shared again?", "a message from the other server, after Redis came back (published"
                + " on a new connection: the publisher's old one died with Redis)");
        b1.send("yes");
        b1.expect(b1.name + ": yes", "the sender's own message");
        a1.expect(b1.name + ": yes", "a message from the other server, after Redis came back");
    }

    // ------------------------------------------------------------------ servers and members

    ChatServer startServer() throws Exception {
        Set<String> taken = new HashSet<>();
        servers.forEach(s -> taken.add(((SharedRoom) s.room()).serverId()));
        String id;
        do {
            id = SharedRoom.newServerId();
        } while (taken.contains(id));
        ChatServer server = WebChatServer.start(ChatConfig.defaults().withPort(0),
                SharedRoom.connect(redis.uri(), channel, id));
        servers.add(server);
        return server;
    }

    /**
     * Waits until every server's bridge is subscribed to the channel (Redis counts them: PUBSUB NUMSUB).
     * If a bridge gave up (its room was told so), the wait stops at once and says why.
     */
    void awaitShared() {
        long deadline = System.nanoTime() + WAIT.toNanos();
        int subscribed;
        while ((subscribed = redis.subscribers(channel)) < servers.size()) {
            for (ChatServer server : servers) {
                String notice = ((SharedRoom) server.room()).lostNotice();
                if (notice != null) {
                    fail("each server's bridge subscribes to the Redis channel when it starts; the members of server"
                            + " %s were told instead: \"%s\"", ((SharedRoom) server.room()).serverId(), notice);
                }
            }
            if (System.nanoTime() > deadline) {
                fail("each server's bridge subscribes to the Redis channel %s when it starts: Redis counts %d"
                        + " subscribers after %d ms, expected %d (one per server)", channel, subscribed, WAIT.toMillis(),
                        servers.size());
            }
            RedisSupply.sleep(20);
        }
    }

    /** A new member on {@code server}: every member who joined before it, on either server, sees it join. */
    Ws join(ChatServer server) throws Exception {
        Ws ws = new Ws(server);
        ws.awaitName();
        for (Ws earlier : members) {
            if (earlier.server != server) {
                // That join went out through Redis and may reach this server after this member joined:
                // the notice is then true, only late, and this member may hear it at any time.
                ws.mayHearLate.add("* " + earlier.name + " joined");
            }
            String where = earlier.server == server ? "on the same server" : "on the other server, through Redis";
            earlier.expect("* " + ws.name + " joined", "the join of " + ws.name + " (" + where + ")");
        }
        members.add(ws);
        return ws;
    }

    /** A member closes its connection: every other member, on either server, sees it leave. */
    void leave(Ws ws) throws Exception {
        ws.socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(5, TimeUnit.SECONDS);
        members.remove(ws);
        for (Ws other : members) {
            String where = other.server == ws.server ? "on the same server" : "on the other server, through Redis";
            other.expect("* " + ws.name + " left", "the leave notice of " + ws.name + " (" + where + ")");
        }
    }

    /** A WebSocket member of one server, with what it has received. */
    final class Ws {
        final ChatServer server;
        final BlockingQueue<String> received = new LinkedBlockingQueue<>();
        final CompletableFuture<String> closed = new CompletableFuture<>();
        final WebSocket socket;
        String name;
        /** Join notices of earlier members of the other server, which may come after this member's own join. */
        final Set<String> mayHearLate = new HashSet<>();

        Ws(ChatServer server) throws Exception {
            this.server = server;
            this.socket = http.newWebSocketBuilder().buildAsync(URI.create("ws://127.0.0.1:" + server.port() + "/chat"),
                    new WebSocket.Listener() {
                        final StringBuilder text = new StringBuilder();

                        @Override
                        public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
                            text.append(data);
                            if (last) {
                                received.add(text.toString());
                                text.setLength(0);
                            }
                            w.request(1);
                            return null;
                        }

                        @Override
                        public CompletionStage<?> onClose(WebSocket w, int code, String reason) {
                            closed.complete("close " + code + " " + reason);
                            return null;
                        }

                        @Override
                        public void onError(WebSocket w, Throwable error) {
                            closed.complete(String.valueOf(error));
                        }
                    }).get(5, TimeUnit.SECONDS);
            sockets.add(this);
        }

        String serverName() {
            return server.room() instanceof SharedRoom shared ? shared.serverId() : "port " + server.port();
        }

        void send(String text) {
            socket.sendText(text, true).join();
        }

        void awaitName() throws InterruptedException {
            String first = next(WAIT, "\"* you are guest-N@SERVER\", the first message on /chat");
            assertThat(first).as("the first message on /chat of server %s", serverName()).startsWith("* you are ");
            name = first.substring("* you are ".length());
        }

        /** The next message; fails at once if the connection ended, or after {@code within}. */
        String next(Duration within, String what) throws InterruptedException {
            long deadline = System.nanoTime() + within.toNanos();
            while (System.nanoTime() < deadline) {
                String message = received.poll(20, TimeUnit.MILLISECONDS);
                if (message != null && mayHearLate.remove(message)) {
                    continue; // a join notice that was late through Redis, once
                }
                if (message != null) {
                    return message;
                }
                if (closed.isDone() && received.isEmpty()) {
                    fail("%s's connection to server %s ended (%s) while it waited for %s", name, serverName(),
                            closed.join(), what);
                }
            }
            return fail("%s (on server %s) expected %s; nothing came in %d ms", name, serverName(), what, within.toMillis());
        }

        void expect(String expected, String what) throws InterruptedException {
            String message = next(WAIT, what + ": \"" + expected + "\"");
            assertThat(message).withFailMessage("%s (on server %s) expected %s: \"%s\"; got \"%s\"", name, serverName(),
                    what, expected, message).isEqualTo(expected);
        }

        void expectNothing(Duration within, String when) throws InterruptedException {
            String message = received.poll(within.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(message).withFailMessage("%s (on server %s) expected nothing more %s; got \"%s\"", name,
                    serverName(), when, message).isNull();
        }
    }
}
