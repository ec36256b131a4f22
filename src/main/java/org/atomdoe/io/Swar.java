package org.atomdoe.io;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Byte scans eight bytes at a time in a {@code long} (SWAR, "SIMD within a register"; plain Java,
 * no Vector API), used on the parser's hot paths: finding the next newline and skipping the runs
 * of blanks that pad the columns of atom lines. Each has the obvious byte loop as its meaning and
 * tests compare them at every offset and length.
 *
 * <p>Per-byte tests follow H. S. Warren, <i>Hacker's Delight</i> (2nd ed., section 6-1): for
 * {@code x = w XOR pattern}, {@code ((x & 0x7F..) + 0x7F..) | x} has the high bit of each byte set
 * exactly when that byte of {@code w} differs from the pattern byte (no borrow between bytes), so the
 * lowest set bit names the first differing byte.
 */
final class Swar {
    private static final long ONES_7F = 0x7F7F7F7F7F7F7F7FL, HIGH = 0x8080808080808080L;
    private static final long NEWLINES = 0x0A0A0A0A0A0A0A0AL, SPACES = 0x2020202020202020L, TABS = 0x0909090909090909L;
    private static final VarHandle LONG_LE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private Swar() {}

    /** The 8 bytes {@code b[p..p+8)} as a little-endian long (the first byte lowest). */
    static long eightBytes(byte[] b, int p) {
        return (long) LONG_LE.get(b, p);
    }

    /** High bit of each byte of {@code w} set where that byte differs from the byte repeated in {@code pattern}. */
    private static long differs(long w, long pattern) {
        long x = w ^ pattern;
        return (((x & ONES_7F) + ONES_7F) | x) & HIGH;
    }

    /** Index of the first {@code '\n'} in {@code b[from, to)}, or {@code to}. */
    static int indexOfNewline(byte[] b, int from, int to) {
        int i = from;
        for (; to - i >= 8; i += 8) {
            long eq = ~differs(eightBytes(b, i), NEWLINES) & HIGH;
            if (eq != 0) return i + (Long.numberOfTrailingZeros(eq) >>> 3);
        }
        for (; i < to; i++) if (b[i] == '\n') return i;
        return to;
    }

    /** Index of the first byte of {@code b[from, to)} that is neither a space nor a tab, or {@code to}. */
    static int skipBlanks(byte[] b, int from, int to) {
        int i = from;
        // most gaps are short: look at one byte before loading eight
        if (i < to && b[i] != ' ' && b[i] != '\t') return i;
        for (; to - i >= 8; i += 8) {
            long w = eightBytes(b, i);
            long other = differs(w, SPACES) & differs(w, TABS);
            if (other != 0) return i + (Long.numberOfTrailingZeros(other) >>> 3);
        }
        for (; i < to; i++) if (b[i] != ' ' && b[i] != '\t') return i;
        return to;
    }
}
