package wschat.web;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import wschat.handshake.Handshake;
import wschat.handshake.HttpResponse;
import wschat.server.ChatConfig;
import wschat.server.ChatServer;
import wschat.server.Exchange;
import wschat.server.RequestHandler;
import wschat.server.Room;

/**
 * The finished chat: step 04's server with a {@link Router} in front, so that one port serves the
 * page at {@code http://localhost:8080/} and the chat at {@code ws://localhost:8080/chat}. Beside
 * them, {@link LongPolling} lets a client without WebSocket chat in the same room over plain HTTP
 * ({@code /poll}, {@code /send}, the page {@code poll.html}). With {@code --redis}, the room is a
 * {@link SharedRoom}: one room for the members of every server that names the same Redis.
 */
public final class WebChatServer {

    private WebChatServer() {
    }

    /** Starts the chat and its page, with long polls held 30 s and pollers gone after 15 s without one. */
    public static ChatServer start(ChatConfig config) throws IOException {
        return start(config, LongPolling.DEFAULT_HOLD, LongPolling.DEFAULT_POLLER_TIMEOUT);
    }

    /** Starts the chat and its page; a long poll is held {@code pollHold} at most (tests make it short). */
    public static ChatServer start(ChatConfig config, Duration pollHold, Duration pollerTimeout) throws IOException {
        return ChatServer.start(config, handler(new LongPolling(config, pollHold, pollerTimeout)));
    }

    /**
     * Starts the chat and its page with the members in {@code room}, such as a {@link SharedRoom};
     * the server closes the room when it stops.
     */
    public static ChatServer start(ChatConfig config, Room room) throws IOException {
        return ChatServer.start(config, handler(new LongPolling(config, LongPolling.DEFAULT_HOLD,
                LongPolling.DEFAULT_POLLER_TIMEOUT)), room);
    }

    /** Long polling first (plain HTTP at {@code /poll} and {@code /send}), then the router for the rest. */
    static RequestHandler handler(LongPolling polling) {
        return exchange -> {
            if (polling.serves(exchange.request())) {
                polling.handle(exchange);
            } else {
                handle(exchange);
            }
        };
    }

    /** Does what the router decided. */
    static void handle(Exchange exchange) throws IOException {
        Route route = Router.route(exchange.request());
        switch (route.kind()) {
            case CHAT -> exchange.upgradeToChat();
            case PAGE -> exchange.respond(new HttpResponse(200, "OK")
                    .header("Content-Type", StaticFiles.contentType(route.resource()))
                    .header("Cache-Control", "no-cache")
                    .header("Connection", "close")
                    .body(StaticFiles.read(route.resource())));
            case ERROR -> exchange.respond(error(route.status()));
        }
    }

    /** {@code redis://HOST:PORT}, or the program ends with one line that says what is expected. */
    static URI redisUri(String text) {
        try {
            URI uri = new URI(text);
            if (("redis".equals(uri.getScheme()) || "rediss".equals(uri.getScheme())) && uri.getHost() != null) {
                return uri.getPort() < 0 ? new URI(uri.getScheme(), uri.getUserInfo(), uri.getHost(), 6379,
                        uri.getPath(), null, null) : uri;
            }
        } catch (java.net.URISyntaxException e) {
            // said below
        }
        System.err.println("--redis " + text + ": expected redis://HOST:PORT, e.g. redis://localhost:6379");
        System.exit(2);
        return null;
    }

    private static HttpResponse error(int status) {
        String explanation = switch (status) {
            case 404 -> "nothing here: the chat page is at /\n";
            case 405 -> "only GET is served here\n";
            case 426 -> "/chat speaks WebSocket only: open / in a browser for the chat page\n";
            default -> "error " + status + "\n";
        };
        HttpResponse response = HttpResponse.error(status, HttpResponse.reasonPhrase(status), explanation);
        if (status == 405) {
            response.header("Allow", "GET");
        }
        if (status == 426) {
            response.header("Upgrade", "websocket").header("Sec-WebSocket-Version", Handshake.VERSION);
        }
        return response;
    }

    /**
     * {@code java -jar chat.jar [--port N] [--host ADDRESS]}: the chat page at http://localhost:N/
     * (default 8080); {@code --host 0.0.0.0} lets other machines in (a classroom demo);
     * {@code --poll-hold SECONDS} how long a long poll is held (default 30); {@code --redis
     * redis://HOST:PORT} shares the room with every other server started with the same Redis.
     */
    public static void main(String[] args) throws IOException {
        ChatConfig config = ChatServer.configFromArguments(args);
        Duration hold = LongPolling.DEFAULT_HOLD;
        URI redis = null;
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals("--poll-hold")) {
                hold = Duration.ofSeconds(Long.parseLong(args[i + 1]));
            } else if (args[i].equals("--redis")) {
                redis = redisUri(args[i + 1]);
            }
        }
        RequestHandler handler = handler(new LongPolling(config, hold, LongPolling.DEFAULT_POLLER_TIMEOUT));
        SharedRoom shared = redis == null ? null
                : SharedRoom.connect(redis, SharedRoom.DEFAULT_CHANNEL, SharedRoom.newServerId());
        ChatServer server = shared == null ? ChatServer.startOrExplain(config, handler)
                : ChatServer.startOrExplain(config, handler, shared);
        Runtime.getRuntime().addShutdownHook(new Thread(server::close));
        System.out.println("Chat running: open http://localhost:" + server.port() + "/ in two browser tabs;"
                + " http://localhost:" + server.port() + "/poll.html chats in the same room by long polling.");
        if (shared != null) {
            System.out.println("The room is shared through Redis at " + redis + ", channel " + SharedRoom.DEFAULT_CHANNEL
                    + ": this server is " + shared.serverId() + ", its members are guest-N@" + shared.serverId() + ".");
        }
        System.out.println("Stop with Ctrl+C.");
    }
}
