package wschat.server;

import java.io.IOException;

/**
 * Decides what to do with one HTTP request that arrived on a new connection: answer it
 * ({@link Exchange#respond}) or hand the connection to the chat ({@link Exchange#upgradeToChat}).
 * Step 04's server only speaks WebSocket at {@code /chat}; step 05 also serves the page.
 */
@FunctionalInterface
public interface RequestHandler {

    void handle(Exchange exchange) throws IOException;
}
