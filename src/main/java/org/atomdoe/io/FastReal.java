package org.atomdoe.io;

import ch.randelshofer.fastdoubleparser.JavaDoubleParser;

/**
 * Decimal text to double, correctly rounded, straight from bytes.
 *
 * <p>Fast path (Clinger 1990, "How to read floating point numbers accurately"): when the decimal
 * significand {@code m} has at most 15 digits it is exact in a double, as is {@code 10^k} for
 * {@code k <= 22}, so {@code m / 10^k} or {@code m * 10^k} is one correctly rounded IEEE operation.
 * That covers the fixed-point columns of nearly every XYZ file. Anything else goes to
 * FastDoubleParser, which is also correctly rounded.
 */
final class FastReal {
    static final double[] POW10 = new double[23];

    static {
        double p = 1;
        for (int k = 0; k < POW10.length; k++, p *= 10) POW10[k] = p;
    }

    private FastReal() {}

    /** Parses {@code b[from, to)}; throws {@link NumberFormatException} on text that is not a real. */
    static double parse(byte[] b, int from, int to) {
        int p = from;
        boolean neg = false;
        if (p < to && (b[p] == '-' || b[p] == '+')) neg = b[p++] == '-';
        long m = 0;
        int digits = 0, fracDigits = 0;
        boolean dot = false;
        for (; p < to; p++) {
            int c = b[p];
            if (c >= '0' && c <= '9') {
                if (m != 0 || c != '0') digits++;
                m = m * 10 + (c - '0');
                if (dot) fracDigits++;
                if (digits > 15) return slow(b, from, to);
            } else if (c == '.' && !dot) {
                dot = true;
            } else {
                break;
            }
        }
        int mantissaEnd = p;
        boolean anyDigit = mantissaEnd - from - (neg || (from < to && b[from] == '+') ? 1 : 0) - (dot ? 1 : 0) > 0;
        if (!anyDigit) return slow(b, from, to);
        int exp = 0;
        if (p < to) {
            if (b[p] != 'e' && b[p] != 'E') return slow(b, from, to);
            p++;
            boolean eneg = false;
            if (p < to && (b[p] == '-' || b[p] == '+')) eneg = b[p++] == '-';
            int expStart = p;
            for (; p < to; p++) {
                int c = b[p];
                if (c < '0' || c > '9' || exp > 1000) return slow(b, from, to);
                exp = exp * 10 + (c - '0');
            }
            if (p == expStart) return slow(b, from, to);
            if (eneg) exp = -exp;
        }
        int k = exp - fracDigits;
        double v;
        if (m == 0) v = 0;
        else if (k == 0) v = m;
        else if (k < 0 && k >= -22) v = m / POW10[-k];
        else if (k > 0 && k <= 22) v = m * POW10[k];
        else return slow(b, from, to);
        return neg ? -v : v;
    }

    /** Whether all 8 bytes of {@code w} are ASCII digits. */
    static boolean isEightDigits(long w) {
        // each byte in 0x30..0x39: high nibble 3, and adding 6 does not carry into the high nibble
        return ((w & 0xF0F0F0F0F0F0F0F0L) | (((w + 0x0606060606060606L) & 0xF0F0F0F0F0F0F0F0L) >>> 4)) == 0x3333333333333333L;
    }

    /**
     * The value of 8 ASCII digits packed little-endian in {@code w} (first digit most significant),
     * combined pairwise with three multiplications (SWAR; D. Lemire, "Number parsing at a gigabyte
     * per second", Softw. Pract. Exp. 51, 2021). Requires {@link #isEightDigits}.
     */
    static long eightDigits(long w) {
        long v = w - 0x3030303030303030L;
        v = (v * 10) + (v >>> 8); // each even byte: two digits
        return (((v & 0x000000FF000000FFL) * (100 + (1000000L << 32)))
                + (((v >>> 16) & 0x000000FF000000FFL) * (1 + (10000L << 32)))) >>> 32;
    }

    private static double slow(byte[] b, int from, int to) {
        return JavaDoubleParser.parseDouble(b, from, to - from);
    }
}
