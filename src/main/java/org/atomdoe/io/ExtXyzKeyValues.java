package org.atomdoe.io;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses the comment line of an extended-XYZ frame into typed key/values, following ASE's
 * {@code key_val_str_to_dict} (ase/io/extxyz.py): whitespace separates pairs; values may be
 * delimited by {@code "..."}, {@code '...'}, <code>{...}</code> or {@code [...]}; backslash
 * escapes the next character; a key without {@code =} means {@code T}. Values become, in order of
 * preference: integers, reals, booleans ({@code T F True False true false TRUE FALSE}), arrays of
 * those (split on whitespace and commas), or the string itself.
 *
 * <p>Unlike ASE, an unterminated quote or bracket is an error instead of being silently closed.
 */
final class ExtXyzKeyValues {
    private ExtXyzKeyValues() {}

    /** A raw key/value pair before typing. */
    record Raw(String key, String value, boolean hadValue) {}

    /** Splits the line into raw pairs; throws {@link IllegalArgumentException} with a reason. */
    static List<Raw> split(String line) {
        List<Raw> out = new ArrayList<>();
        StringBuilder key = new StringBuilder();
        StringBuilder value = new StringBuilder();
        boolean inValue = false, any = false;
        String s = line.strip();
        int n = s.length();
        int i = 0;
        while (i < n) {
            char c = s.charAt(i);
            StringBuilder cur = inValue ? value : key;
            if (c == '\\') {
                if (i + 1 < n) cur.append(s.charAt(i + 1));
                any = true;
                i += 2;
            } else if (c == '"' || c == '\'' || c == '{' || c == '[') {
                char closing = c == '{' ? '}' : c == '[' ? ']' : c;
                int j = i + 1;
                while (j < n && s.charAt(j) != closing) {
                    if (s.charAt(j) == '\\' && j + 1 < n) {
                        cur.append(s, i + 1, j).append(s.charAt(j + 1));
                        i = j + 1; // continue the quoted run after the escaped character
                        j += 2;
                        continue;
                    }
                    j++;
                }
                if (j >= n) {
                    int col = i + 1 + (line.length() - line.stripLeading().length());
                    throw new IllegalArgumentException("unterminated " + c + " opened at column " + col
                            + ": expected a closing " + closing + " before the end of the line");
                }
                cur.append(s, i + 1, j);
                any = true;
                i = j + 1;
            } else if (c == ' ' || c == '\t' || Character.isWhitespace(c)) {
                int j = i + 1;
                while (j < n && Character.isWhitespace(s.charAt(j))) j++;
                boolean equalsFollows = j < n && s.charAt(j) == '=';
                boolean valueExpected = inValue && value.length() == 0 && s.charAt(i - 1) == '=';
                if (equalsFollows || valueExpected) {
                    i = j; // ASE allows spaces around '=' ("Lattice = \"...\"")
                    continue;
                }
                if (any) {
                    out.add(new Raw(key.toString(), inValue ? value.toString() : "T", inValue));
                    key.setLength(0);
                    value.setLength(0);
                    inValue = false;
                    any = false;
                }
                i = j; // past the whole blank run: stepping one blank at a time rescans it (quadratic)
            } else if (c == '=') {
                if (inValue) value.append('='); // ASE joins further '=' into the value
                inValue = true;
                any = true;
                i++;
            } else {
                int j = i + 1;
                while (j < n) {
                    char d = s.charAt(j);
                    if (d == '=' || d == '"' || d == '\'' || d == '{' || d == '[' || d == '\\' || Character.isWhitespace(d)) break;
                    j++;
                }
                cur.append(s, i, j);
                any = true;
                i = j;
            }
        }
        if (any) out.add(new Raw(key.toString(), inValue ? value.toString() : "T", inValue));
        for (Raw r : out) {
            if (r.key.isEmpty()) {
                throw new IllegalArgumentException("expected key=value, found a value without a key: '" + r.value + "'");
            }
        }
        return out;
    }

    /**
     * Parses and types a comment line given as bytes. Plain ASCII lines without backslashes (nearly
     * all) are split straight from the bytes; anything else goes through {@link #parse(String)}.
     */
    static Map<String, Object> parse(byte[] b, int start, int end) {
        return parse(b, start, end, null);
    }

    /**
     * The fields of the previous comment line, by position: consecutive frames of a pool repeat most
     * keys and many values ({@code Properties}, {@code pbc}, {@code config_type}), so a field whose
     * bytes equal the remembered ones reuses the decoded key and the typed value instead of decoding
     * and typing them again (typing a value is the costly part). Values are immutable or copied, so
     * frames never share mutable arrays. One memo belongs to one reader (not thread-safe).
     */
    static final class Memo {
        private byte[][] keyBytes = new byte[8][], valueBytes = new byte[8][];
        private String[] keys = new String[8];
        private Object[] values = new Object[8];

        private void room(int f) {
            if (f < keys.length) return;
            int n = Math.max(f + 1, keys.length * 2);
            keyBytes = java.util.Arrays.copyOf(keyBytes, n);
            valueBytes = java.util.Arrays.copyOf(valueBytes, n);
            keys = java.util.Arrays.copyOf(keys, n);
            values = java.util.Arrays.copyOf(values, n);
        }

        /** The key of field {@code f}, spelled by {@code b[from, to)}. */
        String key(int f, byte[] b, int from, int to) {
            room(f);
            byte[] k = keyBytes[f];
            if (k != null && java.util.Arrays.equals(k, 0, k.length, b, from, to)) return keys[f];
            keyBytes[f] = java.util.Arrays.copyOfRange(b, from, to);
            valueBytes[f] = null; // the value slot belongs to the key
            return keys[f] = new String(b, from, to - from, java.nio.charset.StandardCharsets.ISO_8859_1);
        }

        /** The typed value of field {@code f} (whose key was just given to {@link #key}), spelled by {@code b[from, to)}. */
        Object value(int f, byte[] b, int from, int to) {
            byte[] v = valueBytes[f];
            Object t;
            if (v != null && java.util.Arrays.equals(v, 0, v.length, b, from, to)) {
                t = values[f];
            } else {
                t = isUid(keys[f]) ? new String(b, from, to - from, java.nio.charset.StandardCharsets.ISO_8859_1) : typed(b, from, to);
                valueBytes[f] = java.util.Arrays.copyOfRange(b, from, to);
                values[f] = t;
            }
            // arrays are mutable: each frame gets its own copy
            if (t instanceof double[] d) return d.clone();
            if (t instanceof long[] l) return l.clone();
            if (t instanceof boolean[] z) return z.clone();
            return t;
        }
    }

    /** As {@link #parse(byte[], int, int)}, reusing the fields that {@code memo} (may be null) remembers. */
    static Map<String, Object> parse(byte[] b, int start, int end, Memo memo) {
        for (int i = start; i < end; i++) {
            if (b[i] < 0 || b[i] == '\\' || (b[i] < 0x20 && b[i] != '\t')) {
                return parse(new String(b, start, end - start, java.nio.charset.StandardCharsets.UTF_8));
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        int i = start, field = 0;
        while (i < end && isBlank(b[i])) i++;
        while (i < end) {
            // key
            int ks = i;
            while (i < end && b[i] != '=' && !isBlank(b[i]) && !isOpen(b[i])) i++;
            if (i < end && isOpen(b[i])) return parse(new String(b, start, end - start, java.nio.charset.StandardCharsets.UTF_8));
            int ke = i;
            int j = i;
            while (j < end && isBlank(b[j])) j++;
            if (ke == ks) return parse(new String(b, start, end - start, java.nio.charset.StandardCharsets.UTF_8));
            String key = memo == null ? new String(b, ks, ke - ks, java.nio.charset.StandardCharsets.ISO_8859_1) : memo.key(field, b, ks, ke);
            if (j >= end || b[j] != '=') {
                out.put(key, isUid(key) ? "T" : typed("T"));
                field++;
                i = j;
                continue;
            }
            i = j + 1;
            while (i < end && isBlank(b[i])) i++;
            int vs, ve;
            if (i < end && isOpen(b[i])) {
                byte close = b[i] == '{' ? (byte) '}' : b[i] == '[' ? (byte) ']' : b[i];
                vs = ++i;
                while (i < end && b[i] != close) i++;
                if (i >= end) return parse(new String(b, start, end - start, java.nio.charset.StandardCharsets.UTF_8)); // reports the error
                ve = i;
                i++;
                if (i < end && !isBlank(b[i])) return parse(new String(b, start, end - start, java.nio.charset.StandardCharsets.UTF_8));
            } else {
                vs = i;
                while (i < end && !isBlank(b[i])) {
                    if (isOpen(b[i]) || b[i] == '=') return parse(new String(b, start, end - start, java.nio.charset.StandardCharsets.UTF_8));
                    i++;
                }
                ve = i;
            }
            if (memo != null) {
                out.put(key, memo.value(field, b, vs, ve));
            } else {
                String value = new String(b, vs, ve - vs, java.nio.charset.StandardCharsets.ISO_8859_1);
                out.put(key, isUid(key) ? value : typed(value));
            }
            field++;
            while (i < end && isBlank(b[i])) i++;
        }
        return out;
    }

    private static boolean isBlank(byte c) {
        return c == ' ' || c == '\t' || c == '\r' || c == 0x0b || c == 0x0c;
    }

    private static boolean isOpen(byte c) {
        return c == '"' || c == '\'' || c == '{' || c == '[';
    }

    /** Parses and types the whole comment line; keys keep their order. */
    static Map<String, Object> parse(String line) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Raw r : split(line)) {
            out.put(r.key, isUid(r.key) ? r.value : typed(r.value));
        }
        return out;
    }

    /** False for values that cannot be numbers or booleans, judged by the first token's first character. */
    private static boolean mayBeTyped(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == ' ' || c == '\t' || c == ',') continue;
            return (c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.'
                    || c == 'T' || c == 'F' || c == 't' || c == 'f' || c == 'n' || c == 'N' || c == 'i' || c == 'I';
        }
        return false;
    }

    private static boolean isSingleToken(String v) {
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c == ' ' || c == ',' || c == '\t' || Character.isWhitespace(c)) return false;
        }
        return !v.isEmpty();
    }

    private static boolean isUid(String key) {
        return key.length() == 3 && key.equalsIgnoreCase("uid");
    }

    /**
     * {@link #typed(String)} of the ISO-8859-1 text {@code b[from, to)}, with a byte-level path for the
     * common numeric values (energies, {@code Lattice}, stress): text made only of digits, signs, points,
     * exponent letters and single spaces is split at the spaces and each token parsed in place
     * ({@link FastReal}, correctly rounded like the String path); anything else, or a token either path
     * would reject, goes through {@link #typed(String)}, so both give the same value.
     */
    static Object typed(byte[] b, int from, int to) {
        int tokens = 0;
        boolean allInts = true;
        for (int i = from; i < to; ) {
            int c = b[i];
            if (c == ' ') {
                i++;
                continue;
            }
            int ts = i;
            boolean intLike = true;
            for (; i < to && (c = b[i]) != ' '; i++) {
                if (c >= '0' && c <= '9') continue;
                if (c == '-' || c == '+') {
                    if (i != ts) intLike = false;
                } else if (c == '.' || c == 'e' || c == 'E') {
                    intLike = false;
                } else {
                    return typed(new String(b, from, to - from, java.nio.charset.StandardCharsets.ISO_8859_1));
                }
            }
            int digits = i - ts - (b[ts] == '-' || b[ts] == '+' ? 1 : 0);
            if (intLike && digits > 18) {
                // Long.parseLong decides (it takes some 19-digit values): leave it to the String path
                return typed(new String(b, from, to - from, java.nio.charset.StandardCharsets.ISO_8859_1));
            }
            if (digits < 1) intLike = false;
            allInts &= intLike;
            tokens++;
        }
        if (tokens == 0) return typed(new String(b, from, to - from, java.nio.charset.StandardCharsets.ISO_8859_1));
        long[] ints = allInts ? new long[tokens] : null;
        double[] reals = allInts ? null : new double[tokens];
        int k = 0;
        for (int i = from; i < to; ) {
            if (b[i] == ' ') {
                i++;
                continue;
            }
            int ts = i;
            while (i < to && b[i] != ' ') i++;
            if (allInts) {
                long v = 0;
                int p = ts;
                boolean neg = b[p] == '-';
                if (b[p] == '-' || b[p] == '+') p++;
                for (; p < i; p++) v = v * 10 + (b[p] - '0');
                ints[k++] = neg ? -v : v;
            } else {
                try {
                    reals[k++] = FastReal.parse(b, ts, i);
                } catch (NumberFormatException e) {
                    return typed(new String(b, from, to - from, java.nio.charset.StandardCharsets.ISO_8859_1));
                }
            }
        }
        if (allInts) return tokens == 1 ? (Object) ints[0] : ints;
        return tokens == 1 ? (Object) reals[0] : reals;
    }

    /** Converts a value string to Long, Double, Boolean, long[], double[], boolean[] or String. */
    static Object typed(String value) {
        if (!mayBeTyped(value)) return value;
        String[] parts = isSingleToken(value) ? new String[] {value} : tokens(value);
        if (parts.length == 0) return value;
        long[] ints = new long[parts.length];
        boolean allInts = true;
        for (int k = 0; k < parts.length && allInts; k++) {
            if (!looksInteger(parts[k])) {
                allInts = false;
                break;
            }
            try {
                ints[k] = Long.parseLong(parts[k]);
            } catch (NumberFormatException e) {
                allInts = false;
            }
        }
        if (allInts) return parts.length == 1 ? (Object) ints[0] : ints;
        double[] reals = new double[parts.length];
        boolean allReals = true;
        for (int k = 0; k < parts.length && allReals; k++) {
            if (!looksReal(parts[k])) {
                allReals = false;
                break;
            }
            try {
                reals[k] = parseReal(parts[k]);
            } catch (NumberFormatException e) {
                allReals = false;
            }
        }
        if (allReals) return parts.length == 1 ? (Object) reals[0] : reals;
        boolean[] bools = new boolean[parts.length];
        for (int k = 0; k < parts.length; k++) {
            Boolean b = bool(parts[k]);
            if (b == null) return value;
            bools[k] = b;
        }
        return parts.length == 1 ? (Object) bools[0] : bools;
    }

    /** A real as Python's float() reads it (no hex, no trailing 'd'/'f' suffixes). */
    static double parseReal(String s) {
        String t = s.strip();
        if (t.isEmpty()) throw new NumberFormatException("empty");
        char last = t.charAt(t.length() - 1);
        if (last == 'd' || last == 'D' || last == 'f' || last == 'F' || t.startsWith("0x") || t.startsWith("0X")) {
            if (!t.equalsIgnoreCase("inf") && !t.equalsIgnoreCase("-inf") && !t.equalsIgnoreCase("+inf")) {
                throw new NumberFormatException(s);
            }
        }
        switch (t.toLowerCase()) {
            case "nan", "+nan", "-nan" -> {
                return Double.NaN;
            }
            case "inf", "+inf", "infinity", "+infinity" -> {
                return Double.POSITIVE_INFINITY;
            }
            case "-inf", "-infinity" -> {
                return Double.NEGATIVE_INFINITY;
            }
            default -> {
                return ch.randelshofer.fastdoubleparser.JavaDoubleParser.parseDouble(t);
            }
        }
    }

    // Cheap pre-checks: exceptions are slow, and most string values (config_type, source) fail fast here.
    private static boolean looksInteger(String s) {
        int i = (s.charAt(0) == '-' || s.charAt(0) == '+') ? 1 : 0;
        if (i == s.length()) return false;
        for (; i < s.length(); i++) if (s.charAt(i) < '0' || s.charAt(i) > '9') return false;
        return true;
    }

    private static boolean looksReal(String s) {
        boolean digit = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= '0' && c <= '9') digit = true;
            else if (c != '.' && c != '-' && c != '+' && c != 'e' && c != 'E') {
                return endsWithIgnoreCase(s, "nan") || endsWithIgnoreCase(s, "inf") || endsWithIgnoreCase(s, "infinity");
            }
        }
        return digit;
    }

    private static boolean endsWithIgnoreCase(String s, String suffix) {
        return s.length() <= suffix.length() + 1
                && s.regionMatches(true, s.length() - suffix.length(), suffix, 0, suffix.length());
    }

    static Boolean bool(String s) {
        return switch (s) {
            case "T", "True", "true", "TRUE" -> Boolean.TRUE;
            case "F", "False", "false", "FALSE" -> Boolean.FALSE;
            default -> null;
        };
    }

    static String[] tokens(String value) {
        List<String> parts = new ArrayList<>();
        int i = 0, n = value.length();
        while (i < n) {
            while (i < n && (Character.isWhitespace(value.charAt(i)) || value.charAt(i) == ',')) i++;
            int start = i;
            while (i < n && !Character.isWhitespace(value.charAt(i)) && value.charAt(i) != ',') i++;
            if (i > start) parts.add(value.substring(start, i));
        }
        return parts.toArray(new String[0]);
    }
}
