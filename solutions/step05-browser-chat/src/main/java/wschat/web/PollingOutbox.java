package wschat.web;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import wschat.frame.Frame;
import wschat.frame.FrameDecoder;
import wschat.frame.Opcode;
import wschat.server.Outbox;

/**
 * The outbox of a long-polling member: it has no socket to write to. The room hands it the same
 * encoded frames as every other member's; it reads the text back out of each frame and keeps it in
 * the poller's {@link MessageLog}, where the next poll finds it.
 */
final class PollingOutbox extends Outbox {

    private final MessageLog log;
    private final Runnable onClose;
    /** The room's frames are a server's: unmasked (§5.1), and as long as the room made them. */
    private final FrameDecoder decoder = FrameDecoder.forClient(Integer.MAX_VALUE);

    /** {@code onClose} runs once the room closes this member (the server stops). */
    PollingOutbox(MessageLog log, Runnable onClose) {
        this.log = log;
        this.onClose = onClose;
    }

    @Override
    public boolean send(byte[] frameBytes) {
        Frame frame;
        try {
            frame = decoder.readFrame(new ByteArrayInputStream(frameBytes));
        } catch (IOException e) {
            throw new UncheckedIOException("the room sent a frame that does not decode", e);
        }
        if (frame.opcode() == Opcode.TEXT) {
            log.append(frame.text()); // the room only sends text: "name: text" and "* ..." notices
        }
        return true;
    }

    @Override
    public void close(int code, String reason) {
        log.close();
        onClose.run();
    }
}
