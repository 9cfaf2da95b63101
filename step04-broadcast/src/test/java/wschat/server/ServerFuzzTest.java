package wschat.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.EOFException;
import java.io.IOException;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import wschat.frame.CloseCode;
import wschat.frame.Frame;
import wschat.frame.FrameEncoder;
import wschat.frame.Opcode;

/** The three exercises together, fuzzed: broken frames from real connections; whatever comes, the server's answer is well-formed. */
@Tag("challenge")
@DisplayName("Exercises together - fuzzed: close codes on the wire are always valid, and TCP always ends (RFC 6455 §7.1.1, §7.4)")
class ServerFuzzTest extends ChatServerFixture {

    @Override
    ChatConfig config() {
        return ChatConfig.defaults().withPort(0).withMaxMessageBytes(4096);
    }

    @Test
    @DisplayName("200 connections each send a mutated frame: any close frame carries a code that may be sent "
            + "(never 1005, 1006 or 1015), and the server ends TCP after it")
    void mutatedFramesGetValidCloseCodes() throws IOException {
        long seed = Long.getLong("fuzz.seed", System.nanoTime());
        Random random = new Random(seed);
        try (ChatClient a = ChatClient.connect(server.port()); ChatClient b = ChatClient.connect(server.port())) {
            String nameA = a.awaitName();
            b.awaitName();
            for (int i = 0; i < 200; i++) {
                byte[] wire = mutate(random);
                String context = "case " + i + " of seed " + seed + " (replay: -Dfuzz.seed=" + seed + "), sent "
                        + HexFormat.ofDelimiter(" ").formatHex(wire, 0, Math.min(wire.length, 24));
                try (RawClient raw = RawClient.upgraded(server.port())) {
                    raw.awaitName();
                    raw.sendRaw(wire);
                    // Then a close frame and our FIN: whether the mutated frame was whole, cut, or promised
                    // more bytes than it sent, the exchange ends here and the server must answer it.
                    raw.sendFrame(new Frame(Opcode.CLOSE, ByteBuffer.allocate(2).putShort((short) 1000).array()));
                    raw.socket.shutdownOutput();
                    Frame close = readCloseOrEnd(raw);
                    assertThat(close).as("%s: the server's close frame (it answers our close, or fails the "
                            + "connection with its own)", context).isNotNull();
                    assertThat(close.payload().length).as("%s: the server's close frame carries a code", context)
                            .isGreaterThanOrEqualTo(2);
                    int code = RawClient.closeCode(close);
                    assertThat(CloseCode.isValidOnTheWire(code))
                            .as("%s: the server sent close code %d", context, code).isTrue();
                    assertThat(raw.serverClosesTcp()).as("%s: the server ends TCP", context).isTrue();
                }
            }
            a.send("after the fuzzing");
            b.awaitMessage(nameA + ": after the fuzzing");
        }
    }

    /** The server's close frame, or null if it ended the connection without one (e.g. after a reset). */
    static Frame readCloseOrEnd(RawClient raw) throws IOException {
        try {
            while (true) {
                Frame frame = raw.readFrame();
                if (frame.opcode() == Opcode.CLOSE) {
                    return frame;
                }
            }
        } catch (EOFException | SocketException e) {
            return null;
        }
    }

    /** A valid client frame with one random defect: a flipped bit, a random opcode, a wrong length, a cut. */
    static byte[] mutate(Random random) {
        byte[] payload = new byte[random.nextInt(300)];
        random.nextBytes(payload);
        Opcode[] opcodes = Opcode.values();
        Opcode opcode = opcodes[random.nextInt(opcodes.length)];
        if (opcode.isControl()) {
            payload = java.util.Arrays.copyOf(payload, Math.min(payload.length, 125));
        }
        byte[] key = new byte[4];
        random.nextBytes(key);
        byte[] wire = FrameEncoder.encodeMasked(new Frame(opcode, payload), key);
        switch (random.nextInt(4)) {
            case 0 -> wire[random.nextInt(Math.min(wire.length, 8))] ^= (byte) (1 << random.nextInt(8));
            case 1 -> wire[0] = (byte) ((wire[0] & 0xF0) | random.nextInt(16));
            case 2 -> wire[1] = (byte) (0x80 | random.nextInt(128));
            default -> wire = java.util.Arrays.copyOf(wire, random.nextInt(wire.length + 1));
        }
        return wire;
    }
}
