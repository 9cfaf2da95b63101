package wschat.frame;

/**
 * Client-to-server masking, RFC 6455 §5.3: octet i of the data is XORed with octet i MOD 4 of the
 * masking key. The same operation masks and unmasks.
 */
public final class Masking {

    private Masking() {
    }

    /** XORs {@code data} in place with the 4-byte {@code maskingKey}, and returns it. */
    public static byte[] apply(byte[] data, byte[] maskingKey) {
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (data[i] ^ maskingKey[i % 4]); // j = i MOD 4; transformed-octet-i = original-octet-i XOR masking-key-octet-j
        }
        return data;
    }
}
