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

/** One picture per surface: grey contour lines, one coloured path per optimizer, a legend. */
public final class TrajectoryPlot {
    static final int WIDTH = 800;
    static final int HEIGHT = 600;
    private static final int GRID = 161;
    private static final int LEVELS = 16;

    /** One colour per {@link Method}, in declaration order (Tableau's palette, readable on white). */
    // RGB values, not java.awt.Color: a Color constant would start AWT as the class loads, before render() has
    // made it headless (PlotFile.headless).
    private static final int[] COLORS = {0x1f77b4, 0xff7f0e, 0x2ca02c, 0xd62728, 0x9467bd, 0x8c564b, 0xe377c2,
        0x17becf, 0x7f7f7f};

    private TrajectoryPlot() {}

    public static BufferedImage render(Surface surface, List<Trajectories.Path> paths) {
        PlotFile.headless();
        double[] view = surface.view();
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT)
                .title(surface.id() + ": " + surface.formula()).xAxisTitle("x").yAxisTitle("y").build();
        Styler.LegendPosition legend = Styler.LegendPosition.OutsideE;
        var styler = chart.getStyler();
        styler.setLegendPosition(legend);
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setLegendBorderColor(Color.LIGHT_GRAY);
        styler.setChartTitleFont(new Font(Font.SANS_SERIF, Font.PLAIN, 15));
        styler.setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        styler.setAntiAlias(true);
        styler.setPlotBackgroundColor(Color.WHITE);
        styler.setPlotGridLinesVisible(false);
        styler.setXAxisMin(view[0]);
        styler.setXAxisMax(view[1]);
        styler.setYAxisMin(view[2]);
        styler.setYAxisMax(view[3]);

        Contours.Grid grid = Contours.sample(surface, GRID);
        List<Contours.Level> levels = Contours.trace(grid, Contours.levels(grid, LEVELS, surface.boundedBelow()));
        int n = 0;
        for (Contours.Level level : levels) {
            if (level.xs().length == 0) {
                continue;
            }
            XYSeries s = chart.addSeries("level " + n++, level.xs(), level.ys());
            s.setMarker(SeriesMarkers.NONE);
            s.setLineColor(new Color(0xb8b8b8));
            s.setLineStyle(new BasicStroke(0.8f));
            s.setShowInLegend(false);
        }
        for (Trajectories.Path p : paths) {
            List<Trajectories.Point> pts = p.points();
            double[] x = pts.stream().mapToDouble(Trajectories.Point::x).toArray();
            double[] y = pts.stream().mapToDouble(Trajectories.Point::y).toArray();
            XYSeries s = chart.addSeries(legendLabel(p), x, y);
            s.setMarker(SeriesMarkers.NONE);
            Color colour = new Color(COLORS[p.method().ordinal() % COLORS.length]);
            s.setLineColor(colour);
            s.setLineStyle(new BasicStroke(1.8f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
            // A dot where the path ends, so that paths drawn over each other can still be told apart.
            Trajectories.Point last = p.last();
            XYSeries end = chart.addSeries(p.method().id() + " end", new double[] {last.x()}, new double[] {last.y()});
            end.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
            end.setMarker(SeriesMarkers.CIRCLE).setMarkerColor(colour);
            end.setShowInLegend(false);
        }
        if (!paths.isEmpty()) {
            Trajectories.Point start = paths.get(0).points().get(0);
            XYSeries s = chart.addSeries("start", new double[] {start.x()}, new double[] {start.y()});
            s.setMarker(SeriesMarkers.CIRCLE).setMarkerColor(Color.BLACK);
            s.setLineColor(Color.BLACK);
            s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        }
        double[] min = surface.minimum();
        if (min != null) {
            XYSeries s = chart.addSeries("minimum", new double[] {min[0]}, new double[] {min[1]});
            s.setMarker(SeriesMarkers.DIAMOND).setMarkerColor(Color.BLACK);
            s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        }
        return BitmapEncoder.getBufferedImage(chart);
    }

    private static String legendLabel(Trajectories.Path p) {
        if (p.method().isNewton()) {
            return p.method().label();
        }
        String s = p.method().label() + ", lr " + OptimizerSpec.num(p.lr());
        if (p.method().decays()) {
            s += ", λ " + OptimizerSpec.num(p.weightDecay());
        }
        return s;
    }
}
