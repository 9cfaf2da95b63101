package wschat.web;

import wschat.handshake.HttpRequest;
// BEGIN exercise 1
import wschat.server.ChatServer;
// END exercise 1

/**
 * One port, two protocols: the same server answers the browser's page requests with HTTP and its
 * WebSocket upgrade with the chat. The request head tells which is which (RFC 6455 §1.7, §4.2.1).
 *
 * <pre>
 *   GET / HTTP/1.1                          GET /chat HTTP/1.1
 *   Host: localhost:8080                    Host: localhost:8080
 *   Accept: text/html                       Upgrade: websocket
 *                                           Connection: Upgrade
 *   -&gt; 200, index.html                      -&gt; 101, the chat
 * </pre>
 */
public final class Router {

    private Router() {
    }

    /**
     * Decides where a request goes: only GET is served (405 otherwise); a WebSocket upgrade goes to
     * the chat at {@code /chat} (404 elsewhere); a page request gets {@code index.html} at {@code /},
     * a file of the page by its name, 426 at {@code /chat}, 404 for anything else.
     */
    public static Route route(HttpRequest request) {
        // BEGIN exercise 1
        // The page is only ever read, and a WebSocket handshake is a GET (§4.1): nothing else is allowed.
        if (!request.method().equals("GET")) {
            return Route.error(405);
        }
        String path = ChatServer.pathOf(request.target());

        // §4.2.1: an upgrade names websocket in Upgrade and the token Upgrade in Connection.
        boolean upgrade = request.headers().containsToken("Upgrade", "websocket")
                && request.headers().containsToken("Connection", "Upgrade");
        if (upgrade) {
            return path.equals(ChatServer.CHAT_PATH) ? Route.chat() : Route.error(404);
        }

        if (path.equals("/")) {
            return Route.page("index.html");
        }
        if (path.equals(ChatServer.CHAT_PATH)) {
            return Route.error(426); // a plain GET of the chat's address: it speaks WebSocket only
        }
        String name = path.substring(1);
        // Only the page's own files, by exact name: "/../pom.xml" matches none of them.
        return StaticFiles.has(name) ? Route.page(name) : Route.error(404);
        // INSTEAD
        // // TODO exercise 1
        // throw new UnsupportedOperationException("TODO step 05, exercise 1: write Router.route - 405 for a method other"
        //         + " than GET; an upgrade (the tokens Upgrade: websocket, Connection: Upgrade) to /chat is"
        //         + " Route.chat(), elsewhere 404; / is index.html, a file StaticFiles.has is itself, /chat without"
        //         + " upgrade 426, else 404."
        //         + " Read step05-browser-chat/README.md, \"Exercise 1\". Stuck? step05-browser-chat/HINTS.md");
        // END exercise 1
    }
}
