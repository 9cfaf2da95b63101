package wschat.frame;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Locale;

/**
 * The frame inspector: a small proxy that sits between a browser and a WebSocket server and prints
 * every frame that passes, decoded by your {@link FrameDecoder}, field by field.
 *
 * <pre>
 *   browser  --&gt;  http://localhost:8081/  (this inspector)  --&gt;  localhost:8080  (the chat server)
 * </pre>
 *
 * <p>Start the chat (step 05's {@code chat.jar}, or step 04's {@code chat-room.jar}) on port 8080,
 * start this with {@code java -jar step02-frame-decode/target/frame-inspector.jar}, and open
 * http://localhost:8081/ instead of 8080. HTTP passes through untouched; after a 101, each frame
 * is printed and then forwarded byte for byte.
 */
public final class FrameInspector {

    private static final PrintStream OUT = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    private static final int MAX_SHOWN_BYTES = 64;
    private static final int MAX_SHOWN_CHARS = 200;

    private FrameInspector() {
    }

    public static void main(String[] args) throws IOException {
        int listen = intOption(args, "--listen", 8081);
        int target = intOption(args, "--target", 8080);
        try (ServerSocket server = new ServerSocket(listen, 50, InetAddress.getLoopbackAddress())) {
            OUT.println("Frame inspector on http://localhost:" + listen + "/ -> localhost:" + target);
            OUT.println("Open http://localhost:" + listen + "/ in a browser (the chat must be running on port "
                    + target + "). Stop with Ctrl+C.");
            int connections = 0;
            while (true) {
                Socket browser = server.accept();
                String id = "#" + (++connections) + " "; // which browser connection a frame belongs to
                Socket upstream;
                try {
                    upstream = new Socket(InetAddress.getLoopbackAddress(), target);
                } catch (IOException e) {
                    OUT.println("cannot reach localhost:" + target + " (" + e.getMessage() + "): is the chat running?");
                    browser.close();
                    continue;
                }
                start(() -> relay(browser, upstream, id + "browser -> server", true));
                start(() -> relay(upstream, browser, id + "server -> browser", false));
            }
        }
    }

    /**
     * Copies one direction: the HTTP head as it is, then, for a WebSocket, frame by frame. The side
     * that reads the server's answer switches to frames after a 101; the browser's side after an
     * upgrade request.
     */
    private static void relay(Socket from, Socket to, String direction, boolean fromBrowser) {
        try (from; to) {
            RecordingInputStream in = new RecordingInputStream(from.getInputStream());
            OutputStream out = to.getOutputStream();
            String head = readHead(in);
            out.write(in.takeRecorded());
            out.flush();
            boolean webSocket = fromBrowser
                    ? head.toLowerCase(Locale.ROOT).contains("\nupgrade: websocket")
                    : head.startsWith("HTTP/1.1 101");
            if (!webSocket) {
                in.transferTo(out); // plain HTTP: the page, its script, its stylesheet
                return;
            }
            if (!fromBrowser) {
                OUT.println("\n== WebSocket open: " + direction.substring(0, direction.indexOf(' ')) + " ==");
            }
            // A browser's frames must be masked, a server's must not (§5.1): a decoder for each side.
            FrameDecoder decoder = new FrameDecoder(fromBrowser, Integer.MAX_VALUE - 8);
            while (true) {
                Frame frame = decoder.readFrame(in);
                byte[] raw = in.takeRecorded();
                print(direction, frame, raw);
                out.write(raw);
                out.flush();
            }
        } catch (EOFException e) {
            OUT.println("-- " + direction + ": connection closed");
        } catch (WebSocketException e) {
            OUT.println("!! " + direction + ": " + e.getMessage());
        } catch (IOException e) {
            // the other side went away
        } catch (RuntimeException e) {
            OUT.println("!! " + direction + ": the decoder failed: " + e.getMessage());
        }
    }

    /**
     * One frame, annotated, in one piece so that frames crossing in the two directions do not mix:
     * e.g. {@code #1 browser -> server  FIN=1 RSV=000 opcode=0x1 TEXT  MASK=1 key=37 fa 21 3d}.
     */
    private static void print(String direction, Frame frame, byte[] raw) {
        int lengthField = raw[1] & 0x7F; // the 7-bit length: 126 and 127 announce a longer field
        String lengthForm = lengthField <= 125 ? "7-bit length" : lengthField == 126 ? "16-bit length" : "64-bit length";
        int headerBytes = 2 + (lengthField == 126 ? 2 : lengthField == 127 ? 8 : 0) + (frame.masked() ? 4 : 0);
        String text = String.format("%s  FIN=%d RSV=%d%d%d opcode=0x%x %-12s MASK=%d%s%n",
                direction, bit(frame.fin()), bit(frame.rsv1()), bit(frame.rsv2()), bit(frame.rsv3()),
                frame.opcode().code(), frame.opcode(), bit(frame.masked()),
                frame.masked() ? " key=" + hex(frame.maskingKey(), 4) : "")
                + String.format("    header %s, then %d payload bytes (%s)%n",
                        HexFormat.ofDelimiter(" ").formatHex(raw, 0, headerBytes), frame.payload().length, lengthForm)
                + "    " + describePayload(frame) + System.lineSeparator();
        OUT.print(text); // a PrintStream writes one call at a time
    }

    private static String describePayload(Frame frame) {
        byte[] payload = frame.payload();
        switch (frame.opcode()) {
            case TEXT, CONTINUATION -> {
                String text = new String(payload, StandardCharsets.UTF_8);
                return "text: \"" + (text.length() > MAX_SHOWN_CHARS ? text.substring(0, MAX_SHOWN_CHARS) + "..." : text)
                        + "\"";
            }
            case CLOSE -> {
                if (payload.length < 2) {
                    return "close, no status code";
                }
                int code = Short.toUnsignedInt(ByteBuffer.wrap(payload).getShort()); // 2 bytes, big-endian
                return "close code " + code + ", reason \""
                        + new String(payload, 2, payload.length - 2, StandardCharsets.UTF_8) + "\"";
            }
            default -> {
                return "data: " + (payload.length == 0 ? "(none)" : hex(payload, MAX_SHOWN_BYTES));
            }
        }
    }

    private static String hex(byte[] bytes, int max) {
        int shown = Math.min(bytes.length, max);
        return HexFormat.ofDelimiter(" ").formatHex(bytes, 0, shown) + (shown < bytes.length ? " ..." : "");
    }

    private static int bit(boolean b) {
        return b ? 1 : 0;
    }

    /** The HTTP head, up to and including the blank line. */
    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int lastFour = 0;
        while (lastFour != 0x0D0A0D0A) { // CR LF CR LF
            int b = in.read();
            if (b == -1) {
                throw new EOFException();
            }
            head.write(b);
            lastFour = (lastFour << 8) | b;
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    private static int intOption(String[] args, String name, int defaultValue) {
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals(name)) {
                return Integer.parseInt(args[i + 1]);
            }
        }
        return defaultValue;
    }

    private static void start(Runnable task) {
        Thread thread = new Thread(task, "inspector");
        thread.setDaemon(false);
        thread.start();
    }

    /** An InputStream that keeps a copy of what was read, so a decoded frame can be forwarded as it came. */
    private static final class RecordingInputStream extends InputStream {
        private final InputStream in;
        private final ByteArrayOutputStream recorded = new ByteArrayOutputStream();

        RecordingInputStream(InputStream in) {
            this.in = new java.io.BufferedInputStream(in);
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b != -1) {
                recorded.write(b);
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
            if (n > 0) {
                recorded.write(b, off, n);
            }
            return n;
        }

        /** The bytes read since the last call. */
        byte[] takeRecorded() {
            byte[] bytes = recorded.toByteArray();
            recorded.reset();
            return bytes;
        }

        @Override
        public long transferTo(OutputStream out) throws IOException {
            recorded.reset();
            return in.transferTo(out);
        }
    }
}
