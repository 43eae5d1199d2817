package dev.jgrad.learn.train;

import dev.jgrad.io.AtomicFile;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * Draws {@code --plot FILE.png}: train and test loss per epoch on the left, test accuracy on the
 * right, with XChart in headless mode (no display needed). Rewritten atomically after every epoch.
 */
public final class PlotFile {
    private static final int WIDTH = 640;
    private static final int HEIGHT = 440;

    private PlotFile() {
    }

    /** The two charts side by side as a PNG image. */
    public static byte[] render(List<EpochMetrics> history, String title) {
        if (history.isEmpty()) {
            throw new IllegalArgumentException("nothing to plot: no epoch finished");
        }
        headless();
        int n = history.size();
        double[] epochs = new double[n];
        double[] train = new double[n];
        double[] test = new double[n];
        double[] accuracy = new double[n];
        for (int i = 0; i < n; i++) {
            EpochMetrics m = history.get(i);
            epochs[i] = m.epoch();
            train[i] = m.trainLoss();
            test[i] = m.testLoss();
            accuracy[i] = m.testAccuracy();
        }
        XYChart loss = chart("Loss — " + title, "cross-entropy");
        loss.addSeries("train (mean over the epoch)", epochs, train);
        loss.addSeries("test (after the epoch)", epochs, test);
        XYChart acc = chart("Test accuracy", "accuracy (%)");
        acc.addSeries("test accuracy", epochs, accuracy);
        acc.getStyler().setLegendVisible(false);

        return png(sideBySide(loss, acc), "the plot");
    }

    /**
     * Makes AWT headless before a picture is drawn. Every renderer calls this first: drawing into a
     * {@link BufferedImage}, which is all XChart and Java 2D do here, starts AWT's graphics environment, and with
     * {@code DISPLAY} naming an X server that cannot be reached (a stale SSH session, a CI runner) that fails with
     * "Can't connect to X11 window server" although nothing is shown. No effect once AWT has started.
     */
    public static void headless() {
        System.setProperty("java.awt.headless", "true");
    }

    /** The charts drawn next to each other, left to right, each at its own size, as one image. */
    public static BufferedImage sideBySide(XYChart... charts) {
        int width = 0, height = 0;
        for (XYChart c : charts) {
            width += c.getWidth();
            height = Math.max(height, c.getHeight());
        }
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            int x = 0;
            for (XYChart c : charts) {
                g.drawImage(BitmapEncoder.getBufferedImage(c), x, 0, null);
                x += c.getWidth();
            }
        } finally {
            g.dispose();
        }
        return image;
    }

    /** {@code image} as PNG bytes; {@code what} names it if it cannot be encoded. */
    static byte[] png(BufferedImage image, String what) {
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", png);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode " + what + " as PNG", e);
        }
        return png.toByteArray();
    }

    /**
     * Replaces {@code file} with the plot of {@code history}.
     *
     * @throws java.io.UncheckedIOException naming the file if it cannot be written
     */
    public static void write(Path file, List<EpochMetrics> history, String title) {
        AtomicFile.replace(file, render(history, title));
    }

    private static XYChart chart(String title, String yAxis) {
        return chart(WIDTH, HEIGHT, title, "epoch", yAxis);
    }

    /**
     * An empty chart in the training plots' style: white background, legend inside at the top right, whole numbers
     * on the x axis (epochs or steps).
     */
    static XYChart chart(int width, int height, String title, String xAxis, String yAxis) {
        XYChart chart = new XYChartBuilder().width(width).height(height).title(title)
                .xAxisTitle(xAxis).yAxisTitle(yAxis).build();
        Styler styler = chart.getStyler();
        styler.setLegendPosition(Styler.LegendPosition.InsideNE);
        styler.setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setXAxisDecimalPattern("0");
        return chart;
    }
}
