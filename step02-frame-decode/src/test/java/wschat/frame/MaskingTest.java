package wschat.frame;

import static org.assertj.core.api.Assertions.assertThat;
import static wschat.frame.WireBytes.hex;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import wschat.course.RandomData;

@DisplayName("Exercise 1 - Masking: XOR with the key, octet i with key[i % 4] (RFC 6455 §5.3)")
class MaskingTest {

    @Test
    @DisplayName("the §5.7 example: \"Hello\" under key 37 fa 21 3d is 7f 9f 4d 51 58")
    void rfcExample() {
        byte[] data = "Hello".getBytes(StandardCharsets.UTF_8);
        byte[] result = Masking.apply(data, hex("37fa213d"));
        assertThat(hex(result)).as("Masking.apply(\"Hello\", 37 fa 21 3d), RFC 6455 §5.7")
                .isEqualTo("7f 9f 4d 51 58");
        assertThat(result).as("apply works in place and returns the same array").isSameAs(data);
    }

    @RepeatedTest(10)
    @Order(RandomData.LAST)
    @DisplayName("random data and keys, any length: each octet i XOR key[i % 4]; twice gives the data back")
    void randomData() {
        long seed = RandomData.newSeed();
        Random random = new Random(seed);
        byte[] key = new byte[4];
        random.nextBytes(key);
        byte[] data = new byte[random.nextInt(300)];
        random.nextBytes(data);

        byte[] expected = new byte[data.length];
        for (int i = 0; i < data.length; i++) {
            expected[i] = (byte) (data[i] ^ key[i % 4]);
        }
        byte[] masked = Masking.apply(data.clone(), key);
        RandomData.assertSameBytes(masked, expected, String.format("%d random bytes masked with key %s (§5.3: octet i "
                + "XOR key[i %% 4]; seed %d)", data.length, hex(key), seed));
        RandomData.assertSameBytes(Masking.apply(masked, key), data, String.format("masking twice restores the data "
                + "(§5.3; seed %d)", seed));
    }
}
