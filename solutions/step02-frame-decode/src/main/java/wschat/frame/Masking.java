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
        // BEGIN exercise 1
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (data[i] ^ maskingKey[i % 4]); // j = i MOD 4; transformed-octet-i = original-octet-i XOR masking-key-octet-j
        }
        return data;
        // INSTEAD
        // // TODO exercise 1
        // throw new UnsupportedOperationException("TODO step 02, exercise 1: write Masking.apply - XOR octet i of"
        //         + " data with octet i % 4 of the key, in place (RFC 6455 §5.3)."
        //         + " Read step02-frame-decode/README.md, \"Exercise 1\". Stuck? step02-frame-decode/HINTS.md");
        // END exercise 1
    }
}
