package org.atomdoe.descriptor;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.atomdoe.io.ExtXyzReader;
import org.atomdoe.structure.Structure;

/** Loads the DScribe 2.1.1 reference files copied into src/test/resources/dscribe. */
final class DscribeReference {
    static final String[] CONFIGS = {"Si_surface_24atom", "Si_aimd_64atom", "InP_shear_8atom", "InP_s_vP_63atom", "Ta_elastic_bcc_2atom"};

    private DscribeReference() {}

    static Path resource(String name) {
        try {
            return Path.of(DscribeReference.class.getResource("/dscribe/" + name).toURI());
        } catch (Exception e) {
            throw new IllegalStateException("missing test resource dscribe/" + name, e);
        }
    }

    static Structure structure(String config) {
        try {
            List<Structure> all = ExtXyzReader.readAll(resource(config + ".extxyz"));
            return all.get(0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<String> species(String config) {
        return config.startsWith("InP") ? List.of("In", "P") : config.startsWith("Si") ? List.of("Si") : List.of("Ta");
    }

    /** A little-endian float64 C-order .npy file: {@code [0]} shape, {@code [1]} data. */
    static double[] npy(String name, int[] shapeOut) {
        try {
            byte[] b = Files.readAllBytes(resource(name));
            int headerLen = (b[8] & 0xff) | (b[9] & 0xff) << 8;
            String header = new String(b, 10, headerLen, StandardCharsets.ISO_8859_1);
            if (!header.contains("'<f8'") || header.contains("'fortran_order': True")) throw new IllegalStateException("unexpected npy header " + header);
            Matcher m = Pattern.compile("'shape': \\(([^)]*)\\)").matcher(header);
            if (!m.find()) throw new IllegalStateException("no shape in " + header);
            String[] parts = m.group(1).split(",");
            int k = 0;
            for (String p : parts) if (!p.isBlank()) shapeOut[k++] = Integer.parseInt(p.trim());
            if (k == 1) shapeOut[1] = -1;
            ByteBuffer buf = ByteBuffer.wrap(b, 10 + headerLen, b.length - 10 - headerLen).order(ByteOrder.LITTLE_ENDIAN);
            double[] out = new double[(b.length - 10 - headerLen) / 8];
            buf.asDoubleBuffer().get(out);
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static AcsfSettings acsfA(List<String> species) {
        return AcsfSettings.dscribeBenchmarkSet(5.0, species, true);
    }

    static AcsfSettings acsfB(List<String> species) {
        return new AcsfSettings(5.0, new double[][] {{0.5, 2.0}, {1.0, 2.5}, {1.0, 3.5}, {2.0, 4.0}}, new double[] {1.0, 2.5},
                new double[][] {{0.01, 1, 1}, {0.05, 2, -1}}, new double[][] {{0.01, 1, -1}, {0.05, 4, 1}}, species, true);
    }
}
