package wschat.handshake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The proof against a real client: the JDK's own WebSocket client, which nobody in this course
 * wrote, connects to a tiny server that answers with your RequestHeadReader, RequestParser and
 * Handshake.
 */
@DisplayName("Exercises together - the JDK's WebSocket client accepts your handshake (RFC 6455 §4.2.2)")
class JdkClientHandshakeTest {

    private ServerSocket server;
    private final CompletableFuture<byte[]> firstFrame = new CompletableFuture<>();
    private final CompletableFuture<String> serverError = new CompletableFuture<>();

    @BeforeEach
    void startTinyServer() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread thread = new Thread(this::serveOne, "tiny-handshake-server");
        thread.setDaemon(true);
        thread.start();
    }

    @AfterEach
    void stop() throws IOException {
        server.close();
    }

    private void serveOne() {
        try (Socket socket = server.accept()) {
            InputStream in = new BufferedInputStream(socket.getInputStream());
            HttpResponse response = Handshake.respond(RequestParser.parse(RequestHeadReader.readHead(in)));
            socket.getOutputStream().write(response.toBytes());
            socket.getOutputStream().flush();
            byte[] frame = new byte[2 + 4 + 5]; // header, masking key, "Hello"
            int n = in.readNBytes(frame, 0, frame.length);
            firstFrame.complete(java.util.Arrays.copyOf(frame, n));
            socket.getInputStream().read(); // wait until the client goes away
        } catch (Exception | Error e) {
            serverError.complete(e.toString());
        }
    }

    @Test
    @DisplayName("java.net.http.WebSocket connects, and its first frame (\"Hello\") arrives masked, as §5.3 demands")
    void jdkClientConnects() throws Exception {
        URI uri = URI.create("ws://127.0.0.1:" + server.getLocalPort() + "/chat");
        HttpClient client = HttpClient.newHttpClient();
        CompletableFuture<WebSocket> connecting = client.newWebSocketBuilder()
                .connectTimeout(Duration.ofSeconds(5))
                .buildAsync(uri, new WebSocket.Listener() { });
        WebSocket ws;
        try {
            // Whichever comes first: the client's connection, or your code failing on the server side.
            CompletableFuture.anyOf(connecting, serverError).get(10, TimeUnit.SECONDS);
            if (serverError.isDone()) {
                fail("your code failed while answering the JDK client's handshake: %s", serverError.get());
            }
            ws = connecting.get(10, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            fail("the JDK client refused the handshake your code sent: %s",
                    String.valueOf(e.getCause() == null ? e : e.getCause()));
            return;
        }
        ws.sendText("Hello", true).get(5, TimeUnit.SECONDS);
        byte[] frame = firstFrame.get(5, TimeUnit.SECONDS);
        String hex = HexFormat.ofDelimiter(" ").formatHex(frame);
        assertThat(frame.length).as("bytes of the first frame after the handshake: %s", hex).isEqualTo(11);
        assertThat(frame[0] & 0xFF).as("first byte: FIN + text opcode (0x81); frame bytes: %s", hex).isEqualTo(0x81);
        assertThat(frame[1] & 0xFF).as("second byte: MASK bit + length 5 (0x85); frame bytes: %s", hex).isEqualTo(0x85);
        ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye");
    }
}
