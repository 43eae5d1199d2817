package dev.jgrad.learn;

import dev.jgrad.learn.train.OptimizerSpec;
import dev.jgrad.learn.train.PlotFile;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.image.BufferedImage;
import java.util.List;

/** λ_max against the step for each learning rate, with each rate's stability line 2/η dashed in its colour. */
public final class SharpnessPlot {
    static final int WIDTH = 900;
    static final int HEIGHT = 480;
    // RGB values, not java.awt.Color: a Color constant would start AWT as the class loads, before render() has
    // made it headless (PlotFile.headless).
    private static final int[] COLORS = {0x1f77b4, 0xd62728, 0x2ca02c, 0x9467bd, 0xff7f0e};

    private SharpnessPlot() {}

    public static BufferedImage render(List<Sharpness.Run> runs, String title) {
        PlotFile.headless();
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title)
                .xAxisTitle("gradient-descent step").yAxisTitle("sharpness λ_max of the training loss").build();
        var styler = chart.getStyler();
        styler.setLegendPosition(Styler.LegendPosition.OutsideE);
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setPlotBackgroundColor(Color.WHITE);
        styler.setLegendBorderColor(Color.LIGHT_GRAY);
        styler.setChartTitleFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
        styler.setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        styler.setAntiAlias(true);
        styler.setPlotGridLinesColor(new Color(0xe8e8e8));
        double top = 0;
        for (Sharpness.Run r : runs) {
            top = Math.max(top, r.threshold());
            for (Sharpness.Point p : r.points()) {
                if (Double.isFinite(p.sharpness())) {
                    top = Math.max(top, p.sharpness());
                }
            }
        }
        styler.setYAxisMin(0.0);
        styler.setYAxisMax(top * 1.1);
        for (int i = 0; i < runs.size(); i++) {
            Sharpness.Run r = runs.get(i);
            Color c = new Color(COLORS[i % COLORS.length]);
            double[] steps = r.points().stream().mapToDouble(Sharpness.Point::step).toArray();
            double[] lam = r.points().stream().mapToDouble(p -> Double.isFinite(p.sharpness()) ? p.sharpness() : 0).toArray();
            XYSeries s = chart.addSeries("λ_max, η = " + OptimizerSpec.num(r.lr()), steps, lam);
            s.setLineColor(c);
            s.setMarker(SeriesMarkers.CIRCLE).setMarkerColor(c);
            s.setLineStyle(new BasicStroke(1.8f));
            double last = steps.length == 0 ? 0 : steps[steps.length - 1];
            XYSeries line = chart.addSeries("2/η = " + OptimizerSpec.num(r.threshold()), new double[] {0, last},
                    new double[] {r.threshold(), r.threshold()});
            line.setLineColor(c);
            line.setMarker(SeriesMarkers.NONE);
            line.setLineStyle(new BasicStroke(1.2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f));
        }
        return BitmapEncoder.getBufferedImage(chart);
    }
}
