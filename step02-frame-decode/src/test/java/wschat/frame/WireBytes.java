package wschat.frame;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.util.HexFormat;

/**
 * Builds frames byte by byte for the tests, straight from the §5.2 diagram and independently of
 * the code under test, and shows bytes in hex.
 */
final class WireBytes {

    private WireBytes() {
    }

    static byte[] hex(String hex) {
        return HexFormat.of().parseHex(hex.replace(" ", ""));
    }

    /** "81 85 37 fa ..." */
    static String hex(byte[] bytes) {
        return HexFormat.ofDelimiter(" ").formatHex(bytes);
    }

    /** Hex of at most the first 24 bytes, for long frames. */
    static String shortHex(byte[] bytes) {
        if (bytes.length <= 24) {
            return hex(bytes);
        }
        return HexFormat.ofDelimiter(" ").formatHex(bytes, 0, 24) + " ... (" + bytes.length + " bytes)";
    }

    /**
     * A frame as a client sends it: byte 0 as given, MASK set, the shortest length form, the key,
     * then the payload XORed with the key.
     */
    static byte[] clientFrame(int byte0, byte[] key, byte[] payload) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(byte0);
        writeLength(out, 0x80, payload.length);
        out.writeBytes(key);
        for (int i = 0; i < payload.length; i++) {
            out.write(payload[i] ^ key[i % 4]);
        }
        return out.toByteArray();
    }

    /** A frame as a server sends it: byte 0 as given, MASK clear, the shortest length form, the payload. */
    static byte[] serverFrame(int byte0, byte[] payload) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(byte0);
        writeLength(out, 0x00, payload.length);
        out.writeBytes(payload);
        return out.toByteArray();
    }

    private static void writeLength(ByteArrayOutputStream out, int maskBit, long length) {
        if (length <= 125) {
            out.write(maskBit | (int) length);
        } else if (length <= 0xFFFF) {
            out.write(maskBit | 126);
            out.write((int) (length >>> 8));
            out.write((int) length & 0xFF);
        } else {
            out.write(maskBit | 127);
            for (int shift = 56; shift >= 0; shift -= 8) {
                out.write((int) (length >>> shift) & 0xFF);
            }
        }
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    static InputStream stream(byte[] bytes) {
        return new ByteArrayInputStream(bytes);
    }

    /** Hands out at most one byte per read, like a slow network that splits every frame. */
    static InputStream trickle(byte[] bytes) {
        ByteArrayInputStream in = new ByteArrayInputStream(bytes);
        return new InputStream() {
            @Override
            public int read() {
                return in.read();
            }

            @Override
            public int read(byte[] b, int off, int len) {
                return len == 0 ? 0 : in.read(b, off, 1);
            }
        };
    }
}
