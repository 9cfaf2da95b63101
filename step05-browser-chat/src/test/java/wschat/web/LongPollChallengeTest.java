package wschat.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import wschat.server.ChatConfig;
import wschat.server.ChatServer;

/**
 * Going further: long polling beside WebSocket, in the same room. Write {@code MessageLog} (the held
 * request and its wake-up); step05-browser-chat/README.md, "Going further", explains it.
 */
@Tag("challenge")
@DisplayName("Challenge longpoll - long polling: GET /poll is held until a message comes, and pollers chat with WebSocket members")
class LongPollChallengeTest {

    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    final List<Ws> sockets = new ArrayList<>();
    ChatServer server;
    Duration hold;

    void start(Duration hold, Duration pollerTimeout) throws IOException {
        this.hold = hold;
        server = WebChatServer.start(ChatConfig.defaults().withPort(0), hold, pollerTimeout);
    }

    @AfterEach
    void stop() {
        sockets.forEach(ws -> ws.socket.abort());
        if (server != null) {
            server.close();
        }
    }

    @Test
    @DisplayName("a poller and a WebSocket member chat in one room: a held poll answers as soon as a message comes, and each sees the other's messages in order")
    void pollerAndWebSocketChat() throws Exception {
        start(Duration.ofSeconds(10), Duration.ofSeconds(10));
        Ws ws = connect();
        String wsName = ws.awaitName();
        Poller poller = join();
        ws.expect("* " + poller.name + " joined", "the WebSocket member's notice of the poller's join");

        CompletableFuture<Answer> held = poller.pollAsync();
        expectHeld(held, "GET /poll?after=" + poller.next + " with nothing new");
        long sentAt = System.nanoTime();
        List<String> texts = List.of("one", "two", "three");
        texts.forEach(ws::send);
        Answer first = await(held, Duration.ofSeconds(5), "the held poll, after the WebSocket member sent \"one\"");
        long answeredAfter = millisSince(sentAt);
        assertThat(first.messages).withFailMessage("a held poll answers with the message that woke it: expected"
                + " \"%s: one\" first, got %s", wsName, first.messages).isNotEmpty().startsWith(wsName + ": one");
        assertThat(answeredAfter).withFailMessage("a held poll answers as soon as a message comes, not at the end of"
                + " the hold time (10 s): it answered %d ms after the message was sent", answeredAfter).isLessThan(2000);

        List<String> got = new ArrayList<>(first.messages);
        got.addAll(poller.collect(3 - got.size(), Duration.ofSeconds(5)));
        assertThat(got).withFailMessage("the poller sees the WebSocket member's messages in the order sent:"
                + " expected %s, got %s", texts.stream().map(t -> wsName + ": " + t).toList(), got)
                .containsExactly(wsName + ": one", wsName + ": two", wsName + ": three");

        for (String text : texts) {
            ws.expect(wsName + ": " + text, "the sender's own copy of its message");
        }
        poller.send("four");
        poller.send("five");
        ws.expect(poller.name + ": four", "the WebSocket member sees the poller's first message (POST /send)");
        ws.expect(poller.name + ": five", "the WebSocket member sees the poller's second message, after the first");
        List<String> own = poller.collect(2, Duration.ofSeconds(5));
        assertThat(own).withFailMessage("the poller gets its own messages back, like every member, in order:"
                + " expected [%s: four, %s: five], got %s", poller.name, poller.name, own)
                .containsExactly(poller.name + ": four", poller.name + ": five");
    }

    @Test
    @DisplayName("a poll with nothing new is held for the hold time, then answers 200 with no messages (not an error) and the same next")
    void emptyAfterHold() throws Exception {
        start(Duration.ofMillis(700), Duration.ofSeconds(10));
        Poller poller = join();
        int before = poller.next;
        long started = System.nanoTime();
        Answer answer = poller.poll();
        long took = millisSince(started);
        assertThat(answer.messages).withFailMessage("a poll with nothing new answers with no messages once the hold"
                + " time is over; it answered %s", answer.messages).isEmpty();
        assertThat(answer.next).withFailMessage("an empty answer keeps next where it was (%d); it said %d", before,
                answer.next).isEqualTo(before);
        assertThat(took).withFailMessage("a poll with nothing new is held for the hold time (700 ms), not answered"
                + " at once: it answered after %d ms", took).isGreaterThanOrEqualTo(650);
        assertThat(took).withFailMessage("a poll with nothing new answers when the hold time (700 ms) is over:"
                + " it took %d ms", took).isLessThan(4000);

        CompletableFuture<Answer> again = poller.pollAsync();
        expectHeld(again, "the next GET /poll after an empty answer");
        Answer second = await(again, Duration.ofSeconds(4), "the second poll with nothing new");
        assertThat(second.messages).withFailMessage("the second poll with nothing new is empty too; got %s",
                second.messages).isEmpty();
    }

    @Test
    @DisplayName("a poller that stops polling leaves after the poller timeout: the others see * guest-N left, one that goes on polling stays, and the gone id answers 410")
    void leavesAfterTimeout() throws Exception {
        Duration timeout = Duration.ofMillis(2000); // the poller that goes on polling re-polls within milliseconds, even on a busy machine
        start(Duration.ofMillis(300), timeout);
        Ws ws = connect();
        ws.awaitName();
        Poller quitter = join();
        ws.expect("* " + quitter.name + " joined", "the notice of the first poller's join");
        long lastPollEnded = System.nanoTime();
        Poller stayer = join();
        ws.expect("* " + stayer.name + " joined", "the notice of the second poller's join");

        AtomicBoolean polling = new AtomicBoolean(true);
        AtomicReference<Throwable> stayerFailed = new AtomicReference<>();
        Thread keepPolling = new Thread(() -> {
            try {
                while (polling.get()) {
                    stayer.poll();
                }
            } catch (Throwable e) {
                stayerFailed.set(e);
            }
        }, "stayer");
        keepPolling.setDaemon(true);
        keepPolling.start();
        try {
            String notice = ws.next(Duration.ofMillis(timeout.toMillis() + 4000),
                    "a notice that the poller which stopped polling (" + quitter.name + ") left, within "
                    + timeout.toMillis() + " ms (the poller timeout) and a few seconds");
            long after = millisSince(lastPollEnded);
            assertThat(notice).withFailMessage("a poller that stops polling leaves the room after the timeout: expected"
                    + " \"* %s left\", got \"%s\"", quitter.name, notice).isEqualTo("* " + quitter.name + " left");
            assertThat(after).withFailMessage("a poller leaves only once its timeout (%d ms) without a poll has passed;"
                    + " it left %d ms after its last poll", timeout.toMillis(), after)
                    .isGreaterThanOrEqualTo(timeout.toMillis() - 100);

            String more = ws.poll(Duration.ofMillis(1500));
            assertThat(more).withFailMessage("a poller that goes on polling stays in the room; the WebSocket member"
                    + " got \"%s\"", more).isNull();
            assertThat(stayerFailed.get()).withFailMessage("the poller that goes on polling: %s", stayerFailed.get())
                    .isNull();
        } finally {
            polling.set(false);
        }
        HttpResponse<String> gone = quitter.rawPoll();
        assertThat(gone.statusCode()).withFailMessage("GET /poll with the id of a poller that left answers 410 Gone"
                + " (poll without an id to join again); it answered %d: %s", gone.statusCode(), gone.body().strip())
                .isEqualTo(410);
        keepPolling.join(3000);
    }

    @Test
    @DisplayName("messages sent between two polls are not lost nor repeated: the next poll gets them all, in order")
    void notLostBetweenPolls() throws Exception {
        start(Duration.ofSeconds(5), Duration.ofSeconds(10));
        Ws ws = connect();
        String wsName = ws.awaitName();
        Poller poller = join();
        ws.expect("* " + poller.name + " joined", "the notice of the poller's join");

        List<String> sent = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            String text = "between polls " + i;
            sent.add(wsName + ": " + text);
            ws.send(text);
        }
        // The room gives each message to every member in one turn: once the sender has its own copy of the
        // last one, the poller's log has all 30.
        for (String text : sent) {
            ws.expect(text, "the sender's own copy of its messages, in order");
        }
        long started = System.nanoTime();
        Answer answer = poller.poll();
        long took = millisSince(started);
        assertThat(answer.messages).withFailMessage("the poll after 30 messages were sent while no poll was held gets"
                + " all 30, in order: expected %s, got %s", sent, answer.messages).isEqualTo(sent);
        assertThat(took).withFailMessage("a poll with messages waiting answers at once; it took %d ms", took)
                .isLessThan(2000);

        // And while the poller polls: a message that arrives as one poll ends and the next begins is in the next.
        List<String> racing = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            racing.add(wsName + ": racing " + i);
        }
        Thread sender = new Thread(() -> {
            for (int i = 0; i < 100; i++) {
                ws.send("racing " + i);
                if (i % 10 == 0) {
                    sleep(3);
                }
            }
        }, "sender");
        sender.setDaemon(true);
        sender.start();
        List<String> got = poller.collect(100, Duration.ofSeconds(15));
        assertThat(got).withFailMessage("100 messages sent while the poller polls: each comes exactly once, in order;"
                + " got %d messages, first difference at %s", got.size(), firstDifference(racing, got)).isEqualTo(racing);
        sender.join(3000);
    }

    @Test
    @DisplayName("50 held polls do not block the room: the page loads, WebSocket members chat and join, and one message wakes all 50")
    void fiftyHeldPolls() throws Exception {
        start(Duration.ofSeconds(15), Duration.ofSeconds(20));
        Ws alice = connect();
        String aliceName = alice.awaitName();
        Ws bob = connect();
        bob.awaitName();
        List<Poller> pollers = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            pollers.add(join());
        }
        for (Poller poller : pollers) {
            poller.collect(50 - pollers.indexOf(poller) - 1, Duration.ofSeconds(5)); // the later pollers' joins
        }
        String lastJoin = "* " + pollers.get(49).name + " joined";
        alice.skipUntil(lastJoin);
        bob.skipUntil(lastJoin);

        List<CompletableFuture<Answer>> held = new ArrayList<>();
        for (Poller poller : pollers) {
            held.add(poller.pollAsync());
        }
        expectHeld(CompletableFuture.anyOf(held.toArray(CompletableFuture[]::new)).thenApply(any -> (Answer) any),
                "50 polls with nothing new (one of them answered)");

        long started = System.nanoTime();
        HttpResponse<String> page = http.send(HttpRequest.newBuilder(uri("/")).timeout(Duration.ofSeconds(3)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).withFailMessage("GET / while 50 polls are held answers 200 at once; got %d",
                page.statusCode()).isEqualTo(200);
        alice.send("hello, 50 pollers");
        bob.expect(aliceName + ": hello, 50 pollers", "a WebSocket member's message to another while 50 polls are held");
        long delivered = millisSince(started);
        assertThat(delivered).withFailMessage("while 50 polls are held, the page and a WebSocket message take"
                + " milliseconds, not the hold time: %d ms", delivered).isLessThan(3000);

        for (int i = 0; i < held.size(); i++) {
            Answer answer = await(held.get(i), Duration.ofSeconds(5), "held poll " + (i + 1) + " of 50, after the message");
            assertThat(answer.messages).withFailMessage("the message wakes every held poll: poll %d of 50 got %s",
                    i + 1, answer.messages).containsExactly(aliceName + ": hello, 50 pollers");
        }
        assertThat(millisSince(started)).withFailMessage("all 50 held polls answer within seconds of the message,"
                + " not at the end of the hold time (15 s): %d ms", millisSince(started)).isLessThan(8000);

        Ws carol = connect();
        assertThat(carol.awaitName()).as("a WebSocket member that joins after the 50 polls").startsWith("guest-");
    }

    @Test
    @DisplayName("when the server stops, a held poll answers at once with what it has (MessageLog.close wakes it), and the server stops within seconds")
    void closeWakesHeldPolls() throws Exception {
        start(Duration.ofSeconds(20), Duration.ofSeconds(20));
        Poller poller = join();
        CompletableFuture<Answer> held = poller.pollAsync();
        expectHeld(held, "GET /poll with nothing new");
        long started = System.nanoTime();
        server.close();
        long closing = millisSince(started);
        server = null;
        Answer answer = await(held, Duration.ofSeconds(3), "the held poll, after the server was told to stop");
        long answered = millisSince(started);
        assertThat(answer.messages).withFailMessage("a held poll woken by the server's stop has nothing new; got %s",
                answer.messages).isEmpty();
        assertThat(answered).withFailMessage("when the server stops, close() wakes every held poll, which answers at"
                + " once; it answered %d ms after the stop began (the hold time is 20 s)", answered).isLessThan(1500);
        assertThat(closing).withFailMessage("the server stops within a second when its held polls are woken; it took"
                + " %d ms (it waits for connection threads that are still held)", closing).isLessThan(1500);
    }

    // ------------------------------------------------------------------ the clients

    /** One long-polling client: its id, its name, the number of the last message it has. */
    final class Poller {
        String id;
        String name;
        int next;

        Answer poll() throws IOException, InterruptedException {
            HttpResponse<String> response = rawPoll();
            return answer("GET /poll?id=..&after=" + next, response);
        }

        HttpResponse<String> rawPoll() throws IOException, InterruptedException {
            return http.send(pollRequest(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        }

        CompletableFuture<Answer> pollAsync() {
            String what = "GET /poll?id=..&after=" + next;
            return http.sendAsync(pollRequest(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8))
                    .thenApply(response -> answer(what, response));
        }

        private HttpRequest pollRequest() {
            String query = id == null ? "" : "?id=" + id + "&after=" + next;
            return HttpRequest.newBuilder(uri("/poll" + query)).timeout(hold.plusSeconds(5)).build();
        }

        private Answer answer(String what, HttpResponse<String> response) {
            if (response.statusCode() != 200) {
                fail("%s answers 200 with JSON (an empty list when nothing came); it answered %d: %s", what,
                        response.statusCode(), response.body().strip());
            }
            Answer answer = Answer.parse(what, response.body());
            next = answer.next;
            name = answer.name;
            id = answer.id;
            return answer;
        }

        /** Polls until {@code count} messages came; fails as soon as a poll fails, or when time is up. */
        List<String> collect(int count, Duration within) throws IOException, InterruptedException {
            List<String> got = new ArrayList<>();
            long deadline = System.nanoTime() + within.toNanos();
            while (got.size() < count) {
                if (System.nanoTime() > deadline) {
                    fail("expected %d messages by polling within %d ms; got %d: %s", count, within.toMillis(),
                            got.size(), got);
                }
                got.addAll(poll().messages);
            }
            return got;
        }

        void send(String text) throws IOException, InterruptedException {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri("/send?id=" + id))
                    .timeout(Duration.ofSeconds(5)).header("Content-Type", "text/plain; charset=utf-8")
                    .POST(HttpRequest.BodyPublishers.ofString(text, StandardCharsets.UTF_8)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).withFailMessage("POST /send?id=.. with \"%s\" answers 204; it answered"
                    + " %d: %s", text, response.statusCode(), response.body().strip()).isEqualTo(204);
        }
    }

    /** The first poll joins the room: its answer holds the id, the name, and "* you are NAME". */
    Poller join() throws IOException, InterruptedException {
        Poller poller = new Poller();
        Answer answer = poller.poll();
        boolean named = !answer.messages.isEmpty() && answer.messages.get(0).equals("* you are " + answer.name);
        assertThat(named).withFailMessage("the first GET /poll joins the room, and its answer starts with"
                + " \"* you are %s\"; it was %s", answer.name, answer.messages).isTrue();
        assertThat(answer.id).as("the id in the answer to the first GET /poll").isNotBlank();
        return poller;
    }

    /** A WebSocket member, with what it has received. */
    final class Ws {
        final BlockingQueue<String> received = new LinkedBlockingQueue<>();
        final CompletableFuture<String> closed = new CompletableFuture<>();
        WebSocket socket;

        void send(String text) {
            socket.sendText(text, true).join();
        }

        String awaitName() throws InterruptedException {
            String first = next(Duration.ofSeconds(5), "\"* you are guest-N\", the first message on /chat");
            assertThat(first).as("the first message on /chat").startsWith("* you are ");
            return first.substring("* you are ".length());
        }

        /** The next message, or null after {@code within}; fails at once if the connection ended. */
        String poll(Duration within) throws InterruptedException {
            long deadline = System.nanoTime() + within.toNanos();
            while (System.nanoTime() < deadline) {
                String message = received.poll(50, TimeUnit.MILLISECONDS);
                if (message != null) {
                    return message;
                }
                if (closed.isDone()) {
                    fail("the WebSocket member's connection ended (%s) while it waited for a message", closed.join());
                }
            }
            return null;
        }

        String next(Duration within, String what) throws InterruptedException {
            String message = poll(within);
            if (message == null) {
                fail("expected %s; nothing came in %d ms", what, within.toMillis());
            }
            return message;
        }

        void expect(String expected, String what) throws InterruptedException {
            String message = next(Duration.ofSeconds(5), what + ": \"" + expected + "\"");
            assertThat(message).withFailMessage("expected %s: \"%s\"; got \"%s\"", what, expected, message)
                    .isEqualTo(expected);
        }

        /** Skips the messages before {@code expected}, and it. */
        void skipUntil(String expected) throws InterruptedException {
            long deadline = System.nanoTime() + 5_000_000_000L;
            String message;
            do {
                message = next(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())), "\"" + expected + "\"");
            } while (!message.equals(expected));
        }
    }

    Ws connect() throws Exception {
        Ws ws = new Ws();
        ws.socket = http.newWebSocketBuilder().buildAsync(URI.create("ws://127.0.0.1:" + server.port() + "/chat"),
                new WebSocket.Listener() {
                    final StringBuilder text = new StringBuilder();

                    @Override
                    public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
                        text.append(data);
                        if (last) {
                            ws.received.add(text.toString());
                            text.setLength(0);
                        }
                        w.request(1);
                        return null;
                    }

                    @Override
                    public CompletionStage<?> onClose(WebSocket w, int code, String reason) {
                        ws.closed.complete("close " + code + " " + reason);
                        return null;
                    }

                    @Override
                    public void onError(WebSocket w, Throwable error) {
                        ws.closed.complete(String.valueOf(error));
                    }
                }).get(5, TimeUnit.SECONDS);
        sockets.add(ws);
        return ws;
    }

    // ------------------------------------------------------------------ helpers

    /** A poll with nothing new must still be waiting 300 ms later. */
    static void expectHeld(CompletableFuture<Answer> poll, String what) throws InterruptedException {
        try {
            Answer early = poll.get(300, TimeUnit.MILLISECONDS);
            fail("%s must be held until a message comes or the hold time is over; it answered at once with %s",
                    what, early.messages);
        } catch (TimeoutException expected) {
            // held, as it should be
        } catch (ExecutionException e) {
            if (e.getCause() instanceof AssertionError answerWasWrong) {
                throw answerWasWrong; // it answered at once, with an error status
            }
            fail("%s must be held until a message comes; the connection ended at once: %s", what, e.getCause());
        }
    }

    static Answer await(CompletableFuture<Answer> poll, Duration within, String what) throws InterruptedException {
        try {
            return poll.get(within.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return fail("%s: no answer within %d ms", what, within.toMillis());
        } catch (ExecutionException e) {
            if (e.getCause() instanceof AssertionError answerWasWrong) {
                throw answerWasWrong; // an answer came, and it says what was wrong
            }
            return fail("%s: no answer, the connection ended (%s)", what, e.getCause());
        }
    }

    URI uri(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + server.port() + pathAndQuery);
    }

    static long millisSince(long nanoTime) {
        return (System.nanoTime() - nanoTime) / 1_000_000;
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static String firstDifference(List<String> expected, List<String> got) {
        for (int i = 0; i < Math.min(expected.size(), got.size()); i++) {
            if (!expected.get(i).equals(got.get(i))) {
                return "#" + i + ": expected \"" + expected.get(i) + "\", got \"" + got.get(i) + "\"";
            }
        }
        return expected.size() == got.size() ? "none" : "#" + Math.min(expected.size(), got.size()) + " (one list ends)";
    }

    /** A poll's answer: {"id":"..","name":"guest-N","next":N,"messages":["..", ..]}. */
    record Answer(String id, String name, int next, List<String> messages) {

        static Answer parse(String what, String json) {
            try {
                Map<String, Object> fields = new Json(json).object();
                @SuppressWarnings("unchecked")
                List<String> messages = (List<String>) fields.get("messages");
                Object next = fields.get("next");
                if (!(fields.get("id") instanceof String id) || !(fields.get("name") instanceof String name)
                        || !(next instanceof Integer n) || messages == null) {
                    return fail("%s answers {\"id\":..,\"name\":..,\"next\":N,\"messages\":[..]}; it answered %s",
                            what, json);
                }
                return new Answer(id, name, n, messages);
            } catch (IllegalArgumentException e) {
                return fail("%s answers JSON; %s in %s", what, e.getMessage(), json);
            }
        }
    }

    /** Just enough JSON for the answers: an object of strings, integers and arrays of strings. */
    static final class Json {
        final String text;
        int at;

        Json(String text) {
            this.text = text.strip();
        }

        Map<String, Object> object() {
            Map<String, Object> fields = new LinkedHashMap<>();
            expect('{');
            while (peek() != '}') {
                String key = string();
                expect(':');
                fields.put(key, value());
                if (peek() == ',') {
                    at++;
                }
            }
            expect('}');
            return fields;
        }

        Object value() {
            char c = peek();
            if (c == '"') {
                return string();
            }
            if (c == '[') {
                List<String> items = new ArrayList<>();
                at++;
                while (peek() != ']') {
                    items.add(string());
                    if (peek() == ',') {
                        at++;
                    }
                }
                at++;
                return items;
            }
            int start = at;
            while (at < text.length() && (Character.isDigit(text.charAt(at)) || text.charAt(at) == '-')) {
                at++;
            }
            try {
                return Integer.parseInt(text.substring(start, at));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("unexpected value at " + start);
            }
        }

        String string() {
            expect('"');
            StringBuilder out = new StringBuilder();
            while (at < text.length() && text.charAt(at) != '"') {
                char c = text.charAt(at++);
                if (c == '\\') {
                    char e = text.charAt(at++);
                    switch (e) {
                        case 'n' -> out.append('\n');
                        case 't' -> out.append('\t');
                        case 'r' -> out.append('\r');
                        case 'b' -> out.append('\b');
                        case 'f' -> out.append('\f');
                        case 'u' -> {
                            out.append((char) Integer.parseInt(text.substring(at, at + 4), 16));
                            at += 4;
                        }
                        default -> out.append(e);
                    }
                } else {
                    out.append(c);
                }
            }
            expect('"');
            return out.toString();
        }

        char peek() {
            while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
                at++;
            }
            if (at >= text.length()) {
                throw new IllegalArgumentException("the text ends early");
            }
            return text.charAt(at);
        }

        void expect(char c) {
            if (peek() != c) {
                throw new IllegalArgumentException("expected '" + c + "' at " + at);
            }
            at++;
        }
    }
}
