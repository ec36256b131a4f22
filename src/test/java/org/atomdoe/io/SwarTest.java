package org.atomdoe.io;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@link Swar}'s eight-byte scans against the plain byte loops, at every offset and length up to 70, a prime and 1021. */
class SwarTest {
    private static int newlineScalar(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) if (b[i] == '\n') return i;
        return to;
    }

    private static int blanksScalar(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) if (b[i] != ' ' && b[i] != '\t') return i;
        return to;
    }

    // bytes that stress the per-byte tests: the targets, their neighbours, high-bit bytes (0x80, 0x8A, 0xA0, 0xFF)
    private static final byte[] ALPHABET = {' ', ' ', ' ', '\t', '\n', '\r', 0x0B, 0x1F, 0x21, '0', 'x', (byte) 0x80,
            (byte) 0x8A, (byte) 0x89, (byte) 0xA0, (byte) 0xFF, 0};

    @Test
    void agreeWithByteLoopsAtEveryOffsetAndLength() {
        Random rnd = new Random(3);
        int[] sizes = new int[73];
        for (int n = 1; n <= 70; n++) sizes[n - 1] = n;
        sizes[70] = 97;
        sizes[71] = 1021;
        sizes[72] = 8;
        for (int n : sizes) {
            for (int trial = 0; trial < 20; trial++) {
                byte[] b = new byte[n + 16];
                // long runs of one byte (blanks, no newline) then a single different byte, or random bytes
                int mode = trial % 3;
                for (int i = 0; i < b.length; i++) {
                    b[i] = mode == 2 ? ALPHABET[rnd.nextInt(ALPHABET.length)] : (mode == 0 ? (byte) ' ' : (byte) '\t');
                }
                if (mode != 2) b[rnd.nextInt(b.length)] = ALPHABET[rnd.nextInt(ALPHABET.length)];
                for (int from = 0; from <= Math.min(n, 17); from++) {
                    int to = n;
                    assertEquals(newlineScalar(b, from, to), Swar.indexOfNewline(b, from, to), "newline n=" + n + " from=" + from);
                    assertEquals(blanksScalar(b, from, to), Swar.skipBlanks(b, from, to), "blanks n=" + n + " from=" + from);
                }
            }
        }
    }

    @Test
    void findsTheTargetInEveryLane() {
        for (int n = 1; n <= 40; n++) {
            for (int at = 0; at < n; at++) {
                byte[] nl = new byte[n];
                java.util.Arrays.fill(nl, (byte) 'a');
                nl[at] = '\n';
                assertEquals(at, Swar.indexOfNewline(nl, 0, n));
                assertEquals(n, Swar.indexOfNewline(nl, at + 1, n));
                byte[] bl = new byte[n];
                java.util.Arrays.fill(bl, (byte) ' ');
                bl[at] = (byte) (at % 2 == 0 ? 'B' : 0xA0); // 0xA0 differs from ' ' (0x20) only in the high bit
                assertEquals(at, Swar.skipBlanks(bl, 0, n));
            }
        }
    }
}
