package dev.jgrad.learn;

import dev.jgrad.learn.train.OptimizerSpec;
import dev.jgrad.learn.train.PlotFile;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Locale;

/**
 * The sweep's picture: two heatmaps of final test error side by side, Adam + L2 on the left and
 * AdamW on the right, learning rate up, weight decay across, and one colour scale for both so that
 * the same colour means the same error. In every row the weight decays with the lowest error for that
 * learning rate are outlined (several on a tie): whether the outlines line up in a column (the best λ
 * does not depend on γ) or drift across (it does) is what the experiment is about.
 *
 * <p>Drawn with Java 2D rather than XChart's heat map, which cannot outline single cells.
 */
public final class SweepPlot {
    static final int WIDTH = 1000;
    static final int HEIGHT = 500;
    private static final int FOOTER = 56;
    private static final int LEFT = 78, RIGHT = 18, TOP = 46, BOTTOM = 52;

    private SweepPlot() {}

    public static BufferedImage render(WdSweep.Result r) {
        PlotFile.headless();
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (WdSweep.Cell c : r.cells()) {
            lo = Math.min(lo, c.testError());
            hi = Math.max(hi, c.testError());
        }
        BufferedImage out = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, WIDTH, HEIGHT);
            int panel = WIDTH / 2;
            for (int k = 0; k < WdSweep.KINDS.size(); k++) {
                panel(g, r, WdSweep.KINDS.get(k), k * panel, panel, HEIGHT - FOOTER, lo, hi);
            }
            footer(g, r, lo, hi);
        } finally {
            g.dispose();
        }
        return out;
    }

    private static void panel(Graphics2D g, WdSweep.Result r, String kind, int x0, int w, int h,
                              double lo, double hi) {
        List<Double> lrs = r.grid().lrs(), wds = r.grid().wds();
        String decay = kind.equals("Adam") ? "coupled, g ← g + λθ"
                : r.setup().paperDecay() ? "decoupled, θ ← θ − λθ" : "decoupled, θ ← θ − γλθ";
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
        centred(g, WdSweep.name(kind).replace("+", " + ") + " (" + decay + ")", x0 + LEFT + (w - LEFT - RIGHT) / 2, 24);
        int gw = w - LEFT - RIGHT, gh = h - TOP - BOTTOM;
        double cw = (double) gw / wds.size(), ch = (double) gh / lrs.size();
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        for (int j = 0; j < lrs.size(); j++) {
            int row = lrs.size() - 1 - j; // largest rate at the top, as on a y axis
            double best = Double.POSITIVE_INFINITY;
            for (double wd : wds) {
                best = Math.min(best, r.cell(kind, lrs.get(j), wd).testError());
            }
            for (int i = 0; i < wds.size(); i++) {
                double e = r.cell(kind, lrs.get(j), wds.get(i)).testError();
                int cx = x0 + LEFT + (int) Math.round(i * cw), cy = TOP + (int) Math.round(row * ch);
                int cwi = (int) Math.round((i + 1) * cw) - (int) Math.round(i * cw);
                int chi = (int) Math.round((row + 1) * ch) - (int) Math.round(row * ch);
                Color c = colour(e, lo, hi);
                g.setColor(c);
                g.fillRect(cx, cy, cwi, chi);
                g.setColor(Color.WHITE);
                g.drawRect(cx, cy, cwi, chi);
                g.setColor(luminance(c) > 0.55 ? Color.BLACK : Color.WHITE);
                centred(g, String.format(Locale.ROOT, "%.2f", e), cx + cwi / 2, cy + chi / 2 + 5);
                if (e == best) { // every cell that ties for the row's lowest error
                    g.setColor(Color.BLACK);
                    g.setStroke(new BasicStroke(3f));
                    g.drawRect(cx + 2, cy + 2, cwi - 4, chi - 4);
                    g.setStroke(new BasicStroke(1f));
                }
            }
            g.setColor(Color.BLACK);
            String label = label(lrs.get(j));
            g.drawString(label, x0 + LEFT - 8 - g.getFontMetrics().stringWidth(label),
                    TOP + (int) Math.round((row + 0.5) * ch) + 5);
        }
        for (int i = 0; i < wds.size(); i++) {
            centred(g, label(wds.get(i)), x0 + LEFT + (int) Math.round((i + 0.5) * cw), TOP + gh + 18);
        }
        centred(g, "weight decay λ", x0 + LEFT + gw / 2, TOP + gh + 40);
        AffineTransform saved = g.getTransform();
        g.rotate(-Math.PI / 2);
        centred(g, "learning rate γ", -(TOP + gh / 2), x0 + 18);
        g.setTransform(saved);
    }

    private static void footer(Graphics2D g, WdSweep.Result r, double lo, double hi) {
        int y = HEIGHT - FOOTER + 8, barX = 190, barW = 300, barH = 14;
        for (int k = 0; k < barW; k++) {
            g.setColor(colour(lo * Math.pow(hi / Math.max(lo, 1e-9), k / (barW - 1.0)), lo, hi));
            g.fillRect(barX + k, y, 1, barH);
        }
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        g.drawString("test error (%):", 40, y + 12);
        String min = String.format(Locale.ROOT, "%.2f", lo);
        g.drawString(min, barX - 6 - g.getFontMetrics().stringWidth(min), y + 12);
        g.drawString(String.format(Locale.ROOT, "%.2f   (log scale; outlined: lowest error for each γ, all on a tie)", hi),
                barX + barW + 6,
                y + 12);
        WdSweep.Setup s = r.setup();
        g.setColor(Color.DARK_GRAY);
        g.drawString(String.format(Locale.ROOT, "MLP 784-%d-10, %d epoch%s of %d training images (batch %d, seed %d), "
                        + "test error on %d images after the last epoch; constant learning rate", s.hidden(),
                s.epochs(), s.epochs() == 1 ? "" : "s", r.trainImages(), s.batchSize(), s.seed(), r.testImages()),
                40, y + 34);
    }

    /** Green (low error) through yellow to red (high), on a log scale so a diverged cell does not wash out the rest. */
    static Color colour(double e, double lo, double hi) {
        double t = hi <= lo ? 0 : (Math.log(Math.max(e, 1e-9)) - Math.log(Math.max(lo, 1e-9)))
                / (Math.log(Math.max(hi, 1e-9)) - Math.log(Math.max(lo, 1e-9)));
        t = Math.max(0, Math.min(1, t));
        Color[] stops = {new Color(0x1a9850), new Color(0xa6d96a), new Color(0xfee08b), new Color(0xf46d43),
            new Color(0xa50026)};
        double pos = t * (stops.length - 1);
        int i = Math.min(stops.length - 2, (int) pos);
        double f = pos - i;
        Color a = stops[i], b = stops[i + 1];
        return new Color((int) Math.round(a.getRed() + f * (b.getRed() - a.getRed())),
                (int) Math.round(a.getGreen() + f * (b.getGreen() - a.getGreen())),
                (int) Math.round(a.getBlue() + f * (b.getBlue() - a.getBlue())));
    }

    private static double luminance(Color c) {
        return (0.299 * c.getRed() + 0.587 * c.getGreen() + 0.114 * c.getBlue()) / 255;
    }

    private static void centred(Graphics2D g, String s, int x, int baseline) {
        FontMetrics fm = g.getFontMetrics();
        g.drawString(s, x - fm.stringWidth(s) / 2, baseline);
    }

    /** Short axis labels: 0, 1e-4, 3e-4, 1e-3, 3e-1, 1, 30; other values as plain decimals. */
    public static String label(double v) {
        if (v == 0) {
            return "0";
        }
        long exp = (long) Math.floor(Math.log10(Math.abs(v)));
        double mant = v / Math.pow(10, exp);
        if (Math.abs(mant - Math.rint(mant)) < 1e-9) {
            long m = Math.round(mant);
            if (exp >= 0 && exp <= 3) {
                return Long.toString(Math.round(v));
            }
            return m + "e" + exp;
        }
        return OptimizerSpec.num(v);
    }
}
