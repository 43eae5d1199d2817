package dev.jgrad.learn;

import dev.jgrad.learn.train.EpochMetrics;
import dev.jgrad.learn.train.PlotFile;
import org.junit.jupiter.api.Test;

import java.awt.GraphicsEnvironment;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The pictures draw without a display even when {@code DISPLAY} names an X server that cannot be reached (a stale
 * SSH session, a CI runner with DISPLAY set): every renderer makes AWT headless first, and no plot class starts AWT
 * as it loads. Without that, the first graphics of a BufferedImage fails with "Can't connect to X11 window server".
 * Each picture is drawn in a JVM of its own, because AWT reads the setting once, when it starts.
 */
final class HeadlessPlotsTest {
    private static final List<String> PICTURES = List.of("sharpness", "trajectory", "sweep", "race", "epochs");

    @Test
    void everyKindOfPictureDrawsWithAnUnreachableDisplay() throws IOException, InterruptedException {
        for (String picture : PICTURES) {
            ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
                    Draw.class.getName(), picture).redirectErrorStream(true);
            pb.environment().put("DISPLAY", "127.0.0.1:99");   // no X server listens there
            Process p = pb.start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), out);
            assertEquals(0, p.exitValue(), picture + ": " + out);
            List<String> lines = out.lines().toList();   // a kernel notice may come first
            assertEquals("drew " + picture + ", headless", lines.get(lines.size() - 1), out);
        }
    }

    /** Draws the one picture its argument names, from made-up numbers. */
    static final class Draw {
        public static void main(String[] args) {
            switch (args[0]) {
                case "sharpness" -> SharpnessPlot.render(List.of(new Sharpness.Run(0.5, List.of(
                        new Sharpness.Point(0, 3.0, 2.3), new Sharpness.Point(10, 3.9, 1.9)))), "no display");
                case "trajectory" -> TrajectoryPlot.render(Surface.ROSENBROCK, List.of(Trajectories.run(
                        Surface.ROSENBROCK, Method.ADAM, 0.1, 0, new double[] {-1.2, 1}, 5)));
                case "sweep" -> SweepPlot.render(new WdSweep.Result(new WdSweep.Grid(List.of(1e-3), List.of(0.0, 1e-2)),
                        new WdSweep.Setup(1, 64, 8, 0, 0, true), 100, 50, List.of(
                                new WdSweep.Cell("Adam", 1e-3, 0, 10, 0.3, 0.2, 1),
                                new WdSweep.Cell("Adam", 1e-3, 1e-2, 11, 0.3, 0.2, 1),
                                new WdSweep.Cell("AdamW", 1e-3, 0, 9, 0.3, 0.2, 1),
                                new WdSweep.Cell("AdamW", 1e-3, 1e-2, 8, 0.3, 0.2, 1))));
                case "race" -> RacePlot.render(List.of(new Race.Standing("AdamW", 1e-3, List.of(new Race.Result(0,
                        "AdamW", 1e-3, 0, List.of(new Race.Epoch(1, 0.5, 0.9, 1.0), new Race.Epoch(2, 0.4, 0.92, 2.0)),
                        null)))), "no display");
                case "epochs" -> PlotFile.render(List.of(new EpochMetrics(1, 0.6, 0.4, 88.0, 1.0, 1000, 1e-3)),
                        "no display");
                default -> throw new IllegalArgumentException(args[0]);
            }
            String display = GraphicsEnvironment.isHeadless() ? ", headless" : ", with a display";
            System.out.println("drew " + args[0] + display);
        }
    }
}
