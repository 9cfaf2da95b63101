package wschat.web;

import wschat.handshake.HttpRequest;

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
        // TODO exercise 1
        throw new UnsupportedOperationException("TODO step 05, exercise 1: write Router.route - 405 for a method other"
                + " than GET; an upgrade (the tokens Upgrade: websocket, Connection: Upgrade) to /chat is"
                + " Route.chat(), elsewhere 404; / is index.html, a file StaticFiles.has is itself, /chat without"
                + " upgrade 426, else 404."
                + " Read step05-browser-chat/README.md, \"Exercise 1\". Stuck? step05-browser-chat/HINTS.md");
    }
}
