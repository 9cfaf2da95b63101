package librarychat;

import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ResourceHandler;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.resource.ResourceFactory;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.api.StatusCode;
import org.eclipse.jetty.websocket.server.ServerUpgradeRequest;
import org.eclipse.jetty.websocket.server.ServerUpgradeResponse;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;

/**
 * The course's chat (step 05: the page at /, the chat at /chat, guest names, join and leave notices,
 * every text to everyone as "name: text") on Jetty 12. Jetty does the HTTP, the handshake, the frames
 * and the limits; this class is what a library leaves to the application.
 *
 * <pre>
 *   mvn -q -f tools/library-chat/pom.xml package -DskipTests
 *   java -jar tools/library-chat/target/library-chat.jar [--port N] [--max-message-bytes N] [--allowed-origin URL]
 * </pre>
 */
public final class LibraryChat {

    /** What one client may have queued and unsent before it counts as too slow (the course: 8 MiB). */
    static final int MAX_OUTGOING_FRAMES = 10_000;

    private final Map<Session, String> members = new ConcurrentHashMap<>();
    private final AtomicInteger guests = new AtomicInteger();
    private final Set<String> allowedOrigins;

    private LibraryChat(Set<String> allowedOrigins) {
        this.allowedOrigins = allowedOrigins;
    }

    // ---------------------------------------------------------------- the room: names, notices, broadcast

    /** One member's connection: Jetty calls these on its own threads (the class must be public for Jetty). */
    public final class Member implements Session.Listener.AutoDemanding {
        private Session session;

        @Override
        public void onWebSocketOpen(Session session) {
            this.session = session;
            synchronized (members) {
                String name = "guest-" + guests.incrementAndGet();
                send(session, "* you are " + name);
                broadcast("* " + name + " joined");
                members.put(session, name);
            }
        }

        @Override
        public void onWebSocketText(String text) {
            synchronized (members) {
                broadcast(members.get(session) + ": " + text);
            }
        }

        @Override
        public void onWebSocketBinary(java.nio.ByteBuffer data, org.eclipse.jetty.websocket.api.Callback callback) {
            callback.succeed();
            session.close(StatusCode.BAD_DATA, "this chat accepts text messages only", NOOP);
        }

        @Override
        public void onWebSocketClose(int code, String reason) {
            synchronized (members) {
                String name = members.remove(session);
                if (name != null) {
                    broadcast("* " + name + " left");
                }
            }
        }
    }

    private void broadcast(String text) {
        for (Session member : members.keySet()) {
            send(member, text);
        }
    }

    /** Queues the text for one member and returns; a member whose queue is full is too slow and is dropped. */
    private static void send(Session member, String text) {
        member.sendText(text, org.eclipse.jetty.websocket.api.Callback.from(() -> { }, failure -> {
            if (member.isOpen()) {
                member.close(StatusCode.POLICY_VIOLATION, "too slow: more than " + MAX_OUTGOING_FRAMES
                        + " messages waiting", NOOP);
            }
        }));
    }

    private static final org.eclipse.jetty.websocket.api.Callback NOOP = org.eclipse.jetty.websocket.api.Callback.NOOP;

    // ---------------------------------------------------------------- the origin check (RFC 6455 §10.2)

    /** No Origin (not a browser), the page's own origin, or a configured one; anything else is 403. */
    private Object upgrade(ServerUpgradeRequest request, ServerUpgradeResponse response, Callback callback) {
        String origin = request.getHeaders().get(HttpHeader.ORIGIN);
        String own = "http://" + request.getHeaders().get(HttpHeader.HOST);
        if (origin != null && !origin.equalsIgnoreCase(own)
                && allowedOrigins.stream().noneMatch(origin::equalsIgnoreCase)) {
            Response.writeError(request, response, callback, 403, "origin " + origin + " may not use this chat");
            return null;
        }
        return new Member();
    }

    // ---------------------------------------------------------------- the server: one port, page and chat

    static final Set<String> PAGE_PATHS = Set.of("/", "/index.html", "/chat.js", "/chat.css");

    private final Server server = new Server();

    /**
     * Starts the chat: {@code --port N} (default 8080, 0 for a free one), {@code --host ADDRESS} (default
     * 127.0.0.1), {@code --max-message-bytes N} (default 1 MiB, as the course), {@code --allowed-origin URL}
     * (repeatable). The course's tests start it this way too (tools/test-support, OtherServer).
     */
    public static LibraryChat start(String... options) throws Exception {
        String host = "127.0.0.1";
        int port = 8080;
        int maxMessageBytes = 1 << 20;
        Set<String> allowedOrigins = new HashSet<>();
        for (int i = 0; i + 1 < options.length; i += 2) {
            switch (options[i]) {
                case "--host" -> host = options[i + 1];
                case "--port" -> port = Integer.parseInt(options[i + 1]);
                case "--max-message-bytes" -> maxMessageBytes = Integer.parseInt(options[i + 1]);
                case "--allowed-origin" -> allowedOrigins.add(options[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + options[i]);
            }
        }
        LibraryChat chat = new LibraryChat(allowedOrigins);
        chat.listen(host, port, maxMessageBytes);
        return chat;
    }

    private void listen(String host, int port, int maxMessageBytes) throws Exception {
        ServerConnector connector = new ServerConnector(server);
        connector.setHost(host);
        connector.setPort(port);
        connector.setIdleTimeout(10_000); // an HTTP connection silent for 10 s is closed (the course: 10 s for the head)
        server.addConnector(connector);

        WebSocketUpgradeHandler chatHandler = WebSocketUpgradeHandler.from(server, container -> {
            container.setMaxTextMessageSize(maxMessageBytes);    // larger, even in fragments: close 1009
            container.setIdleTimeout(Duration.ZERO);             // members may be silent for ever, as in the course
            container.setMaxOutgoingFrames(MAX_OUTGOING_FRAMES); // more queued: the send fails, see send()
            container.addMapping("/chat", this::upgrade);
        });
        ResourceHandler page = new ResourceHandler() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                // only the page's own names, as sent: Jetty would also serve /./chat.js and /static/../chat.js
                return PAGE_PATHS.contains(request.getHttpURI().getPath()) && super.handle(request, response, callback);
            }
        };
        page.setBaseResource(ResourceFactory.of(server).newClassLoaderResource("static/"));
        page.setWelcomeFiles("index.html");
        page.setCacheControl("no-cache");
        server.getMimeTypes().addMimeMapping("html", "text/html;charset=utf-8");
        server.getMimeTypes().addMimeMapping("js", "text/javascript;charset=utf-8");
        server.getMimeTypes().addMimeMapping("css", "text/css;charset=utf-8");
        chatHandler.setHandler(new Handler.Sequence(new NotAnUpgrade(), page));
        server.setHandler(new GetOnly(chatHandler));
        server.setStopTimeout(3_000); // a graceful stop: Jetty closes every member with 1001 before it stops
        server.start();
    }

    public int port() {
        return ((ServerConnector) server.getConnectors()[0]).getLocalPort();
    }

    /** Stops the server: Jetty closes every member with 1001, going away. */
    public void close() throws Exception {
        server.stop();
    }

    /** Any method but GET is 405, as in the course's router. */
    static final class GetOnly extends Handler.Wrapper {
        GetOnly(Handler next) {
            super(next);
        }

        @Override
        public boolean handle(Request request, Response response, Callback callback) throws Exception {
            if (!request.getMethod().equals("GET")) {
                response.getHeaders().put(HttpHeader.ALLOW, "GET");
                Response.writeError(request, response, callback, 405, "only GET");
                return true;
            }
            return super.handle(request, response, callback);
        }
    }

    /** /chat without a (valid) upgrade: 426 Upgrade Required, or 400 for a broken handshake. */
    static final class NotAnUpgrade extends Handler.Abstract {
        @Override
        public boolean handle(Request request, Response response, Callback callback) {
            if (!Request.getPathInContext(request).equals("/chat")) {
                return false;
            }
            if ("websocket".equalsIgnoreCase(request.getHeaders().get(HttpHeader.UPGRADE))) {
                Response.writeError(request, response, callback, 400, "bad WebSocket handshake");
            } else {
                response.getHeaders().put(HttpHeader.UPGRADE, "websocket");
                Response.writeError(request, response, callback, 426, "the chat speaks only WebSocket");
            }
            return true;
        }
    }

    public static void main(String[] args) throws Exception {
        LibraryChat chat = start(args);
        chat.server.setStopAtShutdown(true); // Ctrl+C: every member gets 1001, going away
        System.out.println("Library chat (Jetty 12) at http://localhost:" + chat.port() + "/ and ws://localhost:"
                + chat.port() + "/chat. Stop with Ctrl+C.");
        chat.server.join();
    }
}
