package wschat.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

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
}

