package dev.jgrad.learn.train;

import dev.jgrad.io.AtomicFile;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * Draws {@code --health-plot FILE.png} from the health records: per parameter the gradient norm (log axis) and
 * the update-to-weight ratio (log axis, with the 1e-3 rule of thumb as a dashed line), per ReLU-family layer the
 * dead fraction, all over the training steps. Rewritten atomically after every epoch, like {@code --plot}.
 */
public final class HealthPlot {
    private static final int WIDTH = 520;
    private static final int HEIGHT = 400;

    private HealthPlot() {
    }

    /** The three charts side by side as a PNG image. */
    public static byte[] render(List<HealthRecord> records, String title) {
        if (records.isEmpty()) {
            throw new IllegalArgumentException("nothing to plot: no step was recorded");
        }
        PlotFile.headless();
        XYChart grad = chart("Gradient norm ‖g‖ — " + title, "‖g‖₂ (log)", true);
        perParam(grad, records, HealthRecord.Param::gradNorm);
        XYChart ratio = chart("Update / weight ‖Δθ‖/‖θ‖", "ratio (log)", true);
        perParam(ratio, records, HealthRecord.Param::updateRatio);
        double first = records.get(0).step();
        double last = Math.max(first + 1, records.get(records.size() - 1).step());
        XYSeries rule = ratio.addSeries("1e-3 (rule of thumb)", new double[] {first, last}, new double[] {1e-3, 1e-3});
        rule.setMarker(SeriesMarkers.NONE);
        rule.setLineColor(Color.GRAY);
        rule.setLineStyle(new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[] {6, 4},
                0));
        XYChart dead = chart("Dead units (ReLU family)", "fraction of units", false);
        Map<String, List<double[]>> deadSeries = new LinkedHashMap<>();
        for (HealthRecord r : records) {
            for (HealthRecord.Activation a : r.activations()) {
                if (Double.isFinite(a.deadFraction())) {
                    deadSeries.computeIfAbsent("layer " + a.name() + " (" + a.type() + ")", k -> new ArrayList<>())
                            .add(new double[] {r.step(), a.deadFraction()});
                }
            }
        }
        addAll(dead, deadSeries);
        if (deadSeries.isEmpty()) {
            XYSeries none = dead.addSeries("no ReLU-family layer", new double[] {first, last}, new double[] {0, 0});
            none.setMarker(SeriesMarkers.NONE);
        }
        dead.getStyler().setYAxisMin(0.0);

        return PlotFile.png(PlotFile.sideBySide(grad, ratio, dead), "the health plot");
    }

    /**
     * Replaces {@code file} with the plot of {@code records}.
     *
     * @throws UncheckedIOException naming the file if it cannot be written
     */
    public static void write(Path file, List<HealthRecord> records, String title) {
        AtomicFile.replace(file, render(records, title));
    }

    /** One series per parameter; points that a log axis cannot show (≤ 0, NaN, infinite) are left out. */
    private static void perParam(XYChart chart, List<HealthRecord> records, ToDoubleFunction<HealthRecord.Param> f) {
        Map<String, List<double[]>> series = new LinkedHashMap<>();
        for (HealthRecord r : records) {
            for (HealthRecord.Param p : r.params()) {
                double v = f.applyAsDouble(p);
                if (v > 0 && Double.isFinite(v)) {
                    series.computeIfAbsent(p.name(), k -> new ArrayList<>()).add(new double[] {r.step(), v});
                }
            }
        }
        addAll(chart, series);
    }

    private static void addAll(XYChart chart, Map<String, List<double[]>> series) {
        for (Map.Entry<String, List<double[]>> e : series.entrySet()) {
            List<double[]> pts = e.getValue();
            double[] x = new double[pts.size()];
            double[] y = new double[pts.size()];
            for (int i = 0; i < x.length; i++) {
                x[i] = pts.get(i)[0];
                y[i] = pts.get(i)[1];
            }
            chart.addSeries(e.getKey(), x, y).setMarker(SeriesMarkers.NONE);
        }
    }

    private static XYChart chart(String title, String yAxis, boolean log) {
        XYChart chart = PlotFile.chart(WIDTH, HEIGHT, title, "step", yAxis);
        chart.getStyler().setYAxisLogarithmic(log);
        return chart;
    }
}
