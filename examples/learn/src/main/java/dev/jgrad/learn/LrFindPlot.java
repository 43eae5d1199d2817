package dev.jgrad.learn;

import dev.jgrad.learn.train.PlotFile;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

/**
 * The range test's picture: loss against learning rate on a log axis, each step's loss in light grey, the
 * smoothed loss in blue, the suggestion (steepest descent of the smoothed loss) as a red dot. The loss axis ends
 * a little above the largest smoothed loss, so the last, exploding raw losses do not flatten the curve.
 */
public final class LrFindPlot {
    static final int WIDTH = 760;
    static final int HEIGHT = 480;

    private LrFindPlot() {
    }

    public static BufferedImage render(LrFinder.Result r, String title) {
        PlotFile.headless();
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title)
                .xAxisTitle("learning rate (log)").yAxisTitle("training loss").build();
        Styler styler = chart.getStyler();
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setLegendPosition(Styler.LegendPosition.InsideNW);
        chart.getStyler().setXAxisLogarithmic(true);
        double top = 0;
        double bottom = Double.POSITIVE_INFINITY;
        for (LrFinder.Point p : r.points()) {
            if (Double.isFinite(p.smoothedLoss())) {
                top = Math.max(top, p.smoothedLoss());
                bottom = Math.min(bottom, p.smoothedLoss());
            }
        }
        // Cut the axis at 1.5x the first smoothed loss, as fastai's plot leaves out the last points: the explosion
        // that stopped the test would otherwise flatten the part worth reading.
        double first = r.points().isEmpty() ? top : r.points().get(0).smoothedLoss();
        top = Double.isFinite(first) ? Math.min(top, 1.5 * first) : top;
        double yMax = top + 0.05 * (top - bottom) + 1e-9;
        List<Double> rawX = new ArrayList<>();
        List<Double> rawY = new ArrayList<>();
        List<Double> sx = new ArrayList<>();
        List<Double> sy = new ArrayList<>();
        for (LrFinder.Point p : r.points()) {
            if (Double.isFinite(p.loss()) && p.loss() <= yMax) {
                rawX.add(p.lr());
                rawY.add(p.loss());
            }
            if (Double.isFinite(p.smoothedLoss())) {
                sx.add(p.lr());
                sy.add(p.smoothedLoss());
            }
        }
        if (!rawX.isEmpty()) {
            XYSeries raw = chart.addSeries("loss of each step", rawX, rawY);
            raw.setMarker(SeriesMarkers.NONE);
            raw.setLineColor(new Color(0xBBBBBB));
        }
        XYSeries smooth = chart.addSeries("smoothed (β = 0.98, bias-corrected)", sx, sy);
        smooth.setMarker(SeriesMarkers.NONE);
        smooth.setLineColor(new Color(0x1F77B4));
        if (Double.isFinite(r.suggestion())) {
            double at = Double.NaN;
            for (LrFinder.Point p : r.points()) {
                if (p.lr() == r.suggestion()) {
                    at = p.smoothedLoss();
                }
            }
            XYSeries s = chart.addSeries("suggestion " + LrFinder.rate(r.suggestion()) + " (steepest descent)",
                    new double[] {r.suggestion()}, new double[] {at});
            s.setMarker(SeriesMarkers.CIRCLE);
            s.setMarkerColor(Color.RED);
            s.setLineColor(Color.RED);
        }
        chart.getStyler().setYAxisMax(yMax);
        chart.getStyler().setYAxisMin(0.0); // the raw losses dip far below the smoothed curve
        return BitmapEncoder.getBufferedImage(chart);
    }
}
