package wschat.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import wschat.course.RandomData;
import wschat.frame.FrameDecoder;

@DisplayName("Exercise 1 - ChatRoom: names, join and leave notices (RFC 6455 §5.6, §7)")
class ChatRoomTest extends ChatServerFixture {

    @Test
    @DisplayName("each client's first message tells it its name: \"* you are guest-1\", then guest-2, ...")
    void names() {
        try (ChatClient first = ChatClient.joined(server.port());
             ChatClient second = ChatClient.joined(server.port())) {
            assertThat(first.name).as("name of the first client").isEqualTo("guest-1");
            assertThat(second.name).as("name of the second client").isEqualTo("guest-2");
        }
    }

    @Test
    @DisplayName("the others see \"* guest-N joined\"; the newcomer does not get its own join notice")
    void joinNotices() {
        try (ChatClient first = ChatClient.connect(server.port())) {
            first.awaitName();
            try (ChatClient second = ChatClient.connect(server.port())) {
                String name = second.awaitName();
                assertThat(first.next()).as("what the first client sees when %s connects", name)
                        .isEqualTo("* " + name + " joined");
                try (ChatClient third = ChatClient.connect(server.port())) {
                    String thirdName = third.awaitName();
                    assertThat(first.next()).isEqualTo("* " + thirdName + " joined");
                    assertThat(second.next()).as("what %s sees when %s connects", name, thirdName)
                            .isEqualTo("* " + thirdName + " joined");
                }
            }
        }
    }

    @Tag("course-internals") // reads the room inside the JVM
    @Test
    @DisplayName("when a client disconnects, the others see \"* guest-N left\"")
    void leaveNotices() {
        try (ChatClient stays = ChatClient.joined(server.port());
             ChatClient leaves = ChatClient.joined(server.port())) {
            String name = leaves.name;
            stays.awaitMessage("* " + name + " joined");
            leaves.abort();
            stays.awaitMessage("* " + name + " left");
            assertThat(server.room().size()).as("members left in the room").isEqualTo(1);
        }
    }

    @Test
    @DisplayName("broadcast sends \"name: text\" to every member, the sender included (the room alone, no session)")
    void broadcastToEveryone() throws IOException {
        try (RoomPeer a = RoomPeer.open(); RoomPeer b = RoomPeer.open(); RoomPeer c = RoomPeer.open()) {
            ChatRoom room = new ChatRoom();
            Member first = room.join(a.outbox);
            room.join(b.outbox);
            room.join(c.outbox);
            room.broadcast(first, "hello, room");
            for (RoomPeer peer : new RoomPeer[] {a, b, c}) {
                peer.await(first.name() + ": hello, room");
            }
            assertThat(room.size()).as("size() with three members").isEqualTo(3);
        }
    }

    @Test
    @DisplayName("a member leaves once: one \"* guest-N left\" to the others, however often leave is called")
    void leaveOnce() throws IOException {
        try (RoomPeer a = RoomPeer.open(); RoomPeer b = RoomPeer.open()) {
            ChatRoom room = new ChatRoom();
            Member stays = room.join(a.outbox);
            Member leaves = room.join(b.outbox);
            room.leave(leaves);
            room.leave(leaves);
            room.broadcast(stays, "after");
            a.await("* " + leaves.name() + " left");
            assertThat(a.next("\"" + stays.name() + ": after\"")).as("the message after the leave notice: a second "
                    + "leave must send nothing").isEqualTo(stays.name() + ": after");
            assertThat(room.size()).as("size() after one of two members left").isEqualTo(1);
        }
    }

    @Test
    @Order(RandomData.LAST) // after the examples: a learner's first failure is one that a single thread shows
    @DisplayName("many threads join, talk and leave at once: no exception, and the room ends empty")
    void manyThreadsAtOnce() throws Exception {
        ChatRoom room = new ChatRoom();
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> results = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                results.add(threads.submit(() -> {
                    for (int i = 0; i < 300; i++) {
                        // An outbox that is never started only queues: nothing is written anywhere.
                        Member member = room.join(new Outbox(new Socket(), Long.MAX_VALUE, "unstarted"));
                        room.broadcast(member, "message " + i);
                        room.leave(member);
                    }
                    return null;
                }));
            }
            for (Future<?> result : results) {
                try {
                    result.get(60, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    fail("a room used by 8 threads at once threw %s: its methods must take turns "
                            + "(synchronized), or its set must be safe for many threads", String.valueOf(e.getCause()));
                }
            }
            assertThat(room.size()).as("members left after every thread joined and left 300 times").isZero();
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    @DisplayName("names are never reused: guest-1, guest-2, guest-3, guest-2 leaves, the next is guest-4 (not the room's size + 1)")
    void namesAreNotReused() {
        ChatRoom room = new ChatRoom();
        room.join(new Recorder());
        Member second = room.join(new Recorder());
        Member third = room.join(new Recorder());
        room.leave(second);
        Member fourth = room.join(new Recorder());
        assertThat(fourth.name()).as("the name of the member who joins after guest-1, guest-2 and guest-3 joined and %s "
                + "left: a counter that only goes up; the room's size + 1 would give %s again, the name of a member "
                + "still here (step 04, exercise 1)", second.name(), third.name()).isEqualTo("guest-4");
    }

    @Test
    @Order(RandomData.LAST)
    @DisplayName("every member sees the room's events in the same order, while 4 threads talk and others come and go at once")
    void sameOrderForEveryone() throws Exception {
        ChatRoom room = new ChatRoom();
        List<Recorder> watchers = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            Recorder watcher = new Recorder();
            room.join(watcher);
            watchers.add(watcher);
        }
        List<Member> speakers = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            speakers.add(room.join(new Recorder()));
        }
        List<Integer> seenBefore = watchers.stream().map(w -> w.texts.size()).toList();
        List<Recorder> joiners = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService threads = Executors.newFixedThreadPool(5);
        try {
            List<Future<?>> results = new ArrayList<>();
            for (Member speaker : speakers) {
                results.add(threads.submit(() -> {
                    go.await();
                    for (int i = 0; i < 1000; i++) {
                        room.broadcast(speaker, "message " + i);
                    }
                    return null;
                }));
            }
            results.add(threads.submit(() -> {
                go.await();
                for (int i = 0; i < 100; i++) {
                    Recorder joiner = new Recorder();
                    joiners.add(joiner);
                    room.leave(room.join(joiner));
                }
                return null;
            }));
            go.countDown();
            for (Future<?> result : results) {
                try {
                    result.get(60, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    fail("a room used by 5 threads at once threw %s: its methods must take turns (synchronized)",
                            String.valueOf(e.getCause()));
                }
            }
        } finally {
            threads.shutdownNow();
        }
        List<String> reference = watchers.get(0).texts.subList(seenBefore.get(0), watchers.get(0).texts.size());
        for (int w = 1; w < watchers.size(); w++) {
            List<String> seen = watchers.get(w).texts.subList(seenBefore.get(w), watchers.get(w).texts.size());
            int at = firstDifference(reference, seen);
            if (at >= 0) {
                fail("two members saw the room's events in different orders: event %d after the threads started was %s for "
                        + "the first member but %s for member %d. With several threads broadcasting at once, each "
                        + "broadcast must reach every member before the next one starts: the room's methods take turns "
                        + "(synchronized); a concurrent set and an atomic counter are not enough (step 04, exercise 1)",
                        at + 1, at < reference.size() ? "\"" + reference.get(at) + "\"" : "nothing",
                        at < seen.size() ? "\"" + seen.get(at) + "\"" : "nothing", w + 1);
            }
        }
        for (Recorder joiner : joiners) {
            List<String> texts = joiner.texts;
            assertThat(texts).as("what a member who joined while others talked was sent").isNotEmpty();
            String name = texts.get(0).replaceFirst("^\\* you are ", "");
            assertThat(texts.get(0)).as("a newcomer's first message, while 4 threads talked").startsWith("* you are ");
            int joinedAt = reference.indexOf("* " + name + " joined");
            assertThat(joinedAt).as("the notice \"* %s joined\" in what the members saw", name).isNotNegative();
            List<String> after = texts.subList(1, texts.size());
            List<String> othersAfter = reference.subList(joinedAt + 1, Math.min(reference.size(), joinedAt + 1 + after.size()));
            int at = firstDifference(othersAfter, after);
            if (at >= 0) {
                fail("%s, who joined while others talked, missed or reordered an event: its message %d after \"* you are "
                        + "%s\" was %s, but the members saw %s after \"* %s joined\". A member told its name gets every event "
                        + "after it, in the room's order: join, broadcast and leave take turns (step 04, exercise 1)",
                        name, at + 1, name, at < after.size() ? "\"" + after.get(at) + "\"" : "nothing",
                        at < othersAfter.size() ? "\"" + othersAfter.get(at) + "\"" : "nothing", name);
            }
        }
    }

    /** The first index at which the lists differ, -1 when they are equal. */
    static int firstDifference(List<String> a, List<String> b) {
        for (int i = 0; i < Math.max(a.size(), b.size()); i++) {
            if (i >= a.size() || i >= b.size() || !a.get(i).equals(b.get(i))) {
                return i;
            }
        }
        return -1;
    }

    /** An outbox that records, in order, the text of every frame the room sends it; it writes nothing anywhere. */
    static final class Recorder extends Outbox {
        final List<String> texts = Collections.synchronizedList(new ArrayList<>());

        @Override
        public boolean send(byte[] frameBytes) {
            try {
                texts.add(FrameDecoder.forClient(Integer.MAX_VALUE).readFrame(new ByteArrayInputStream(frameBytes)).text());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return true;
        }
    }
}

