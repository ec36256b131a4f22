package org.atomdoe.io;

import java.io.IOException;
import java.io.Writer;
import java.util.Map;
import org.atomdoe.structure.AtomArray;
import org.atomdoe.structure.Cell;
import org.atomdoe.structure.Structure;

/**
 * Writes structures as extended XYZ in the dialect {@link ExtXyzReader} reads (ASE's): the
 * comment line holds {@code Lattice}, {@code Properties}, every info key, then {@code pbc}.
 * Reals are written in the shortest form that reads back to the same double, so that
 * read -> write -> read is exact. Annotations are ordinary info keys and arrays added to the
 * structure ({@link Structure#putInfo}, {@link Structure#putArray}) before writing.
 */
public final class ExtXyzWriter {
    private final Writer out;

    public ExtXyzWriter(Writer out) {
        this.out = out;
    }

    /** Writes one frame. */
    public void write(Structure s) throws IOException {
        StringBuilder sb = new StringBuilder(64 + s.natoms() * 64);
        sb.append(s.natoms()).append('\n');
        Cell cell = s.cell();
        boolean hasLattice = !cell.isZero();
        if (hasLattice) {
            sb.append("Lattice=\"");
            double[] h = cell.toArray();
            for (int k = 0; k < 9; k++) {
                if (k > 0) sb.append(' ');
                sb.append(h[k]);
            }
            sb.append("\" ");
        }
        sb.append("Properties=species:S:1:pos:R:3");
        for (Map.Entry<String, AtomArray> e : s.arrays().entrySet()) {
            sb.append(':').append(e.getKey()).append(':').append(e.getValue().type()).append(':').append(e.getValue().ncols());
        }
        for (Map.Entry<String, Object> e : s.info().entrySet()) {
            sb.append(' ').append(e.getKey()).append('=');
            appendValue(sb, e.getValue());
        }
        if (hasLattice || s.isPeriodic()) {
            sb.append(" pbc=\"").append(s.pbc(0) ? 'T' : 'F').append(' ').append(s.pbc(1) ? 'T' : 'F')
                    .append(' ').append(s.pbc(2) ? 'T' : 'F').append('"');
        }
        sb.append('\n');
        double[] x = s.x(), y = s.y(), z = s.z();
        AtomArray[] arrays = s.arrays().values().toArray(new AtomArray[0]);
        for (int i = 0; i < s.natoms(); i++) {
            sb.append(s.symbol(i)).append(' ').append(x[i]).append(' ').append(y[i]).append(' ').append(z[i]);
            for (AtomArray a : arrays) {
                int n = a.ncols();
                for (int c = 0; c < n; c++) {
                    sb.append(' ');
                    int k = i * n + c;
                    switch (a.type()) {
                        case R -> sb.append(a.reals()[k]);
                        case I -> sb.append(a.ints()[k]);
                        case L -> sb.append(a.logicals()[k] ? 'T' : 'F');
                        case S -> sb.append(a.strings()[k]);
                    }
                }
            }
            sb.append('\n');
        }
        out.write(sb.toString());
    }

    private static void appendValue(StringBuilder sb, Object v) {
        if (v instanceof Boolean b) {
            sb.append(b ? 'T' : 'F');
        } else if (v instanceof Number n) {
            sb.append(n);
        } else if (v instanceof double[] a) {
            sb.append('"');
            for (int k = 0; k < a.length; k++) sb.append(k > 0 ? " " : "").append(a[k]);
            sb.append('"');
        } else if (v instanceof long[] a) {
            sb.append('"');
            for (int k = 0; k < a.length; k++) sb.append(k > 0 ? " " : "").append(a[k]);
            sb.append('"');
        } else if (v instanceof int[] a) {
            sb.append('"');
            for (int k = 0; k < a.length; k++) sb.append(k > 0 ? " " : "").append(a[k]);
            sb.append('"');
        } else if (v instanceof boolean[] a) {
            sb.append('"');
            for (int k = 0; k < a.length; k++) sb.append(k > 0 ? " " : "").append(a[k] ? 'T' : 'F');
            sb.append('"');
        } else {
            appendString(sb, String.valueOf(v));
        }
    }

    private static void appendString(StringBuilder sb, String s) {
        boolean plain = !s.isEmpty();
        for (int k = 0; k < s.length() && plain; k++) {
            char c = s.charAt(k);
            plain = !(Character.isWhitespace(c) || c == '"' || c == '\'' || c == '=' || c == '\\'
                    || c == '{' || c == '}' || c == '[' || c == ']' || c == ',');
        }
        if (plain) {
            sb.append(s);
            return;
        }
        sb.append('"');
        for (int k = 0; k < s.length(); k++) {
            char c = s.charAt(k);
            if (c == '"' || c == '\\') sb.append('\\');
            sb.append(c == '\n' ? ' ' : c);
        }
        sb.append('"');
    }
}
