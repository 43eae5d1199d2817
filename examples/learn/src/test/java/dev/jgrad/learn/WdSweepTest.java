package dev.jgrad.learn;

import dev.jgrad.learn.data.Dataset;
import dev.jgrad.learn.data.MnistData;
import dev.jgrad.learn.train.OptimizerSpec;
import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class WdSweepTest {
    private static final String ADAM = "Adam", ADAMW = "AdamW";

    /** A result made up by hand: error = 10 + 100·|λ − best(γ)| with best(γ) given per row. */
    private static WdSweep.Result madeUp(WdSweep.Grid grid, double[] bestAdam, double[] bestAdamW) {
        List<WdSweep.Cell> cells = new ArrayList<>();
        for (int j = 0; j < grid.lrs().size(); j++) {
            for (double wd : grid.wds()) {
                double lr = grid.lrs().get(j);
                cells.add(new WdSweep.Cell(ADAM, lr, wd, 10 + 100 * Math.abs(wd - bestAdam[j]), 0.3, 0.2, 1));
                cells.add(new WdSweep.Cell(ADAMW, lr, wd, 10 + 100 * Math.abs(wd - bestAdamW[j]), 0.3, 0.2, 1));
            }
        }
        return new WdSweep.Result(grid, new WdSweep.Setup(1, 64, 8, 0, 0, true), 100, 50, cells);
    }

    @Test
    void theGridIsSortedAndChecked() {
        WdSweep.Grid g = new WdSweep.Grid(List.of(3e-3, 1e-4, 1e-3), List.of(1e-2, 0.0));
        assertEquals(List.of(1e-4, 1e-3, 3e-3), g.lrs());
        assertEquals(List.of(0.0, 1e-2), g.wds());
        assertEquals(6, g.size());
        assertThrows(IllegalArgumentException.class, () -> new WdSweep.Grid(List.of(), List.of(0.0)));
        assertThrows(IllegalArgumentException.class, () -> new WdSweep.Grid(List.of(Double.NaN), List.of(0.0)));
        assertThrows(IllegalArgumentException.class, () -> new WdSweep.Grid(List.of(1e-3), List.of(Double.POSITIVE_INFINITY)));
        assertThrows(IllegalArgumentException.class, () -> new WdSweep.Setup(0, 64, 8, 0, 0, true));
    }

    @Test
    void bestWeightDecaysPerRateIncludeEveryTie() {
        WdSweep.Grid g = new WdSweep.Grid(List.of(1e-3, 1e-2), List.of(0.0, 1e-2, 2e-2));
        WdSweep.Result r = madeUp(g, new double[] {1e-2, 2e-2}, new double[] {1e-2, 1e-2});
        assertEquals(List.of(List.of(1e-2), List.of(2e-2)), r.bestWdsPerLr(ADAM));
        assertEquals(List.of(List.of(1e-2), List.of(1e-2)), r.bestWdsPerLr(ADAMW));
        WdSweep.Result tie = madeUp(g, new double[] {0.005, 2e-2}, new double[] {1e-2, 1e-2});
        assertEquals(List.of(0.0, 1e-2), tie.bestWdsPerLr(ADAM).get(0));
        assertEquals(10, r.best(ADAM).testError(), 1e-12);
    }

    @Test
    void csvListsAdamThenAdamWInGridOrder() {
        WdSweep.Grid g = new WdSweep.Grid(List.of(1e-3, 1e-2), List.of(0.0, 1e-2));
        List<String> lines = WdSweep.csv(madeUp(g, new double[] {0, 0}, new double[] {0, 0})).lines().toList();
        assertEquals(9, lines.size());
        assertTrue(lines.get(1).startsWith("Adam+L2,0.001,0.0,1,100,50,10.00,"), lines.get(1));
        assertTrue(lines.get(8).startsWith("AdamW,0.01,0.01,1,100,50,11.00,"), lines.get(8));
    }

    @Test
    void thePictureIsTwoPanelsOfTheAdvertisedSize() {
        WdSweep.Grid g = new WdSweep.Grid(List.of(1e-3, 1e-2), List.of(0.0, 1e-2));
        BufferedImage img = SweepPlot.render(madeUp(g, new double[] {0, 1e-2}, new double[] {0, 0}));
        assertEquals(SweepPlot.WIDTH, img.getWidth());
        assertEquals(SweepPlot.HEIGHT, img.getHeight());
        // Low error is green, high error red, on one scale for both panels.
        assertTrue(SweepPlot.colour(10, 10, 11).getGreen() > SweepPlot.colour(10, 10, 11).getRed());
        assertTrue(SweepPlot.colour(11, 10, 11).getRed() > SweepPlot.colour(11, 10, 11).getGreen());
    }

    @Test
    void limitKeepsTheFirstTrainingImagesAndTheWholeTestSplit() {
        byte[] images = new byte[5 * 4];
        for (int i = 0; i < images.length; i++) {
            images[i] = (byte) i;
        }
        Dataset train = new Dataset(images, new byte[] {0, 1, 2, 3, 4}, 5, 2, 2);
        Dataset test = new Dataset(new byte[4], new byte[] {7}, 1, 2, 2);
        MnistData cut = WdSweep.limit(new MnistData(train, test, "toy"), 2);
        assertEquals(2, cut.train().count());
        assertEquals(1, cut.train().label(1));
        assertEquals(7, cut.train().pixel(1, 3));
        assertSame(test, cut.test());
        assertEquals("toy, first 2 training images", cut.description());
        assertEquals(5, WdSweep.limit(new MnistData(train, test, "toy"), 0).train().count());
    }

    @Test
    void axisLabelsAreShort() {
        assertEquals("0", SweepPlot.label(0));
        assertEquals("1e-4", SweepPlot.label(1e-4));
        assertEquals("3e-3", SweepPlot.label(3e-3));
        assertEquals("1", SweepPlot.label(1));
        assertEquals("30", SweepPlot.label(30));
        assertEquals("0.0015", SweepPlot.label(1.5e-3));
    }
}
