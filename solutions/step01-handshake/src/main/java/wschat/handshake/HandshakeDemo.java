package wschat.handshake;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * Step 01's live demo: answers WebSocket handshakes with your code and prints what comes next.
 *
 * <p>Start it, open a browser's developer console on any page and type
 * {@code new WebSocket("ws://localhost:8080/")}. This program prints the request it read, the
 * response your code chose, and, once the browser sends something (try
 * {@code ws.send("Hello")}), the raw bytes of that first frame in hex, which step 02 decodes.
 */
public final class HandshakeDemo {

    /** The port from {@code --port N} (as chat.jar takes it) or a bare {@code N}; 8080 without either. */
    static int port(String[] args) {
        String value = args.length == 0 ? "8080" : args[0].equals("--port") && args.length > 1 ? args[1] : args[0];
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            System.err.println("usage: java -jar handshake-demo.jar [--port N]   (got: " + String.join(" ", args) + ")");
            System.exit(2);
            return -1;
        }
    }

    public static void main(String[] args) throws IOException {
        int port = port(args);
        try (ServerSocket server = new ServerSocket(port, 50, InetAddress.getLoopbackAddress())) {
            System.out.println("Handshake demo listening on ws://localhost:" + server.getLocalPort() + "/");
            System.out.println("In a browser console:  ws = new WebSocket(\"ws://localhost:" + server.getLocalPort()
                    + "/\"); ws.onopen = () => ws.send(\"Hello\")");
            while (true) {
                Socket socket = server.accept();
                new Thread(() -> serve(socket), "handshake-demo").start();
            }
        }
    }

    private static void serve(Socket socket) {
        try (socket) {
            InputStream in = new BufferedInputStream(socket.getInputStream());
            OutputStream out = socket.getOutputStream();
            HttpResponse response;
            try {
                String head = RequestHeadReader.readHead(in);
                System.out.println("\n--- request head ---\n" + head);
                response = Handshake.respond(RequestParser.parse(head));
            } catch (HandshakeException e) {
                response = HttpResponse.error(e);
            }
            System.out.print("--- your response ---\n" + new String(response.toBytes(), StandardCharsets.UTF_8));
            out.write(response.toBytes());
            out.flush();
            if (response.status() != 101) {
                return;
            }
            // The first frame: 2 header bytes; for a short message (7-bit length up to 125) the
            // 4-byte masking key and the payload follow. readNBytes waits until they have all arrived.
            byte[] header = in.readNBytes(2);
            if (header.length < 2) {
                return;
            }
            int length = header[1] & 0x7F; // the low 7 bits of byte 1
            byte[] rest = in.readNBytes(length <= 125 ? 4 + length : 0);
            System.out.println("--- first frame ---\n" + HexFormat.ofDelimiter(" ").formatHex(header) + " "
                    + HexFormat.ofDelimiter(" ").formatHex(rest)
                    + (length > 125 ? " ... (a longer frame)" : "") + "\n(step 02 decodes these bytes)");
        } catch (IOException | UnsupportedOperationException e) {
            System.out.println("connection failed: " + e.getMessage());
        }
    }
}
