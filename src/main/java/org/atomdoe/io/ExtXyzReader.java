package org.atomdoe.io;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.atomdoe.structure.AtomArray;
import org.atomdoe.structure.Cell;
import org.atomdoe.structure.Elements;
import org.atomdoe.structure.Structure;

/**
 * Streaming reader of extended-XYZ files in ASE's dialect, one frame at a time, from a file, a
 * gzip file (detected by its magic bytes) or any input stream; memory is bounded by one frame.
 *
 * <p>A frame is: a line with the atom count N; a comment line of {@code key=value} pairs
 * ({@code Lattice="9 numbers"} with lattice vectors as rows, {@code Properties=name:T:ncols:...}
 * with T in R/I/L/S, {@code pbc="T T T"}, energy, stress, any other key; see
 * {@link ExtXyzKeyValues}); N atom lines with the columns that {@code Properties} declares.
 * Without {@code Properties} the columns are {@code species:S:1:pos:R:3}; without
 * {@code Lattice} the frame is non-periodic (plain XYZ). A {@code Lattice} without {@code pbc}
 * means periodic along all three axes, as in ASE.
 *
 * <p>Each frame's first line, byte offset and byte length in the source are recorded
 * ({@link #frameOffset()}, {@link #frameLength()}) so that selected frames can later be copied
 * byte for byte. Every malformed input raises {@link InputFormatException} naming the file and
 * line; nothing else escapes on bad input.
 */
public final class ExtXyzReader implements Closeable {
    private static final int BUFFER = 1 << 20;
    /**
     * Most values per atom line that {@code Properties} may declare. Declared counts are never
     * trusted for allocation (arrays grow with the atom lines actually read), but the per-token plan
     * is sized by this, so a comment line cannot ask for gigabytes.
     */
    static final int MAX_COLUMNS = 1 << 16;
    /** Longest line accepted (a longer one is an error, not an OutOfMemoryError). */
    static final int MAX_LINE = 1 << 30;

    private final String source;
    private final InputStream stream;
    private final boolean gzip;
    private final ByteLineReader lines;
    private int frameIndex = -1;
    /** The previous comment line's fields (most repeat from frame to frame). */
    private final ExtXyzKeyValues.Memo memo = new ExtXyzKeyValues.Memo();
    /** The last Properties value and its parsed layout (consecutive frames nearly always share it). */
    private String lastSpec;
    private Layout lastLayout;
    private long frameOffset = -1, frameLength = -1, frameLine = -1;

    /** Reads from {@code in}; {@code sourceName} is used in error messages. Gzip is detected. */
    public ExtXyzReader(InputStream in, String sourceName) throws IOException {
        this(in, sourceName, 1, 0);
    }

    /**
     * Reads a part of a larger file (see {@link ExtXyzChunks}): {@code in} starts at a frame's count
     * line, which is line {@code firstLine} at byte {@code firstOffset} of the whole file, so that
     * messages and recorded offsets refer to the whole file.
     */
    public ExtXyzReader(InputStream in, String sourceName, long firstLine, long firstOffset) throws IOException {
        this(in, sourceName, firstLine, firstOffset, BUFFER);
    }

    /** With a given initial line-buffer size (tests: a small one exercises refills and growth). */
    ExtXyzReader(InputStream in, String sourceName, int bufferSize) throws IOException {
        this(in, sourceName, 1, 0, bufferSize);
    }

    private ExtXyzReader(InputStream in, String sourceName, long firstLine, long firstOffset, int bufferSize) throws IOException {
        this.source = sourceName;
        InputStream buffered = in.markSupported() ? in : new BufferedInputStream(in, 1 << 16);
        buffered.mark(2);
        int b0 = buffered.read(), b1 = buffered.read();
        buffered.reset();
        this.gzip = b0 == 0x1f && b1 == 0x8b;
        try {
            this.stream = gzip ? new GZIPInputStream(buffered, 1 << 16) : buffered;
        } catch (java.util.zip.ZipException | java.io.EOFException e) {
            throw new InputFormatException(sourceName, 0, "expected a gzip header after the gzip magic bytes, found corrupt or truncated data ("
                    + e.getMessage() + ")", e);
        }
        this.lines = new ByteLineReader(stream, bufferSize, firstLine, firstOffset, MAX_LINE);
    }

    /** Opens a file ({@code -} reads standard input). */
    public static ExtXyzReader open(Path path) throws IOException {
        if (path.toString().equals("-")) return new ExtXyzReader(System.in, "<stdin>");
        return new ExtXyzReader(Files.newInputStream(path), path.toString());
    }

    /** Reads every frame of a file. */
    public static List<Structure> readAll(Path path) throws IOException {
        try (ExtXyzReader r = open(path)) {
            List<Structure> out = new ArrayList<>();
            for (Structure s; (s = r.next()) != null; ) out.add(s);
            return out;
        }
    }

    /** 0-based index of the frame last returned by {@link #next()}. */
    public int frameIndex() {
        return frameIndex;
    }

    /** Byte offset (in the decompressed stream) of the last frame's atom-count line. */
    public long frameOffset() {
        return frameOffset;
    }

    /** Number of bytes of the last frame, from its count line through its last atom line's newline. */
    public long frameLength() {
        return frameLength;
    }

    /** 1-based line number of the last frame's atom-count line. */
    public long frameLine() {
        return frameLine;
    }

    /** The source name used in messages. */
    public String source() {
        return source;
    }

    /** The next frame, or null at end of input. */
    public Structure next() {
        try {
            return readFrame();
        } catch (java.util.zip.ZipException | java.io.EOFException e) {
            // a damaged .gz is bad input like any other, not an I/O failure
            if (!gzip) throw new UncheckedIOException(source + ": " + e.getMessage(), e);
            throw new InputFormatException(source, lines.lineNumber(), "expected valid gzip data, found a corrupt or truncated stream ("
                    + e.getMessage() + ")", e);
        } catch (ByteLineReader.LineTooLongException e) {
            throw error("expected lines shorter than " + (MAX_LINE >> 20) + " MiB, found a longer one");
        } catch (IOException e) {
            throw new UncheckedIOException(source + ": " + e.getMessage(), e);
        }
    }

    private InputFormatException error(String detail) {
        return new InputFormatException(source, lines.lineNumber(), detail);
    }

    private Structure readFrame() throws IOException {
        // 1. atom count (blank lines between frames and at the end are tolerated)
        do {
            if (!lines.next()) return null;
        } while (lines.lineIsBlank());
        frameOffset = lines.lineOffset();
        frameLine = lines.lineNumber();
        int natoms = parseCount();

        // 2. comment line
        if (!lines.next()) {
            throw error("truncated frame: expected the comment line of the frame starting at line "
                    + frameLine + ", found the end of the file");
        }
        Map<String, Object> kv;
        try {
            kv = ExtXyzKeyValues.parse(lines.buffer(), lines.start(), lines.end(), memo);
        } catch (IllegalArgumentException e) {
            throw error("comment line: " + e.getMessage());
        }
        Header h = header(kv);

        // 3. atom lines
        Atoms atoms = new Atoms(h, natoms);
        for (int i = 0; i < natoms; i++) {
            if (!lines.next()) {
                throw error("truncated frame: expected " + natoms + " atom lines after the comment line of the frame"
                        + " starting at line " + frameLine + ", found " + i + " before the end of the file");
            }
            atoms.parse(lines.buffer(), lines.start(), lines.end(), i);
        }
        frameLength = lines.nextOffset() - frameOffset;
        frameIndex++;

        try {
            return atoms.toStructure();
        } catch (IllegalArgumentException e) {
            throw new InputFormatException(source, frameLine + 1, e.getMessage());
        }
    }

    /** Token kinds of an atom line, precomputed per frame from Properties. */
    private static final byte SPECIES = 0, POS = 1, REAL = 2, INT = 3, LOGICAL = 4, STRING = 5, ATOMIC_NUMBER = 6;

    /** The arrays of one frame being filled, and the per-token plan that says where each token goes. */
    private final class Atoms {
        final Header h;
        final int natoms;
        final byte[] kind;
        final int[] column, sub;
        final Object[] columns;
        int[] species;
        final double[][] pos; // x, y, z
        int capacity; // atoms the arrays can hold: grows with the lines read, never trusts natoms
        String[] table = new String[4];
        byte[][] tableBytes = new byte[4][];
        int nspecies;
        int last = -1;

        Atoms(Header h, int natoms) {
            this.h = h;
            this.natoms = natoms;
            int t = h.totalColumns;
            kind = h.kind;
            column = h.column;
            sub = h.sub;
            columns = new Object[h.names.length];
            // a small start (about 64 KiB of values), doubled as atom lines arrive
            capacity = Math.min(natoms, Math.max(16, 8192 / Math.max(1, t)));
            for (int c = 0; c < h.names.length; c++) {
                if (c == h.posColumn || c == h.speciesColumn) continue;
                int len = capacity * h.ncols[c];
                switch (h.types[c]) {
                    case R -> columns[c] = new double[len];
                    case I -> columns[c] = new long[len];
                    case L -> columns[c] = new boolean[len];
                    default -> columns[c] = new String[len];
                }
            }
            species = new int[capacity];
            pos = new double[][] {new double[capacity], new double[capacity], new double[capacity]};
        }

        /** Room for atom {@code i}: memory follows the input actually read, not the declared count. */
        private void ensure(int i) {
            if (i < capacity) return;
            int cap = (int) Math.min(natoms, Math.max(2L * capacity, i + 1L));
            species = Arrays.copyOf(species, cap);
            for (int a = 0; a < 3; a++) pos[a] = Arrays.copyOf(pos[a], cap);
            for (int c = 0; c < columns.length; c++) {
                Object col = columns[c];
                int len = cap * h.ncols[c];
                if (col instanceof double[] d) columns[c] = Arrays.copyOf(d, len);
                else if (col instanceof long[] l) columns[c] = Arrays.copyOf(l, len);
                else if (col instanceof boolean[] z) columns[c] = Arrays.copyOf(z, len);
                else if (col instanceof String[] str) columns[c] = Arrays.copyOf(str, len);
            }
            capacity = cap;
        }

        void parse(byte[] b, int p, int end, int i) {
            ensure(i);
            int t = kind.length;
            for (int k = 0; k < t; k++) {
                p = Swar.skipBlanks(b, p, end);
                int ts = p;
                byte kk = kind[k];
                if ((kk == POS || kk == REAL) && p < end) {
                    // numbers are parsed while their token is scanned (one pass over the bytes)
                    double v = number(b, p, end, column[k]);
                    p = next;
                    if (kk == POS) {
                        if (!Double.isFinite(v)) {
                            throw error("expected a finite coordinate in column " + (k + 1) + ", found '" + text(b, ts, p) + "'");
                        }
                        pos[sub[k]][i] = v;
                    } else {
                        ((double[]) columns[column[k]])[i * h.ncols[column[k]] + sub[k]] = v;
                    }
                    continue;
                }
                while (p < end && b[p] != ' ' && b[p] != '\t') p++;
                if (p == ts) throw columnCount(k);
                switch (kk) {
                    case POS -> {
                        double v = real(b, ts, p, column[k]);
                        if (!Double.isFinite(v)) {
                            throw error("expected a finite coordinate in column " + (k + 1) + ", found '" + text(b, ts, p) + "'");
                        }
                        pos[sub[k]][i] = v;
                    }
                    case REAL -> ((double[]) columns[column[k]])[i * h.ncols[column[k]] + sub[k]] = real(b, ts, p, column[k]);
                    case SPECIES -> species[i] = speciesOf(b, ts, p);
                    case ATOMIC_NUMBER -> {
                        long zNum = integer(b, ts, p, column[k]);
                        if (zNum < 1 || zNum > 118) {
                            throw error("expected an atomic number 1..118 in column " + (k + 1) + ", found " + zNum);
                        }
                        byte[] sb = Elements.symbol((int) zNum).getBytes(StandardCharsets.US_ASCII);
                        species[i] = speciesOf(sb, 0, sb.length);
                    }
                    case INT -> ((long[]) columns[column[k]])[i * h.ncols[column[k]] + sub[k]] = integer(b, ts, p, column[k]);
                    case LOGICAL -> ((boolean[]) columns[column[k]])[i * h.ncols[column[k]] + sub[k]] = logical(b, ts, p, column[k]);
                    default -> ((String[]) columns[column[k]])[i * h.ncols[column[k]] + sub[k]] =
                            new String(b, ts, p - ts, StandardCharsets.UTF_8);
                }
            }
            while (p < end && (b[p] == ' ' || b[p] == '\t')) p++;
            if (p < end) {
                int extra = 0;
                while (p < end) {
                    while (p < end && (b[p] == ' ' || b[p] == '\t')) p++;
                    if (p < end) extra++;
                    while (p < end && b[p] != ' ' && b[p] != '\t') p++;
                }
                throw error("expected " + t + " columns (" + h.describe() + "), found " + (t + extra));
            }
        }

        /** Where the last {@link #number} token ended. */
        private int next;

        /**
         * The real at {@code b[from..]}, ending at the next blank or {@code end} (stored in {@link #next}):
         * plain decimals {@code [sign]digits[.digits]} whose digits form an integer m < 2^53 with at most
         * 22 after the point are m / 10^frac, one correctly rounded division of two exact doubles
         * (Clinger's exact case, W. D. Clinger, PLDI 1990, as in {@link FastReal}); anything else goes
         * through {@link FastReal#parse} on the token. Up to 18 digits are accumulated (no overflow of
         * m); the 8 digits after the point that fixed-width columns usually carry are taken in one
         * SWAR step ({@link FastReal#eightDigits}).
         */
        private double number(byte[] b, int from, int end, int column) {
            int p = from;
            boolean neg = false;
            if (b[p] == '-' || b[p] == '+') neg = b[p++] == '-';
            int ds = p;
            long m = 0;
            for (; p < end; p++) {
                int d = b[p] - '0';
                if (d < 0 || d > 9) break;
                m = m * 10 + d;
            }
            int seen = p - ds, frac = 0;
            if (p < end && b[p] == '.') {
                int fs = ++p;
                if (seen <= 10 && end - p >= 8) {
                    long w = Swar.eightBytes(b, p);
                    if (FastReal.isEightDigits(w)) {
                        m = m * 100_000_000L + FastReal.eightDigits(w);
                        p += 8;
                    }
                }
                for (; p < end; p++) {
                    int d = b[p] - '0';
                    if (d < 0 || d > 9) break;
                    m = m * 10 + d;
                }
                frac = p - fs;
                seen += frac;
            }
            if (seen > 0 && seen <= 18 && frac <= 22 && m < (1L << 53) && (p == end || b[p] == ' ' || b[p] == '\t')) {
                next = p;
                double v = frac == 0 ? m : m / FastReal.POW10[frac];
                return neg ? -v : v;
            }
            while (p < end && b[p] != ' ' && b[p] != '\t') p++;
            next = p;
            return real(b, from, p, column);
        }

        private InputFormatException columnCount(int found) {
            return error("expected " + kind.length + " columns (" + h.describe() + "), found " + found);
        }

        /** Symbol to index once the table is past a few species (linear search would go quadratic). */
        private java.util.HashMap<String, Integer> bySymbol;

        private int speciesOf(byte[] b, int from, int to) {
            int s;
            if (bySymbol == null) {
                s = lookup(b, from, to, last, tableBytes, nspecies);
            } else {
                s = last >= 0 && equalBytes(tableBytes[last], b, from, to - from) ? last
                        : bySymbol.getOrDefault(new String(b, from, to - from, StandardCharsets.ISO_8859_1), -1);
            }
            if (s < 0) {
                s = nspecies;
                if (nspecies == table.length) {
                    table = Arrays.copyOf(table, nspecies * 2);
                    tableBytes = Arrays.copyOf(tableBytes, nspecies * 2);
                }
                tableBytes[nspecies] = Arrays.copyOfRange(b, from, to);
                table[nspecies++] = new String(b, from, to - from, StandardCharsets.UTF_8);
                if (bySymbol == null && nspecies > 16) {
                    bySymbol = new java.util.HashMap<>();
                    for (int q = 0; q < nspecies; q++) bySymbol.put(new String(tableBytes[q], StandardCharsets.ISO_8859_1), q);
                } else if (bySymbol != null) {
                    bySymbol.put(new String(tableBytes[s], StandardCharsets.ISO_8859_1), s);
                }
            }
            last = s;
            return s;
        }

        Structure toStructure() {
            // growth is clamped at natoms, so after natoms lines the arrays have exactly natoms entries
            assert capacity == natoms;
            Map<String, AtomArray> arrays = new LinkedHashMap<>();
            for (int c = 0; c < h.names.length; c++) {
                if (columns[c] == null) continue;
                arrays.put(h.names[c], switch (h.types[c]) {
                    case R -> AtomArray.ofReals(h.ncols[c], (double[]) columns[c]);
                    case I -> AtomArray.ofInts(h.ncols[c], (long[]) columns[c]);
                    case L -> AtomArray.ofLogicals(h.ncols[c], (boolean[]) columns[c]);
                    case S -> AtomArray.ofStrings(h.ncols[c], (String[]) columns[c]);
                });
            }
            return new Structure(h.cell, h.pbc, Arrays.copyOf(table, nspecies), species, pos[0], pos[1], pos[2], h.info, arrays);
        }
    }

    private static int lookup(byte[] b, int from, int to, int last, byte[][] table, int n) {
        int len = to - from;
        if (last >= 0 && equalBytes(table[last], b, from, len)) return last;
        for (int s = 0; s < n; s++) {
            if (equalBytes(table[s], b, from, len)) return s;
        }
        return -1;
    }

    private static boolean equalBytes(byte[] sym, byte[] b, int from, int len) {
        if (sym.length != len) return false;
        for (int k = 0; k < len; k++) if (sym[k] != b[from + k]) return false;
        return true;
    }

    private int parseCount() {
        String t = lines.lineString().strip();
        try {
            int n = Integer.parseInt(t);
            if (n < 0) throw new NumberFormatException();
            return n;
        } catch (NumberFormatException e) {
            throw error("expected the number of atoms (a non-negative integer) at the start of a frame, found '"
                    + abbreviate(t) + "'");
        }
    }

    private double real(byte[] b, int from, int to, int column) {
        try {
            return FastReal.parse(b, from, to);
        } catch (NumberFormatException e) {
            throw error("expected a real number for property column of '" + currentName(column)
                    + "', found '" + text(b, from, to) + "'");
        }
    }

    private long integer(byte[] b, int from, int to, int column) {
        long v = 0;
        int p = from;
        boolean neg = false;
        if (p < to && (b[p] == '-' || b[p] == '+')) neg = b[p++] == '-';
        if (p == to || to - p > 18) {
            throw error("expected an integer for '" + currentName(column) + "', found '" + text(b, from, to) + "'");
        }
        for (; p < to; p++) {
            int d = b[p] - '0';
            if (d < 0 || d > 9) {
                throw error("expected an integer for '" + currentName(column) + "', found '" + text(b, from, to) + "'");
            }
            v = v * 10 + d;
        }
        return neg ? -v : v;
    }

    private boolean logical(byte[] b, int from, int to, int column) {
        Boolean v = ExtXyzKeyValues.bool(text(b, from, to));
        if (v == null) {
            throw error("expected a logical (T or F) for '" + currentName(column) + "', found '" + text(b, from, to) + "'");
        }
        return v;
    }

    private String[] currentHeaderNames = new String[0];

    private String currentName(int column) {
        return column < currentHeaderNames.length ? currentHeaderNames[column] : "column " + column;
    }

    private static String text(byte[] b, int from, int to) {
        return abbreviate(new String(b, from, to - from, StandardCharsets.UTF_8));
    }

    private static String abbreviate(String s) {
        return s.length() > 60 ? s.substring(0, 57) + "..." : s;
    }

    /** What the comment line says about the layout of the atom lines. */
    private static final class Header {
        String[] names;
        AtomArray.Type[] types;
        int[] ncols;
        int totalColumns;
        int posColumn = -1, speciesColumn = -1;
        boolean speciesFromNumbers;
        /** Per token of an atom line: its kind, column and index within the column. */
        byte[] kind;
        int[] column, sub;
        Cell cell = Cell.NONE;
        boolean[] pbc = new boolean[3];
        Map<String, Object> info;

        String describe() {
            StringBuilder sb = new StringBuilder();
            for (int c = 0; c < names.length; c++) {
                if (c > 0) sb.append(' ');
                sb.append(names[c]).append(':').append(types[c]).append(':').append(ncols[c]);
            }
            return sb.toString();
        }
    }

    private Header header(Map<String, Object> kv) {
        Header h = new Header();
        Map<String, Object> info = kv; // a fresh map per frame: the special keys are taken out of it
        Object lattice = info.remove("Lattice");
        if (lattice != null) {
            double[] v = numbers(lattice);
            if (v == null || v.length != 9) {
                throw error("Lattice: expected 9 numbers (three lattice vectors), found "
                        + (v == null ? "'" + abbreviate(String.valueOf(lattice)) + "'" : v.length + " numbers"));
            }
            for (double x : v) {
                if (!Double.isFinite(x)) throw error("Lattice: expected 9 finite numbers, found " + x);
            }
            h.cell = new Cell(v);
            h.pbc = new boolean[] {true, true, true};
        }
        Object pbc = info.remove("pbc");
        if (pbc != null) {
            boolean[] p;
            if (pbc instanceof boolean[] arr) p = arr;
            else if (pbc instanceof Boolean one) p = new boolean[] {one, one, one};
            else throw error("pbc: expected three logicals such as \"T T F\", found '" + abbreviate(String.valueOf(pbc)) + "'");
            if (p.length != 3) throw error("pbc: expected three logicals, found " + p.length);
            if ((p[0] || p[1] || p[2]) && lattice == null) {
                throw error("pbc is periodic along some axis but the Lattice key is missing: a periodic frame needs Lattice=\"...\"");
            }
            h.pbc = p;
        }
        if ((h.pbc[0] || h.pbc[1] || h.pbc[2]) && !h.cell.isRegular()) {
            throw error("Lattice: the three lattice vectors are linearly dependent (singular cell) in a periodic frame");
        }
        Object props = info.remove("Properties");
        String spec = props == null ? "species:S:1:pos:R:3" : String.valueOf(props);
        if (spec.equals(lastSpec)) {
            lastLayout.into(h);
            h.info = info;
            return h;
        }
        String[] f = spec.split(":", -1);
        if (f.length % 3 != 0) {
            throw error("Properties: expected name:type:ncols triplets, found '" + abbreviate(spec) + "'");
        }
        int m = f.length / 3;
        java.util.Set<String> seen = new java.util.HashSet<>();
        long total = 0;
        h.names = new String[m];
        h.types = new AtomArray.Type[m];
        h.ncols = new int[m];
        for (int c = 0; c < m; c++) {
            String name = f[3 * c], type = f[3 * c + 1], cols = f[3 * c + 2];
            h.names[c] = name;
            if (name.isEmpty()) throw error("Properties: empty column name in '" + abbreviate(spec) + "'");
            try {
                h.types[c] = AtomArray.Type.valueOf(type);
            } catch (IllegalArgumentException e) {
                throw error("Properties: unknown type '" + abbreviate(type) + "' for '" + abbreviate(name) + "' (expected R, I, L or S)");
            }
            try {
                h.ncols[c] = Integer.parseInt(cols);
                if (h.ncols[c] < 1) throw new NumberFormatException();
            } catch (NumberFormatException e) {
                throw error("Properties: expected a positive column count for '" + abbreviate(name) + "', found '" + abbreviate(cols) + "'");
            }
            total += h.ncols[c];
            if (total > MAX_COLUMNS) {
                throw error("Properties: expected at most " + MAX_COLUMNS + " values per atom line, found a declaration of "
                        + total + " or more");
            }
            h.totalColumns = (int) total;
            if (!seen.add(name)) throw error("Properties: column '" + abbreviate(name) + "' appears twice");
            if (name.equals("pos")) {
                if (h.types[c] != AtomArray.Type.R || h.ncols[c] != 3) {
                    throw error("Properties: expected pos:R:3, found pos:" + abbreviate(type + ":" + cols));
                }
                h.posColumn = c;
            } else if (name.equals("species")) {
                if (h.types[c] != AtomArray.Type.S || h.ncols[c] != 1) {
                    throw error("Properties: expected species:S:1, found species:" + abbreviate(type + ":" + cols));
                }
                h.speciesColumn = c;
            }
        }
        if (h.posColumn < 0) throw error("Properties: expected a pos:R:3 column, found '" + abbreviate(spec) + "'");
        if (h.speciesColumn < 0) {
            for (int c = 0; c < m; c++) {
                if (h.names[c].equals("Z") && h.types[c] == AtomArray.Type.I && h.ncols[c] == 1) {
                    h.speciesColumn = c;
                    h.speciesFromNumbers = true;
                }
            }
            if (h.speciesColumn < 0) {
                throw error("Properties: expected a species:S:1 (or Z:I:1) column, found '" + abbreviate(spec) + "'");
            }
        }
        plan(h);
        currentHeaderNames = h.names;
        lastSpec = spec;
        lastLayout = new Layout(h);
        h.info = info;
        return h;
    }

    /** The per-token plan of an atom line (which column and kind each token is). */
    private static void plan(Header h) {
        int t = h.totalColumns;
        h.kind = new byte[t];
        h.column = new int[t];
        h.sub = new int[t];
        int k = 0;
        for (int c = 0; c < h.names.length; c++) {
            byte kc;
            if (c == h.posColumn) kc = POS;
            else if (c == h.speciesColumn) kc = h.speciesFromNumbers ? ATOMIC_NUMBER : SPECIES;
            else kc = switch (h.types[c]) {
                case R -> REAL;
                case I -> INT;
                case L -> LOGICAL;
                default -> STRING;
            };
            for (int q = 0; q < h.ncols[c]; q++, k++) {
                h.kind[k] = kc;
                h.column[k] = c;
                h.sub[k] = q;
            }
        }
    }

    /** The Properties-derived part of a header, shared read-only by the frames that declare the same Properties. */
    private record Layout(String[] names, AtomArray.Type[] types, int[] ncols, int totalColumns, int posColumn,
                          int speciesColumn, boolean speciesFromNumbers, byte[] kind, int[] column, int[] sub) {
        Layout(Header h) {
            this(h.names, h.types, h.ncols, h.totalColumns, h.posColumn, h.speciesColumn, h.speciesFromNumbers, h.kind, h.column, h.sub);
        }

        void into(Header h) {
            h.names = names;
            h.types = types;
            h.ncols = ncols;
            h.totalColumns = totalColumns;
            h.posColumn = posColumn;
            h.speciesColumn = speciesColumn;
            h.speciesFromNumbers = speciesFromNumbers;
            h.kind = kind;
            h.column = column;
            h.sub = sub;
        }
    }

    private static double[] numbers(Object v) {
        if (v instanceof double[] d) return d;
        if (v instanceof long[] l) return Arrays.stream(l).asDoubleStream().toArray();
        if (v instanceof Number n) return new double[] {n.doubleValue()};
        return null;
    }

    @Override
    public void close() throws IOException {
        stream.close();
    }
}
