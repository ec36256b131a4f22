package org.atomdoe.linalg;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Test helper: reads a numeric CSV test resource into rows. */
public final class Csv {
    private Csv() {}

    public static double[][] read(String resource, boolean header) {
        InputStream in = Csv.class.getResourceAsStream(resource);
        if (in == null) throw new IllegalStateException("missing test resource " + resource);
        List<double[]> rows = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            boolean first = true;
            while ((line = r.readLine()) != null) {
                if (first && header) { first = false; continue; }
                first = false;
                if (line.isBlank()) continue;
                String[] f = line.split(",");
                double[] v = new double[f.length];
                for (int i = 0; i < f.length; i++) v[i] = f[i].isEmpty() ? Double.NaN : parse(f[i]);
                rows.add(v);
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return rows.toArray(new double[0][]);
    }

    private static double parse(String s) {
        try {
            return Double.parseDouble(s);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    public static double[] flat(double[][] m) {
        int c = m[0].length;
        double[] out = new double[m.length * c];
        for (int i = 0; i < m.length; i++) System.arraycopy(m[i], 0, out, i * c, c);
        return out;
    }
}
