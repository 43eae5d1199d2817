package dev.jgrad.learn;

import dev.jgrad.learn.train.OptimizerSpec;
import dev.jgrad.learn.train.PlotFile;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.stream.IntStream;

/**
 * The race's picture: test accuracy after every epoch on the left, the epoch's mean training loss (log scale) on
 * the right, one line per optimizer in the ranking's order: the mean over the seeds, and with several seeds a
 * translucent band from the lowest to the highest seed's value. Diverged runs are left out of both; a racer whose
 * every run diverged ends where they did.
 */
public final class RacePlot {
    private static final int LEFT_WIDTH = 620, RIGHT_WIDTH = 820, HEIGHT = 520;

    /**
     * Sixteen colours that stay apart; solid lines for the first half of the ranking, dashed for the rest. RGB
     * values, not {@link Color}s: a Color constant would start AWT as the class loads, before {@link #render} has
     * made it headless ({@link PlotFile#headless}).
     */
    private static final int[] COLOURS = {0x1f77b4, 0xd62728, 0x2ca02c, 0xff7f0e, 0x9467bd, 0x8c564b, 0xe377c2,
        0x7f7f7f, 0xbcbd22, 0x17becf, 0x000000, 0xaec7e8, 0x98df8a, 0xff9896, 0xc5b0d5, 0xc49c94};

    private RacePlot() {}

    public static BufferedImage render(List<Race.Standing> ranked, String title) {
        PlotFile.headless();
        XYChart acc = chart(LEFT_WIDTH, "Test accuracy — " + title, "test accuracy after the epoch (%)");
        int seeds = ranked.stream().mapToInt(s -> s.runs().size()).max().orElse(1);
        XYChart loss = chart(RIGHT_WIDTH, "Training loss" + (seeds > 1 ? " — mean of " + seeds + " seeds, band min to max"
                : ""), "mean cross-entropy over the epoch (log)");
        loss.getStyler().setYAxisLogarithmic(true);
        acc.getStyler().setLegendVisible(false);
        loss.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        for (int i = 0; i < ranked.size(); i++) {
            Race.Standing s = ranked.get(i);
            List<Integer> epochs = IntStream.rangeClosed(1, s.epochs()).filter(e -> s.trainLoss(e).n() > 0).boxed().toList();
            if (epochs.isEmpty()) {
                continue;                     // every run diverged in its first epoch: nothing to draw
            }
            double[] x = epochs.stream().mapToDouble(e -> e).toArray();
            int runs = s.runs().size();
            String name = (i + 1) + ". " + s.label() + ", lr " + OptimizerSpec.num(s.lr())
                    + (s.diverged() == 0 ? "" : runs == 1 ? " (diverged)" : " (" + s.diverged() + "/" + runs + " diverged)");
            draw(acc, name, x, epochs.stream().map(s::testAccuracy).toList(), i, runs > 1);
            draw(loss, name, x, epochs.stream().map(s::trainLoss).toList(), i, runs > 1);
        }
        return PlotFile.sideBySide(acc, loss);
    }

    /** The mean as a line, and with {@code band} the min–max as a polygon behind it (not in the legend). */
    private static void draw(XYChart chart, String name, double[] x, List<Race.Stats> stats, int i, boolean band) {
        if (band) {
            int n = x.length;
            double[] bx = new double[2 * n], by = new double[2 * n];
            for (int k = 0; k < n; k++) {   // along the top, then back along the bottom
                bx[k] = x[k];
                by[k] = stats.get(k).max();
                bx[2 * n - 1 - k] = x[k];
                by[2 * n - 1 - k] = stats.get(k).min();
            }
            XYSeries area = chart.addSeries(name + " band", bx, by);
            Color c = new Color(COLOURS[i % COLOURS.length]);
            area.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.PolygonArea);
            area.setFillColor(new Color(c.getRed(), c.getGreen(), c.getBlue(), 40));
            area.setLineColor(new Color(0, 0, 0, 0));
            area.setMarker(SeriesMarkers.NONE);
            area.setShowInLegend(false);
        }
        style(chart.addSeries(name, x, stats.stream().mapToDouble(Race.Stats::mean).toArray()), i);
    }

    private static XYChart chart(int width, String title, String yTitle) {
        XYChart c = new XYChartBuilder().width(width).height(HEIGHT).title(title).xAxisTitle("epoch").yAxisTitle(yTitle)
                .build();
        c.getStyler().setChartBackgroundColor(Color.WHITE);
        c.getStyler().setPlotGridLinesColor(new Color(0xe0e0e0));
        c.getStyler().setLegendBorderColor(Color.WHITE);
        c.getStyler().setXAxisDecimalPattern("0");
        return c;
    }

    private static void style(XYSeries s, int i) {
        Color c = new Color(COLOURS[i % COLOURS.length]);
        s.setLineColor(c);
        s.setMarkerColor(c);
        s.setMarker(SeriesMarkers.CIRCLE);
        s.setLineStyle(i < 8 ? SeriesLines.SOLID : new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER,
                10f, new float[] {6f, 4f}, 0f));
    }
}
