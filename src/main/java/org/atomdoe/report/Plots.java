package org.atomdoe.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.atomdoe.io.AtomicFiles;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The pictures atomdoe draws (XChart), each written as {@code BASE.png} and {@code BASE.svg}
 * atomically: learning curves, the leverage histogram with the selection marked, a 2-D map of the
 * pool with the selection highlighted, and the eigenvalue spectrum of the information matrix.
 */
public final class Plots {
    /** Pixel size of every PNG. */
    public static final int WIDTH = 900, HEIGHT = 600;

    static {
        System.setProperty("java.awt.headless", "true");
    }

    private Plots() {}

    /** A named line with an optional spread band (lo/hi may be null). */
    public record Line(String name, double[] x, double[] y, double[] lo, double[] hi) {}

    /** Error vs number of configurations, log-log, one line per method, bands where given. */
    public static List<Path> learningCurve(Path base, String title, String yLabel, List<Line> lines) throws IOException {
        XYChart c = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title)
                .xAxisTitle("training configurations").yAxisTitle(yLabel).build();
        c.getStyler().setXAxisLogarithmic(true).setYAxisLogarithmic(true)
                .setXAxisLogarithmicDecadeOnly(false).setYAxisLogarithmicDecadeOnly(false)
                .setXAxisDecimalPattern("#,##0").setYAxisDecimalPattern("0.###")
                .setLegendPosition(Styler.LegendPosition.OutsideE).setChartBackgroundColor(Color.WHITE);
        for (Line l : lines) {
            if (l.lo() != null && l.hi() != null) {
                // XChart has no filled band between two curves: draw the spread as thin dashed lines
                XYSeries lo = c.addSeries(l.name() + " min", l.x(), l.lo());
                XYSeries hi = c.addSeries(l.name() + " max", l.x(), l.hi());
                for (XYSeries s : new XYSeries[] {lo, hi}) {
                    s.setMarker(SeriesMarkers.NONE);
                    s.setLineStyle(new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {4f, 4f}, 0f));
                    s.setLineColor(Color.GRAY);
                    s.setShowInLegend(false);
                }
            }
            c.addSeries(l.name(), l.x(), l.y());
        }
        return write(c, base);
    }

    /** Histogram of {@code values} (e.g. leverages of the pool) with the selected ones stacked in another colour. */
    public static List<Path> histogram(Path base, String title, String xLabel, double[] values, boolean[] selected, int bins)
            throws IOException {
        double lo = Double.MAX_VALUE, hi = -Double.MAX_VALUE;
        for (double v : values) {
            if (Double.isFinite(v)) {
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
        }
        if (!(hi > lo)) {
            hi = lo + 1;
        }
        double w = (hi - lo) / bins;
        double[] all = new double[bins], sel = new double[bins];
        List<String> labels = new ArrayList<>();
        for (int b = 0; b < bins; b++) labels.add(String.format("%.3g", lo + (b + 0.5) * w));
        for (int i = 0; i < values.length; i++) {
            if (!Double.isFinite(values[i])) continue;
            int b = Math.min(bins - 1, (int) ((values[i] - lo) / w));
            if (selected != null && selected[i]) sel[b]++;
            else all[b]++;
        }
        CategoryChart c = new CategoryChartBuilder().width(WIDTH).height(HEIGHT).title(title)
                .xAxisTitle(xLabel).yAxisTitle("candidates").build();
        c.getStyler().setStacked(true).setOverlapped(false).setXAxisLabelRotation(60)
                .setChartBackgroundColor(Color.WHITE).setLegendPosition(Styler.LegendPosition.InsideNE);
        c.addSeries("pool", labels, toList(all));
        if (selected != null) c.addSeries("selected", labels, toList(sel));
        return write(c, base);
    }

    /** Scatter of a 2-D map (e.g. the first two principal components) with the selection highlighted. */
    public static List<Path> map(Path base, String title, String xLabel, String yLabel, double[] x, double[] y, boolean[] selected)
            throws IOException {
        XYChart c = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle(xLabel).yAxisTitle(yLabel).build();
        c.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter).setMarkerSize(5)
                .setChartBackgroundColor(Color.WHITE).setLegendPosition(Styler.LegendPosition.InsideNE);
        List<Double> px = new ArrayList<>(), py = new ArrayList<>(), sx = new ArrayList<>(), sy = new ArrayList<>();
        for (int i = 0; i < x.length; i++) {
            if (selected != null && selected[i]) {
                sx.add(x[i]);
                sy.add(y[i]);
            } else {
                px.add(x[i]);
                py.add(y[i]);
            }
        }
        if (!px.isEmpty()) c.addSeries("pool", px, py).setMarkerColor(new Color(150, 150, 150));
        if (!sx.isEmpty()) c.addSeries("selected", sx, sy).setMarkerColor(new Color(200, 30, 30));
        return write(c, base);
    }

    /** Eigenvalues of the information matrix in decreasing order, log scale (feasibility at a glance). */
    public static List<Path> eigenSpectrum(Path base, String title, double[] eigenvalues, double tolerance) throws IOException {
        double[] ev = eigenvalues.clone();
        java.util.Arrays.sort(ev);
        int n = ev.length;
        double[] k = new double[n], v = new double[n];
        double floor = Double.MAX_VALUE;
        for (double e : ev) if (e > 0) floor = Math.min(floor, e);
        if (floor == Double.MAX_VALUE) floor = 1e-300;
        for (int i = 0; i < n; i++) {
            k[i] = i + 1;
            v[i] = Math.max(ev[n - 1 - i], floor * 1e-3); // non-positive eigenvalues drawn below the smallest positive
        }
        XYChart c = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title)
                .xAxisTitle("eigenvalue index").yAxisTitle("eigenvalue of M").build();
        c.getStyler().setYAxisLogarithmic(true).setYAxisDecimalPattern("0.#E0").setChartBackgroundColor(Color.WHITE)
                .setLegendPosition(Styler.LegendPosition.InsideNE);
        c.addSeries("eigenvalues", k, v);
        if (tolerance > 0) {
            XYSeries t = c.addSeries("rank tolerance", new double[] {1, Math.max(n, 2)}, new double[] {tolerance, tolerance});
            t.setMarker(SeriesMarkers.NONE);
            t.setLineColor(Color.RED);
        }
        return write(c, base);
    }

    private static List<Double> toList(double[] a) {
        List<Double> l = new ArrayList<>(a.length);
        for (double v : a) l.add(v);
        return l;
    }

    /** Writes BASE.png and BASE.svg, each atomically; returns both paths. */
    public static List<Path> write(Chart<?, ?> chart, Path base) throws IOException {
        String name = base.getFileName().toString();
        Path png = base.resolveSibling(name + ".png"), svg = base.resolveSibling(name + ".svg");
        byte[] pngBytes = BitmapEncoder.getBitmapBytes(castChart(chart), BitmapEncoder.BitmapFormat.PNG);
        AtomicFiles.write(png, out -> out.write(pngBytes));
        ByteArrayOutputStream svgBytes = new ByteArrayOutputStream();
        VectorGraphicsEncoder.saveVectorGraphic(chart, svgBytes, VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
        AtomicFiles.write(svg, out -> svgBytes.writeTo(out));
        return List.of(png, svg);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static <T extends Chart<?, ?>> T castChart(Chart c) {
        return (T) c;
    }
}
