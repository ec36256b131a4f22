package org.atomdoe.io;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * NumPy {@code .npy} files (format versions 1.0, 2.0 and 3.0, as {@code numpy.lib.format} defines
 * them): read 1-D or 2-D arrays of {@code <f8}, {@code <f4}, {@code <i8}, {@code <i4} (C or
 * Fortran order) as doubles; write 2-D {@code <f8} C-order arrays atomically. Users bring their own
 * features this way ({@code --features X.npy}) and get atomdoe's descriptors out.
 */
public final class Npy {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    private Npy() {}

    /** A 2-D matrix of doubles, row-major (a 1-D file reads as {@code n x 1}). */
    public record Matrix(double[] values, int rows, int cols) {}

    /**
     * Reads a 1-D or 2-D numeric array. Errors name the file and what was expected; a shape that
     * declares more data than the file holds is an error before anything is allocated.
     */
    public static Matrix read(Path file) throws IOException {
        try (InputStream raw = Files.newInputStream(file)) {
            return read(raw, file.toString(), Files.size(file));
        }
    }

    /**
     * Reads a {@code .npy} image of {@code length} bytes from {@code raw} (not closed);
     * {@code name} is used in messages. Only {@link InputFormatException} escapes on bad bytes.
     */
    static Matrix read(InputStream raw, String name, long length) throws IOException {
        try (DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(raw, 1 << 16) {
            @Override
            public void close() {} // the caller owns raw
        })) {
            byte[] magic = new byte[6];
            in.readFully(magic);
            if (!java.util.Arrays.equals(magic, MAGIC)) {
                throw new InputFormatException(name, 0, "expected a NumPy .npy file (magic \\x93NUMPY), found other bytes");
            }
            int major = in.readUnsignedByte();
            in.readUnsignedByte();
            long headerLen;
            if (major == 1) {
                headerLen = Short.toUnsignedInt(Short.reverseBytes(in.readShort()));
            } else if (major == 2 || major == 3) {
                headerLen = Integer.toUnsignedLong(Integer.reverseBytes(in.readInt()));
            } else {
                throw new InputFormatException(name, 0, "expected .npy format version 1, 2 or 3, found " + major);
            }
            if (headerLen > 1 << 20) throw new InputFormatException(name, 0, "expected a .npy header below 1 MiB, found " + headerLen + " bytes");
            long dataStart = (major == 1 ? 10 : 12) + headerLen;
            if (dataStart > length) {
                throw new InputFormatException(name, 0, "truncated .npy file: the header declares " + headerLen
                        + " bytes, the file has " + Math.max(0, length - (major == 1 ? 10 : 12)) + " after the preamble");
            }
            byte[] hb = new byte[(int) headerLen];
            in.readFully(hb);
            String header = new String(hb, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
            String descr = group(DESCR, header, name, "'descr'");
            boolean fortran = group(FORTRAN, header, name, "'fortran_order'").equals("True");
            String shapeText = group(SHAPE, header, name, "'shape'").trim();
            long[] shape = parseShape(shapeText, name);
            if (shape.length < 1 || shape.length > 2) {
                throw new InputFormatException(name, 0, "expected a 1-D or 2-D array, found shape (" + shapeText + ")");
            }
            long rows = shape[0], cols = shape.length == 2 ? shape[1] : 1;
            // dimensions are checked one at a time first: their product may overflow a long
            if (rows > Integer.MAX_VALUE - 16 || cols > Integer.MAX_VALUE - 16
                    || (rows > 0 && cols > (Integer.MAX_VALUE - 16) / rows)) {
                throw new InputFormatException(name, 0, "array of " + rows + " x " + cols + " is too large for one Java array");
            }
            int n = (int) (rows * cols);
            int width;
            ByteOrder order;
            char kind;
            if (descr.length() < 3) throw new InputFormatException(name, 0, "expected a dtype such as '<f8', found '" + abbreviate(descr) + "'");
            order = switch (descr.charAt(0)) {
                case '<', '|' -> ByteOrder.LITTLE_ENDIAN;
                case '>' -> ByteOrder.BIG_ENDIAN;
                case '=' -> ByteOrder.nativeOrder();
                default -> throw new InputFormatException(name, 0, "expected a byte-order mark in dtype, found '" + abbreviate(descr) + "'");
            };
            kind = descr.charAt(1);
            try {
                width = Integer.parseInt(descr.substring(2));
            } catch (NumberFormatException e) {
                throw new InputFormatException(name, 0, "expected a dtype such as '<f8', found '" + abbreviate(descr) + "'");
            }
            boolean ok = (kind == 'f' && (width == 8 || width == 4)) || (kind == 'i' && (width == 8 || width == 4));
            if (!ok) throw new InputFormatException(name, 0, "expected dtype f8, f4, i8 or i4, found '" + abbreviate(descr) + "'");
            long dataBytes = (long) n * width;
            if (dataBytes > length - dataStart) {
                // checked before allocating: a 10-byte file must not be able to ask for 16 GB
                throw new InputFormatException(name, 0, "truncated .npy file: expected " + dataBytes + " data bytes for shape ("
                        + abbreviate(shapeText) + "), found " + (length - dataStart));
            }
            double[] v = new double[n];
            byte[] chunk = new byte[(int) Math.min(dataBytes, 1 << 16) / width * width + width];
            ByteBuffer bb = ByteBuffer.wrap(chunk).order(order);
            for (int k = 0; k < n; ) {
                int m = Math.min(n - k, chunk.length / width);
                try {
                    in.readFully(chunk, 0, m * width);
                } catch (EOFException e) {
                    throw new InputFormatException(name, 0, "truncated .npy file: expected " + dataBytes + " data bytes for shape ("
                            + abbreviate(shapeText) + "), found fewer");
                }
                bb.clear();
                for (int q = 0; q < m; q++, k++) {
                    v[k] = switch (kind) {
                        case 'f' -> width == 8 ? bb.getDouble() : bb.getFloat();
                        default -> width == 8 ? (double) bb.getLong() : bb.getInt();
                    };
                }
            }
            if (fortran && cols > 1) {
                double[] c = new double[n];
                for (int i = 0; i < rows; i++) for (int j = 0; j < cols; j++) c[i * (int) cols + j] = v[j * (int) rows + i];
                v = c;
            }
            return new Matrix(v, (int) rows, (int) cols);
        } catch (EOFException e) {
            throw new InputFormatException(name, 0, "truncated .npy file: the header ends early");
        }
    }

    private static String abbreviate(String s) {
        return s.length() > 60 ? s.substring(0, 57) + "..." : s;
    }

    private static String group(Pattern p, String header, String name, String what) {
        Matcher m = p.matcher(header);
        if (!m.find()) throw new InputFormatException(name, 0, "expected " + what + " in the .npy header, found: " + abbreviate(header.strip()));
        return m.group(1);
    }

    private static long[] parseShape(String text, String name) {
        if (text.isEmpty()) return new long[0];
        String[] parts = text.split(",");
        int count = 0;
        for (String p : parts) if (!p.isBlank()) count++;
        long[] s = new long[count];
        int k = 0;
        for (String p : parts) {
            if (p.isBlank()) continue;
            try {
                s[k++] = Long.parseLong(p.trim().replace("L", ""));
            } catch (NumberFormatException e) {
                throw new InputFormatException(name, 0, "expected integers in the .npy shape, found '" + abbreviate(text) + "'");
            }
            if (s[k - 1] < 0) throw new InputFormatException(name, 0, "negative dimension in the .npy shape '" + abbreviate(text) + "'");
        }
        return s;
    }

    /** Writes a {@code rows x cols} row-major matrix as {@code <f8} C order, atomically. */
    public static void write(Path file, double[] values, int rows, int cols) throws IOException {
        if ((long) rows * cols != values.length) {
            throw new IllegalArgumentException(rows + " x " + cols + " needs " + (long) rows * cols + " values, got " + values.length);
        }
        AtomicFiles.write(file, out -> {
            writeHeader(out, rows, cols);
            writeValues(out, values, 0, values.length);
        });
    }

    /**
     * The header of a {@code rows x cols} {@code <f8} C-order array (version 1.0, padded so that the
     * data starts at a multiple of 64 bytes, as numpy writes it). Followed by exactly
     * {@code rows * cols} values from {@link #writeValues}, it makes a complete file: how a matrix too
     * large for memory is written row block by row block.
     */
    public static void writeHeader(OutputStream out, long rows, long cols) throws IOException {
        String dict = "{'descr': '<f8', 'fortran_order': False, 'shape': (" + rows + ", " + cols + "), }";
        int base = MAGIC.length + 2 + 2;
        int total = base + dict.length() + 1;
        int pad = (64 - total % 64) % 64;
        byte[] header = (dict + " ".repeat(pad) + "\n").getBytes(StandardCharsets.ISO_8859_1);
        out.write(MAGIC);
        out.write(1);
        out.write(0);
        out.write(header.length & 0xff);
        out.write((header.length >>> 8) & 0xff);
        out.write(header);
    }

    /** Writes {@code values[from, from + count)} as little-endian doubles. */
    public static void writeValues(OutputStream out, double[] values, int from, int count) throws IOException {
        ByteBuffer bb = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
        for (int k = from; k < from + count; k++) {
            if (!bb.hasRemaining()) {
                out.write(bb.array(), 0, bb.position());
                bb.clear();
            }
            bb.putDouble(values[k]);
        }
        out.write(bb.array(), 0, bb.position());
    }
}
