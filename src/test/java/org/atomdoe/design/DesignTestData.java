package org.atomdoe.design;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;

final class DesignTestData {
    private DesignTestData() {}

    static double[] gaussian(int n, int p, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] x = new double[n * p];
        for (int i = 0; i < x.length; i++) x[i] = r.nextGaussian();
        return x;
    }

    /** AlgDesign candidate CSV (header line, then rows). */
    static double[] csv(Path file, int[] shape) throws IOException {
        List<String> lines = Files.readAllLines(file);
        int n = lines.size() - 1, p = lines.get(0).split(",").length;
        double[] x = new double[n * p];
        for (int i = 0; i < n; i++) {
            String[] f = lines.get(i + 1).split(",");
            for (int k = 0; k < p; k++) x[i * p + k] = Double.parseDouble(f[k]);
        }
        shape[0] = n;
        shape[1] = p;
        return x;
    }

    static double logDet(DesignProblem prob, int[] sel) {
        Double v = DesignCriteria.of(prob, sel).logDet();
        return v == null ? Double.NEGATIVE_INFINITY : v;
    }
}
