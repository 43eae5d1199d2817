package dev.jgrad.learn;

import dev.jgrad.learn.train.Activation;
import dev.jgrad.learn.train.PlotFile;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Locale;

/**
 * The explorer's picture for one activation, as in the CS231n notes: one row per init scheme, one
 * histogram per hidden layer, each labelled with the activations' standard deviation. tanh cells
 * span [−1, 1]; relu cells span [0, the cell's largest value] and leave out the zeros (their share
 * is printed as "0s").
 */
public final class InitPlot {
    private static final int CELL_W = 118;
    private static final int CELL_H = 74;
    private static final int LEFT = 96;
    private static final int TOP = 40;
    private static final int BINS = 30;

    private InitPlot() {}

    public static BufferedImage render(List<InitExplorer.Run> runs, String title) {
        PlotFile.headless();
        int layers = runs.get(0).layers().size();
        BufferedImage img = new BufferedImage(LEFT + layers * CELL_W + 8, TOP + runs.size() * CELL_H + 8,
                BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, img.getWidth(), img.getHeight());
            g.setColor(Color.BLACK);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
            g.drawString(title, 8, 16);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
            for (int l = 0; l < layers; l++) {
                g.drawString("layer " + (l + 1), LEFT + l * CELL_W + 36, TOP - 6);
            }
            for (int r = 0; r < runs.size(); r++) {
                InitExplorer.Run run = runs.get(r);
                int y0 = TOP + r * CELL_H;
                g.setColor(Color.BLACK);
                g.drawString(run.init().toString(), 6, y0 + CELL_H / 2);
                for (int l = 0; l < layers; l++) {
                    cell(g, run.layers().get(l), run.activation(), LEFT + l * CELL_W, y0);
                }
            }
        } finally {
            g.dispose();
        }
        return img;
    }

    private static void cell(Graphics2D g, InitExplorer.LayerStats s, Activation act, int x0, int y0) {
        boolean bounded = act == Activation.TANH || act == Activation.SIGMOID;
        double lo = act == Activation.TANH ? -1 : 0;
        double hi = bounded ? 1 : 0;
        if (!bounded) {
            for (float v : s.activations()) {
                hi = Math.max(hi, v);
            }
        }
        int[] counts = new int[BINS];
        int zeros = 0;
        for (float v : s.activations()) {
            if (!bounded && v <= 0) {
                zeros++;
                continue;
            }
            int b = hi > lo ? (int) ((v - lo) / (hi - lo) * BINS) : 0;
            counts[Math.max(0, Math.min(BINS - 1, b))]++;
        }
        int max = 1;
        for (int c : counts) {
            max = Math.max(max, c);
        }
        int w = CELL_W - 10;
        int h = CELL_H - 26;
        int base = y0 + 4 + h;
        g.setColor(new Color(0x3b6ea8));
        for (int b = 0; b < BINS; b++) {
            int bh = (int) Math.round((double) counts[b] / max * h);
            g.fillRect(x0 + b * w / BINS, base - bh, Math.max(1, w / BINS - 1), bh);
        }
        g.setColor(Color.GRAY);
        g.setStroke(new BasicStroke(1));
        g.drawLine(x0, base, x0 + w, base);
        g.setColor(Color.BLACK);
        String label = String.format(Locale.ROOT, "std %.2g", s.std());
        if (!bounded) {
            label += String.format(Locale.ROOT, " 0s %.0f%%", 100.0 * zeros / s.activations().length);
        }
        g.drawString(label, x0, base + 14);
    }
}
