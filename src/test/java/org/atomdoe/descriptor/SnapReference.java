package org.atomdoe.descriptor;

import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import org.atomdoe.io.ExtXyzReader;
import org.atomdoe.structure.Structure;

/** Test helper: the LAMMPS reference runs of shared/reference/snap (parameter sets from its README/meta.json). */
final class SnapReference {
    private SnapReference() {}

    static final Path SHARED = Paths.get("..", "shared", "reference", "snap");

    /** Settings of a reference parameter set, exactly as meta.json lists them. */
    static SnapSettings settings(String set) {
        List<String> ta = List.of("Ta");
        List<String> inp = List.of("In", "P");
        List<Double> inpR = List.of(3.812045629514403, 3.829453817954964);
        List<Double> inpW = List.of(1.0, 0.9293160905266721);
        return switch (set) {
            case "Ta_2J2_bzero0" -> ta(2, false);
            case "Ta_2J6_bzero0" -> ta(6, false);
            case "Ta_2J8_bzero0" -> ta(8, false);
            case "Ta_2J6_bzero1" -> ta(6, true);
            case "Ta_2J8_bzero1" -> ta(8, true);
            case "InP_2J6_bzero0" -> new SnapSettings(inp, 1.0, 0.99363, 0.0, 6, inpR, inpW, true, false, false, false, false, false);
            case "InP_2J8_bzero0" -> new SnapSettings(inp, 1.0, 0.99363, 0.0, 8, inpR, inpW, true, false, false, false, false, false);
            case "InP_2J6_chem_fitsnap" -> new SnapSettings(inp, 1.0, 0.99363, 0.0, 6, inpR, inpW, true, true, false, true, true, true);
            default -> throw new IllegalArgumentException("unknown reference set " + set);
        };
    }

    private static SnapSettings ta(int twojmax, boolean bzero) {
        return new SnapSettings(List.of("Ta"), 4.67637, 0.99363, 0.0, twojmax, List.of(0.5), List.of(1.0),
                true, bzero, false, false, false, false);
    }

    /** A file from src/test/resources/snap, or null. */
    static Path resource(String name) {
        URL u = SnapReference.class.getResource("/snap/" + name);
        if (u == null) return null;
        try {
            return Paths.get(u.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** (config, parameter set) of every {@code <config>__<set><suffix>} file in the test resources, sorted. */
    static java.util.stream.Stream<org.junit.jupiter.params.provider.Arguments> runs(String suffix) throws IOException {
        try (java.util.stream.Stream<Path> files = Files.list(resourceDir())) {
            return files.map(p -> p.getFileName().toString())
                    .filter(f -> f.endsWith(suffix))
                    .sorted()
                    .map(f -> {
                        String stem = f.substring(0, f.length() - suffix.length());
                        int cut = stem.indexOf("__");
                        return org.junit.jupiter.params.provider.Arguments.of(stem.substring(0, cut), stem.substring(cut + 2));
                    })
                    .toList().stream();
        }
    }

    static Path resourceDir() {
        return resource("bispectrum_index_2J6.txt").getParent();
    }

    static Structure structure(Path file) throws IOException {
        List<Structure> all = ExtXyzReader.readAll(file);
        if (all.size() != 1) throw new IllegalStateException(file + " holds " + all.size() + " frames");
        return all.get(0);
    }

    /** Rows of a LAMMPS sna (or snad) dump: id type then the values; returns the values, one row per atom in id order. */
    static double[][] readSna(Path file) throws IOException {
        List<double[]> rows = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            String t = line.strip();
            if (t.isEmpty() || t.startsWith("#")) continue;
            String[] f = t.split("\\s+");
            int id = Integer.parseInt(f[0]);
            if (id != rows.size() + 1) throw new IllegalStateException(file + ": ids not in order at " + id);
            double[] b = new double[f.length - 2];
            for (int k = 0; k < b.length; k++) b[k] = Double.parseDouble(f[k + 2]);
            rows.add(b);
        }
        return rows.toArray(new double[0][]);
    }

    /** Rows of bispectrum_index_2J*.txt: {2j1, 2j2, 2j}. */
    static int[][] readIndex(Path file) throws IOException {
        List<int[]> rows = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            String t = line.strip();
            if (t.isEmpty() || t.startsWith("#")) continue;
            String[] f = t.split("\\s+");
            rows.add(new int[] {Integer.parseInt(f[1]), Integer.parseInt(f[2]), Integer.parseInt(f[3])});
        }
        return rows.toArray(new int[0][]);
    }
}
