package org.atomdoe.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlotsTest {
    static void assertPictures(List<Path> files) throws Exception {
        BufferedImage img = ImageIO.read(files.get(0).toFile());
        assertNotNull(img, "PNG decodes");
        assertEquals(Plots.WIDTH, img.getWidth());
        assertEquals(Plots.HEIGHT, img.getHeight());
        String svg = Files.readString(files.get(1));
        assertTrue(svg.contains("<svg"), "SVG written");
    }

    @Test
    void everyPlotWritesPngAndSvg(@TempDir Path dir) throws Exception {
        SplittableRandom r = new SplittableRandom(5);
        double[] v = new double[200], x = new double[200], y = new double[200];
        boolean[] sel = new boolean[200];
        for (int i = 0; i < 200; i++) {
            v[i] = r.nextDouble();
            x[i] = r.nextGaussian();
            y[i] = r.nextGaussian();
            sel[i] = i % 10 == 0;
        }
        assertPictures(Plots.histogram(dir.resolve("lev"), "leverages", "d(x)", v, sel, 20));
        assertPictures(Plots.map(dir.resolve("pca"), "pool", "PC1", "PC2", x, y, sel));
        assertPictures(Plots.eigenSpectrum(dir.resolve("eig"), "spectrum", new double[] {10, 1, 1e-3, 0, -1e-12}, 1e-8));
        double[] n = {8, 16, 32, 64};
        assertPictures(Plots.learningCurve(dir.resolve("curve"), "Si", "MAE (meV/atom)", List.of(
                new Plots.Line("D-optimal", n, new double[] {10, 6, 4, 3}, null, null),
                new Plots.Line("random (median)", n, new double[] {12, 7, 5, 3.2}, new double[] {9, 6, 4, 3}, new double[] {20, 9, 6, 3.5}))));
    }
}
