package org.atomdoe.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class FastRealTest {
    static double parse(String s) {
        byte[] b = s.getBytes(StandardCharsets.US_ASCII);
        return FastReal.parse(b, 0, b.length);
    }

    @Test
    void agreesWithJavaBitForBit() {
        String[] fixed = {"0", "-0.0", "+1.5", "3.65760000", "-0.00683500", "1e-300", "1.7976931348623157E308",
                "4.9e-324", "123456789012345678", "0.1", "0.30000000000000004", ".5", "5.", "-1.25e-7", "2E+22",
                "9007199254740993", "1e23", "00000000000000000001.5"};
        for (String s : fixed) {
            assertEquals(Double.doubleToRawLongBits(Double.parseDouble(s)), Double.doubleToRawLongBits(parse(s)), s);
        }
        SplittableRandom rnd = new SplittableRandom(3);
        for (int k = 0; k < 200_000; k++) {
            double v = (rnd.nextDouble() - 0.5) * Math.pow(10, rnd.nextInt(-8, 9));
            String s = switch (k % 4) {
                case 0 -> Double.toString(v);
                case 1 -> String.format("%.8f", v);
                case 2 -> String.format("%.17g", v);
                default -> String.format("%16.12e", v);
            };
            assertEquals(Double.doubleToRawLongBits(Double.parseDouble(s)), Double.doubleToRawLongBits(parse(s)), s);
        }
    }

    @Test
    void rejectsNonNumbers() {
        for (String s : new String[] {"abc", "-", ".", "1.2.3", "1e", "1x", "e5"}) {
            assertThrows(NumberFormatException.class, () -> parse(s), s);
        }
    }
}
