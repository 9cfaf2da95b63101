package wschat.server;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import wschat.frame.CloseCode;
import wschat.handshake.Handshake;
import wschat.handshake.HandshakeException;
import wschat.handshake.HttpRequest;
import wschat.handshake.HttpResponse;
import wschat.handshake.RequestHeadReader;
import wschat.handshake.RequestParser;

/**
 * The chat server: accepts TCP connections and gives each one a thread of its own.
 *
 * <pre>
 *   accept thread ──► connection thread: read the request head (step 01), with a timeout
 *                       └─► RequestHandler: respond, or upgrade to the chat
 *                             └─► ChatConnection: read frames (step 02) until the end
 *                                   └─► Outbox writer thread: write frames (step 03)
 * </pre>
 *
 * <p>A thread per connection is the simplest model that keeps one slow client from delaying the
 * others, and Java handles thousands of them. Start it with {@link #start}, stop it with
 * {@link #close}: every member then gets close code 1001, going away.
 */
public final class ChatServer implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger("wschat.server");

    /** The chat's WebSocket endpoint. */
    public static final String CHAT_PATH = "/chat";

    private final ChatConfig config;
    private final RequestHandler handler;
    private final ServerSocket serverSocket;
    private final Room room;
    private final Semaphore memberSlots;
    private final Set<Socket> openSockets = ConcurrentHashMap.newKeySet();
    private final Set<Thread> connectionThreads = ConcurrentHashMap.newKeySet();
    private final Thread acceptThread;
    /**
     * The bytes read from a socket at a time. Chat frames are small, so 1 KiB still takes many of them
     * in one read, and a larger payload is read straight into its own array; the buffer lives as long
     * as the connection, and at 8 KiB (the default) it would be the biggest thing an idle member holds.
     */
    private static final int READ_BUFFER_BYTES = 1024;

    /**
     * Closes the sockets of handshakes that take too long: one deadline per connection, not per read.
     * A deadline cancelled in time leaves the queue at once, so it does not hold its socket for 10 s.
     */
    private final ScheduledThreadPoolExecutor deadlines = new ScheduledThreadPoolExecutor(1, task -> {
        Thread thread = new Thread(task, "chat-deadlines");
        thread.setDaemon(true);
        return thread;
    });
    private volatile boolean closed;

    private ChatServer(ChatConfig config, RequestHandler handler, Room room) throws IOException {
        this.config = config;
        this.handler = handler;
        this.room = room;
        this.memberSlots = new Semaphore(config.maxConnections());
        this.deadlines.setRemoveOnCancelPolicy(true);
        this.serverSocket = new ServerSocket(config.port(), 200, InetAddress.getByName(config.host()));
        this.acceptThread = new Thread(this::acceptLoop, "chat-accept-" + port());
    }

    /** Starts a server that speaks WebSocket at {@code /chat} and answers 404 elsewhere. */
    public static ChatServer start(ChatConfig config) throws IOException {
        return start(config, ChatServer::chatOnly);
    }

    /** Starts a server whose requests go to {@code handler} (step 05 serves the page with one). */
    public static ChatServer start(ChatConfig config, RequestHandler handler) throws IOException {
        return start(config, handler, new ChatRoom());
    }

    /**
     * Starts a server whose members join {@code room}: step 05's shared room, for one. A room that holds
     * resources of its own ({@link AutoCloseable}, such as the shared room's Redis connections) is
     * closed by {@link #close}, last, once every member has left it.
     */
    public static ChatServer start(ChatConfig config, RequestHandler handler, Room room) throws IOException {
        ChatServer server = new ChatServer(config, handler, room);
        server.acceptThread.start();
        return server;
    }

    /** The handler of step 04: the chat at {@code /chat}, nothing else. */
    public static void chatOnly(Exchange exchange) throws IOException {
        if (pathOf(exchange.request().target()).equals(CHAT_PATH)) {
            exchange.upgradeToChat();
        } else {
            exchange.respond(HttpResponse.error(404, "Not Found", "the chat is at " + CHAT_PATH + "\n"));
        }
    }

    /** The path of a request target, without its query: {@code /chat?room=1} gives {@code /chat}. */
    public static String pathOf(String target) {
        int query = target.indexOf('?');
        return query < 0 ? target : target.substring(0, query);
    }

    /** The port the server listens on (useful when started on port 0). */
    public int port() {
        return serverSocket.getLocalPort();
    }

    public Room room() {
        return room;
    }

    /** Stops accepting, closes every member with 1001 (going away), and waits for the connections to end. */
    @Override
    public void close() {
        closed = true;
        try {
            serverSocket.close();
            acceptThread.join(); // from now on, no new connection can slip in
        } catch (IOException ignored) {
            // the accept thread ends either way
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            room.closeAll(CloseCode.GOING_AWAY, "server shutting down");
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "closing the room failed: " + e); // the sockets still close below
        }
        long deadline = System.nanoTime() + 3_000_000_000L;
        for (Thread thread : connectionThreads) {
            try {
                thread.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        for (Socket socket : openSockets) {
            closeQuietly(socket); // connections still in their handshake, or deaf to the close frame
        }
        deadlines.shutdownNow();
        if (room instanceof AutoCloseable resources) {
            try {
                resources.close(); // after the members' leave notices: the shared room still sends them on
            } catch (Exception e) {
                LOG.log(System.Logger.Level.WARNING, "closing the room failed: " + e);
            }
        }
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket socket = serverSocket.accept();
                if (closed) {
                    closeQuietly(socket); // accepted just as the server stopped
                    break;
                }
                openSockets.add(socket);
                Thread thread = Threads.newThread("chat-connection-" + socket.getPort(), () -> serve(socket));
                connectionThreads.add(thread);
                thread.start();
            } catch (IOException e) {
                if (!closed) {
                    LOG.log(System.Logger.Level.WARNING, "accept failed: " + e);
                    pauseAfterAcceptFailure(); // e.g. out of file descriptors: do not spin
                }
            }
        }
    }

    private void pauseAfterAcceptFailure() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One connection, on its own thread: the request head within the timeout, then the handler. */
    private void serve(Socket socket) {
        // The whole request head must arrive before the deadline, however slowly it trickles in.
        ScheduledFuture<?> deadline = deadlines.schedule(() -> closeQuietly(socket),
                config.handshakeTimeout().toMillis(), TimeUnit.MILLISECONDS);
        try (socket) {
            socket.setTcpNoDelay(true); // chat messages are small: send them now, not after 40 ms
            InputStream in = new BufferedInputStream(socket.getInputStream(), READ_BUFFER_BYTES);
            HttpRequest request;
            try {
                request = RequestParser.parse(RequestHeadReader.readHead(in));
            } catch (HandshakeException e) {
                deadline.cancel(false);
                socket.getOutputStream().write(HttpResponse.error(e).toBytes());
                closeGently(socket, in);
                return;
            }
            if (!deadline.cancel(false)) {
                return; // the deadline closed the socket just as the head arrived
            }
            try {
                handler.handle(new Exchange(this, socket, in, request));
            } catch (RuntimeException e) {
                // A bug, or an exercise still to do: say so in the answer, not only in the log.
                LOG.log(System.Logger.Level.WARNING, "request failed: " + e,
                        e instanceof UnsupportedOperationException ? null : e);
                socket.getOutputStream().write(HttpResponse.error(500, "Internal Server Error", e + "\n").toBytes());
            }
        } catch (IOException e) {
            // the client went away, or its handshake deadline passed: nothing to tell anyone
        } finally {
            deadline.cancel(false);
            openSockets.remove(socket);
            connectionThreads.remove(Thread.currentThread());
        }
    }

    /** The upgrade: origin (§10.2), handshake (§4.2), room capacity, then the chat connection. */
    void upgrade(Socket socket, InputStream in, HttpRequest request) throws IOException {
        if (!OriginPolicy.allows(request, config.allowedOrigins())) {
            write(socket, HttpResponse.error(403, "Forbidden", "origin " + request.headers().get("Origin")
                    + " may not use this chat (RFC 6455 §10.2)\n"));
            return;
        }
        HttpResponse response = Handshake.respond(request);
        if (response.status() != 101) {
            write(socket, response);
            return;
        }
        if (!memberSlots.tryAcquire()) {
            write(socket, HttpResponse.error(503, "Service Unavailable",
                    "the chat is full: " + config.maxConnections() + " members\n"));
            return;
        }
        // The slot is free again as soon as the member leaves the room, before its close handshake ends.
        AtomicBoolean released = new AtomicBoolean();
        Runnable releaseSlot = () -> {
            if (released.compareAndSet(false, true)) {
                memberSlots.release();
            }
        };
        try {
            write(socket, response);
            new ChatConnection(socket, in, room, config, releaseSlot).run();
        } finally {
            releaseSlot.run();
        }
    }

    /**
     * Ends a connection after an error response without losing the response: half-close (FIN), then
     * read what the client still sends, for a moment. Closing with unread bytes would send a reset,
     * and a client may then lose the response before reading it.
     */
    private static void closeGently(Socket socket, InputStream in) {
        try {
            socket.getOutputStream().flush();
            socket.shutdownOutput();
            socket.setSoTimeout(1000);
            byte[] discard = new byte[8192];
            int total = 0;
            int n;
            while (total < 64 * 1024 && (n = in.read(discard)) != -1) {
                total += n;
            }
        } catch (IOException ignored) {
            // closed or reset by the client: the response was sent either way
        }
    }

    private static void write(Socket socket, HttpResponse response) throws IOException {
        socket.getOutputStream().write(response.toBytes());
        socket.getOutputStream().flush();
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    /**
     * {@code java -jar chat-room.jar [--port N] [--host ADDRESS]}: the chat at ws://localhost:N/chat
     * (default 8080), on this machine only unless {@code --host 0.0.0.0} opens it to the network.
     */
    public static void main(String[] args) throws IOException {
        ChatServer server = startOrExplain(configFromArguments(args), ChatServer::chatOnly);
        Runtime.getRuntime().addShutdownHook(new Thread(server::close));
        System.out.println("Chat room at ws://localhost:" + server.port() + CHAT_PATH);
        System.out.println("In the console of a tab on http://localhost:" + server.port() + "/ :  ws = new WebSocket(`ws://${location.host}"
                + CHAT_PATH + "`); ws.onmessage = e => console.log(e.data); ws.onopen = () => ws.send(\"Hello\")");
        System.out.println("Stop with Ctrl+C.");
    }

    /**
     * Starts the server for a command line: a port that is taken ends the program with one line
     * that says so and what to try, not a stack trace.
     */
    public static ChatServer startOrExplain(ChatConfig config, RequestHandler handler) throws IOException {
        return startOrExplain(config, handler, new ChatRoom());
    }

    /** The same, with the members in {@code room}. */
    public static ChatServer startOrExplain(ChatConfig config, RequestHandler handler, Room room) throws IOException {
        try {
            return start(config, handler, room);
        } catch (java.net.BindException e) {
            System.err.println("port " + config.port() + " is in use (" + e.getMessage() + "); try --port " + (config.port() + 1));
            System.exit(1);
            return null;
        }
    }

    /** The defaults, with {@code --port N} and {@code --host ADDRESS} from the command line. */
    public static ChatConfig configFromArguments(String[] args) {
        ChatConfig config = ChatConfig.defaults();
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals("--port")) {
                config = config.withPort(Integer.parseInt(args[i + 1]));
            } else if (args[i].equals("--host")) {
                config = config.withHost(args[i + 1]);
            }
        }
        return config;
    }
}
