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

/**
 * The race's picture: test accuracy after every epoch on the left, the epoch's mean training loss (log scale) on
 * the right, one line per optimizer in the ranking's order; a run that diverged ends where it did.
 */
public final class RacePlot {
    private static final int LEFT_WIDTH = 620, RIGHT_WIDTH = 820, HEIGHT = 520;

    /** Sixteen colours that stay apart; solid lines for the first half of the ranking, dashed for the rest. */
    private static final Color[] COLOURS = {new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c),
        new Color(0xff7f0e), new Color(0x9467bd), new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f),
        new Color(0xbcbd22), new Color(0x17becf), new Color(0x000000), new Color(0xaec7e8), new Color(0x98df8a),
        new Color(0xff9896), new Color(0xc5b0d5), new Color(0xc49c94)};

    private RacePlot() {}

    public static BufferedImage render(List<Race.Result> ranked, String title) {
        System.setProperty("java.awt.headless", "true");
        XYChart acc = chart(LEFT_WIDTH, "Test accuracy — " + title, "test accuracy after the epoch (%)");
        XYChart loss = chart(RIGHT_WIDTH, "Training loss", "mean cross-entropy over the epoch (log)");
        loss.getStyler().setYAxisLogarithmic(true);
        acc.getStyler().setLegendVisible(false);
        loss.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        for (int i = 0; i < ranked.size(); i++) {
            Race.Result r = ranked.get(i);
            List<Race.Epoch> finite = r.epochs().stream().filter(e -> Double.isFinite(e.trainLoss())).toList();
            if (finite.isEmpty()) continue;   // diverged in its first epoch: nothing to draw
            double[] x = finite.stream().mapToDouble(Race.Epoch::epoch).toArray();
            String name = (i + 1) + ". " + r.label() + ", lr " + OptimizerSpec.num(r.lr()) + (r.diverged() ? " (diverged)" : "");
            style(acc.addSeries(name, x, finite.stream().mapToDouble(Race.Epoch::testAccuracy).toArray()), i);
            style(loss.addSeries(name, x, finite.stream().mapToDouble(Race.Epoch::trainLoss).toArray()), i);
        }
        return PlotFile.sideBySide(acc, loss);
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
        s.setLineColor(COLOURS[i % COLOURS.length]);
        s.setMarkerColor(COLOURS[i % COLOURS.length]);
        s.setMarker(SeriesMarkers.CIRCLE);
        s.setLineStyle(i < 8 ? SeriesLines.SOLID : new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER,
                10f, new float[] {6f, 4f}, 0f));
    }
}
