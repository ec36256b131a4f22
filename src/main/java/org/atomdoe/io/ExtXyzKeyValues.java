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
        boolean inValue = false, escaped = false, any = false;
        char closing = 0;
        int openedAt = -1;
        String s = line.strip();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            StringBuilder cur = inValue ? value : key;
            if (escaped) {
                cur.append(c);
                escaped = false;
                any = true;
            } else if (c == '\\') {
                escaped = true;
            } else if (closing != 0) {
                if (c == closing) closing = 0;
                else cur.append(c);
            } else if (c == '"' || c == '\'' || c == '{' || c == '[') {
                closing = switch (c) {
                    case '{' -> '}';
                    case '[' -> ']';
                    default -> c;
                };
                openedAt = i;
                any = true;
            } else if (Character.isWhitespace(c)) {
                if (any) {
                    out.add(new Raw(key.toString(), inValue ? value.toString() : "T", inValue));
                    key.setLength(0);
                    value.setLength(0);
                    inValue = false;
                    any = false;
                }
            } else if (c == '=') {
                if (inValue) value.append('='); // ASE joins further '=' into the value
                inValue = true;
                any = true;
            } else {
                cur.append(c);
                any = true;
            }
        }
        if (closing != 0) {
            throw new IllegalArgumentException("unterminated " + s.charAt(openedAt) + " opened at column "
                    + (openedAt + 1 + (line.length() - line.stripLeading().length()))
                    + ": expected a closing " + closing + " before the end of the line");
        }
        if (any) out.add(new Raw(key.toString(), inValue ? value.toString() : "T", inValue));
        for (Raw r : out) {
            if (r.key.isEmpty()) {
                throw new IllegalArgumentException("expected key=value, found a value without a key: '" + r.value + "'");
            }
        }
        return out;
    }

    /** Parses and types the whole comment line; keys keep their order. */
    static Map<String, Object> parse(String line) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Raw r : split(line)) {
            out.put(r.key, r.key.equalsIgnoreCase("uid") ? r.value : typed(r.value));
        }
        return out;
    }

    /** Converts a value string to Long, Double, Boolean, long[], double[], boolean[] or String. */
    static Object typed(String value) {
        String[] parts = tokens(value);
        if (parts.length == 0) return value;
        long[] ints = new long[parts.length];
        boolean allInts = true;
        for (int k = 0; k < parts.length && allInts; k++) {
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
                return Double.parseDouble(t);
            }
        }
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
