package wschat.web;

import java.io.IOException;
import wschat.handshake.Handshake;
import wschat.handshake.HttpResponse;
import wschat.server.ChatConfig;
import wschat.server.ChatServer;
import wschat.server.Exchange;

/**
 * The finished chat: step 04's server with a {@link Router} in front, so that one port serves the
 * page at {@code http://localhost:8080/} and the chat at {@code ws://localhost:8080/chat}.
 */
public final class WebChatServer {

    private WebChatServer() {
    }

    /** Starts the chat and its page. */
    public static ChatServer start(ChatConfig config) throws IOException {
        return ChatServer.start(config, WebChatServer::handle);
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
     * (default 8080); {@code --host 0.0.0.0} lets other machines in (a classroom demo).
     */
    public static void main(String[] args) throws IOException {
        ChatServer server = ChatServer.startOrExplain(ChatServer.configFromArguments(args), WebChatServer::handle);
        Runtime.getRuntime().addShutdownHook(new Thread(server::close));
        System.out.println("Chat running: open http://localhost:" + server.port() + "/ in two browser tabs.");
        System.out.println("Stop with Ctrl+C.");
    }
}
