package dev.jgrad.cli;

import dev.jgrad.learn.data.IdxFixture;
import dev.jgrad.optim.AdamOptions;
import dev.jgrad.optim.AdamW;
import dev.jgrad.optim.OptimizerRegistry;
import dev.jgrad.optim.SGD;
import dev.jgrad.optim.SgdOptions;
import dev.jgrad.tensor.Tensor;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.util.ArrayList;
import java.util.Arrays;
import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.jgrad.cli.CliTest.assertOneLineError;
import static dev.jgrad.cli.CliTest.assertUsageError;
import static dev.jgrad.cli.CliTest.jgrad;
import static org.junit.jupiter.api.Assertions.*;

/** The learning tools as a user runs them: explain, trajectories, wd-sweep and graph. */
class LearnCommandsTest {
    @TempDir
    Path tmp;

    /** A path under a regular file: no one, not even root, can create it. */
    private Path unwritable(String name) throws IOException {
        Path file = Files.writeString(tmp.resolve("a-file"), "x");
        return file.resolve(name);
    }

    private static BufferedImage png(Path p) throws IOException {
        BufferedImage img = ImageIO.read(p.toFile());
        assertNotNull(img, p + " is not a PNG");
        return img;
    }

    // ---------------------------------------------------------------- explain

    @Test
    void explainPrintsTheBoxAndOneRowPerStepAndWritesCsv() throws IOException {
        Path csv = tmp.resolve("out/steps.csv");
        CliTest.Run r = jgrad("explain", "--optimizer", "adamw", "--lr", "0.1", "--weight-decay", "0.1", "--theta", "1",
                "--grads", "0.5,-0.2,0.4", "--csv", csv.toString());
        assertEquals(0, r.code(), r.err());
        List<String> lines = r.out().lines().toList();
        assertEquals("AdamW(lr=0.1, betas=(0.9, 0.999), eps=1e-08, weight_decay=0.1) on 3 given gradients, θ₀ = 1",
                lines.get(0));
        assertTrue(r.out().contains("  (3) θ ← θ − γλθ"), r.out());
        assertTrue(lines.stream().anyMatch(l -> l.trim().startsWith("1    0.5    0.05")), r.out());
        List<String> rows = Files.readAllLines(csv);
        assertEquals("t,element,g,m,v,m_hat,v_hat,denom,decay,update,theta", rows.get(0));
        assertEquals(4, rows.size());
        assertTrue(rows.get(1).startsWith("1,θ,0.5,0.0499999"), rows.get(1)); // (1 − 0.9)·0.5 in binary
    }

    /** --dtype float32 traces the float32 loop: its θ column is the bits of a float32 AdamW run by hand. */
    @Test
    void explainInFloat32ShowsTheFloat32LoopsNumbers() throws IOException {
        Path csv = tmp.resolve("f32.csv");
        CliTest.Run r = jgrad("explain", "--optimizer", "adamw", "--lr", "0.1", "--theta", "1,-2", "--dtype", "float32",
                "--grads", "0.3,0.7,-0.2,0.1", "--csv", csv.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().lines().findFirst().orElseThrow().endsWith(", in float32"), r.out());
        Tensor p = Tensor.of(new float[] {1f, -2f}, 2).requiresGrad(true);
        var opt = new AdamW(List.of(p), AdamOptions.adamWDefaults().withLr(0.1));
        List<String> rows = Files.readAllLines(csv);
        float[][] grads = {{0.3f, 0.7f}, {-0.2f, 0.1f}};
        for (int step = 0; step < 2; step++) {
            p.setGrad(Tensor.of(grads[step], 2));
            opt.step();
            float[] theta = p.toFloatArray();
            for (int i = 0; i < 2; i++) {
                String[] cells = rows.get(1 + 2 * step + i).split(",");
                assertEquals(theta[i], (float) Double.parseDouble(cells[cells.length - 1]), "step " + (step + 1) + ", θ" + i);
            }
        }
        assertUsageError(jgrad("explain", "--dtype", "float16", "--grads", "1"), "expected float64 or float32");
    }

    /** Any registered optimizer can be explained: its columns are the names its loop reports. */
    @Test
    void explainShowsAnyRegisteredOptimizer() {
        OptimizerRegistry.register("PlainSGD", SGD.class, SgdOptions.class,
                SgdOptions.of(0.5), SGD::new);
        try {
            CliTest.Run r = jgrad("explain", "--optimizer", "plainsgd", "--grads", "1,2");
            assertEquals(0, r.code(), r.err());
            assertTrue(r.out().startsWith("PlainSGD(lr=0.5, momentum=0, dampening=0, weight_decay=0) on 2 given gradients"),
                    r.out());
            assertTrue(r.out().lines().anyMatch(l -> l.trim().matches("t\\s+g\\s+b\\s+d\\s+theta")), r.out());
            assertTrue(r.out().lines().anyMatch(l -> l.trim().matches("1\\s+1\\s+nan\\s+1\\s+0\\.5")), r.out());
        } finally {
            OptimizerRegistry.unregister("PlainSGD");
        }
    }

    @Test
    void explainOnAFunctionShowsTheChosenElements() {
        CliTest.Run r = jgrad("explain", "--optimizer", "sgd", "--lr", "0.001", "--momentum", "0.9", "--function",
                "rosenbrock", "--steps", "2", "--elements", "1");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("on rosenbrock f(x, y) = (1 − x)² + 100(y − x²)², from (x, y) = (-1.2, 1), 2 steps"),
                r.out());
        assertTrue(r.out().contains("b (4,5)"), r.out());
        assertFalse(r.out().contains("element"), "one element shown: no element column\n" + r.out());
    }

    @Test
    void explainReadsGradientsFromAFile() throws IOException {
        Path f = Files.writeString(tmp.resolve("g.txt"), "# two elements\n1, 2\n\n3 4\n");
        CliTest.Run r = jgrad("explain", "--optimizer", "sgd", "--lr", "0.5", "--grads-file", f.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("on 2 given gradients, θ₀ = [1, 1]"), r.out());
        assertEquals(4, r.out().lines().filter(l -> l.matches("\\s*[12]\\s+θ\\[[01]].*")).count(), r.out());
    }

    @Test
    void explainRejectsBadInputWithUsageErrors() throws IOException {
        assertUsageError(jgrad("explain", "--optimizer", "rmsprob", "--grads", "1"), "unknown optimizer 'rmsprob'",
                "SGD, Adam, AdamW");
        assertUsageError(jgrad("explain", "--function", "himmelblau"), "unknown function 'himmelblau'",
                "rosenbrock, beale, quadratic, saddle");
        assertUsageError(jgrad("explain", "--optimizer", "adam", "--momentum", "0.9", "--grads", "1"),
                "--momentum does not apply to Adam");
        assertUsageError(jgrad("explain", "--optimizer", "sgd", "--beta1", "0.8", "--grads", "1"),
                "--beta1 does not apply to SGD");
        assertUsageError(jgrad("explain", "--optimizer", "adam", "--paper-decay", "--grads", "1"), "adamw only");
        assertUsageError(jgrad("explain"), "give exactly one of --grads, --grads-file and --function");
        assertUsageError(jgrad("explain", "--optimizer", "muon", "--grads", "1"), "Muon only supports 2-D parameters");
        assertUsageError(jgrad("explain", "--theta", "1,2", "--grads", "1,2,3"), "not a multiple of θ's 2 elements");
        assertUsageError(jgrad("explain", "--grads", "1", "--elements", "3"), "θ has elements 0 to 0, got 3");
        assertUsageError(jgrad("explain", "--lr", "-1", "--grads", "1"), "Invalid learning rate: -1.0");
        assertUsageError(jgrad("explain", "--grads", "1", "--steps", "4"), "--steps is for --function");
        Path bad = Files.writeString(tmp.resolve("bad.txt"), "1,2\n3\n");
        assertOneLineError(jgrad("explain", "--grads-file", bad.toString()), "bad.txt:2: 1 values, but the first step has 2");
        assertOneLineError(jgrad("explain", "--grads-file", tmp.resolve("missing.txt").toString()), "cannot read",
                "no such file");
    }

    @Test
    void explainReportsAnUnwritableCsvOnOneLine() throws IOException {
        assertOneLineError(jgrad("explain", "--grads", "1", "--csv", unwritable("t.csv").toString()), "cannot write");
    }

    // ---------------------------------------------------------------- trajectories

    @Test
    void trajectoriesWritesAPicturePerFunctionAndOneCsv() throws IOException {
        Path out = tmp.resolve("pics");
        CliTest.Run r = jgrad("trajectories", "--functions", "quadratic,saddle", "--optimizers", "sgd,adam,adamw",
                "--steps", "20", "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        for (String f : List.of("quadratic", "saddle")) {
            BufferedImage img = png(out.resolve(f + ".png"));
            assertEquals(800, img.getWidth());
            assertEquals(600, img.getHeight());
        }
        assertFalse(Files.exists(out.resolve("rosenbrock.png")));
        List<String> csv = Files.readAllLines(out.resolve("trajectories.csv"));
        assertEquals("function,optimizer,lr,weight_decay,step,x,y,f", csv.get(0));
        assertEquals(1 + 2 * 3 * 21, csv.size());
        assertTrue(csv.get(1).startsWith("quadratic,sgd,0.05,0,0,-5.0,2.0,"), csv.get(1));
        assertEquals(6, r.out().lines().filter(l -> l.contains(" steps  ends at ")).count(), r.out());
    }

    @Test
    void trajectoriesValidatesNamesAndNumbers() throws IOException {
        assertUsageError(jgrad("trajectories", "--functions", "rosenbrock,ackley"), "unknown function 'ackley'",
                "valid: rosenbrock, beale, quadratic, saddle");
        assertUsageError(jgrad("trajectories", "--optimizers", "adagradd"), "unknown optimizer 'adagradd'",
                "sgd, momentum, nesterov, adam, amsgrad, adam-l2, adamw");
        assertUsageError(jgrad("trajectories", "--steps", "0"), "--steps must be between 1 and 100000, got 0");
        assertUsageError(jgrad("trajectories", "--start", "1"), "--start needs two finite numbers");
        assertUsageError(jgrad("trajectories", "--adam-lr", "0"), "--adam-lr must be a finite number > 0");
        assertUsageError(jgrad("trajectories", "--weight-decay", "-1"), "--weight-decay must be a finite number >= 0");
        assertOneLineError(jgrad("trajectories", "--functions", "quadratic", "--steps", "2", "--out",
                unwritable("pics").toString()), "cannot create directory");
    }

    // ---------------------------------------------------------------- wd-sweep

    @Test
    void wdSweepOnATinyGridWritesAWellFormedCsvAndAPictureOfTheRightSize() throws IOException {
        Path data = IdxFixture.write(tmp.resolve("data"), 120, 50, 28);
        Path out = tmp.resolve("sweep");
        CliTest.Run r = jgrad("wd-sweep", "--data", data.toString(), "--lrs", "3e-3,1e-3", "--wds", "0,1e-2,1e-4",
                "--epochs", "1", "--limit", "100", "--hidden", "8", "--batch-size", "20", "--jobs", "2",
                "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        BufferedImage img = png(out.resolve("wd-sweep.png"));
        assertEquals(1000, img.getWidth());
        assertEquals(500, img.getHeight());

        List<String> csv = Files.readAllLines(out.resolve("wd-sweep.csv"));
        assertEquals("optimizer,lr,weight_decay,epochs,train_images,test_images,test_error_percent,test_loss,train_loss,seconds,"
                + "run,runs,batch_size,hidden,seed,decay", csv.get(0));
        assertEquals(1 + 2 * 2 * 3, csv.size());
        Set<String> cells = new HashSet<>();
        for (String line : csv.subList(1, csv.size())) {
            String[] f = line.split(",", -1);
            assertEquals(16, f.length, line);
            assertEquals(List.of("12", "20", "8", "0", "paper"), List.of(f).subList(11, 16), line);
            assertTrue(Set.of("Adam+L2", "AdamW").contains(f[0]), line);
            assertTrue(cells.add(f[0] + "|" + f[1] + "|" + f[2]), "duplicate cell " + line);
            assertEquals("1", f[3]);
            assertEquals("100", f[4]);
            assertEquals("50", f[5]);
            double error = Double.parseDouble(f[6]);
            assertTrue(error >= 0 && error <= 100, line);
            for (int i = 7; i < 10; i++) {
                assertTrue(Double.isFinite(Double.parseDouble(f[i])), line);
            }
        }
        for (String opt : List.of("Adam+L2", "AdamW")) {
            for (String lr : List.of("0.001", "0.003")) {
                for (String wd : List.of("0.0", "1.0E-4", "0.01")) {
                    assertTrue(cells.contains(opt + "|" + lr + "|" + wd), opt + " " + lr + " " + wd + " in " + cells);
                }
            }
        }
        assertTrue(r.out().contains("[12/12]"), r.out());
        assertTrue(r.out().contains("AdamW   lowest error "), r.out());
    }

    @Test
    void wdSweepGivesTheSameNumbersWhateverTheNumberOfJobs() throws IOException {
        Path data = IdxFixture.write(tmp.resolve("data"), 60, 30, 28);
        List<String> runs = new ArrayList<>();
        for (String jobs : List.of("1", "2")) {
            Path out = tmp.resolve("j" + jobs);
            assertEquals(0, jgrad("wd-sweep", "--data", data.toString(), "--lrs", "1e-3", "--wds", "0,1e-3", "--epochs",
                    "1", "--hidden", "4", "--jobs", jobs, "--out", out.toString()).code());
            runs.add(Files.readAllLines(out.resolve("wd-sweep.csv")).stream()
                    .map(l -> l.replaceFirst(",[^,]*(,[^,]*,[^,]*,[^,]*,[^,]*,[^,]*,[^,]*)$", "$1")).toList().toString()); // all but the timing
        }
        assertEquals(runs.get(0), runs.get(1));
    }

    @Test
    void wdSweepCellsMergeIntoTheWholeSweep() throws IOException {
        Path data = IdxFixture.write(tmp.resolve("data"), 60, 30, 28);
        String[] sweep = {"wd-sweep", "--data", data.toString(), "--lrs", "1e-3,3e-3", "--wds", "0,1e-3", "--epochs", "1",
            "--hidden", "4"};
        Path whole = tmp.resolve("whole"), cells = tmp.resolve("cells"), merged = tmp.resolve("merged");
        assertEquals(0, jgrad(concat(sweep, "--out", whole.toString())).code());
        for (int i = 1; i <= 3; i++) {
            CliTest.Run c = jgrad(concat(sweep, "--cell", i + "/3", "--out", cells.toString()));
            assertEquals(0, c.code(), c.err());
        }
        List<String> parts = new ArrayList<>(List.of("wd-sweep", "merge", "--out", merged.toString()));
        for (int i = 1; i <= 3; i++) {
            parts.add(cells.resolve("wd-sweep-cell-" + i + "-of-3.csv").toString());
        }
        CliTest.Run m = jgrad(parts.toArray(new String[0]));
        assertEquals(0, m.code(), m.err());
        assertEquals(untimed(whole.resolve("wd-sweep.csv")), untimed(merged.resolve("wd-sweep.csv")));
        assertTrue(Files.size(merged.resolve("wd-sweep.png")) > 1000);
        assertUsageError(jgrad("wd-sweep", "merge", "--out", merged.toString(), parts.get(4), parts.get(5)),
                "in none of the files: a slice is missing");
        assertUsageError(jgrad("wd-sweep", "--cell", "4/3"), "--cell: a cell is i/n with 1 <= i <= n");
    }

    private static String[] concat(String[] a, String... b) {
        String[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static List<String> untimed(Path csv) throws IOException {
        return Files.readAllLines(csv).stream()
                .map(l -> l.replaceFirst(",[^,]*(,[^,]*,[^,]*,[^,]*,[^,]*,[^,]*,[^,]*)$", "$1")).toList();
    }

    @Test
    void wdSweepValidatesTheGrid() throws IOException {
        assertUsageError(jgrad("wd-sweep", "--lrs", "0,1e-3"), "--lrs: learning rates must be finite and > 0, got 0.0");
        assertUsageError(jgrad("wd-sweep", "--wds", "-1e-3"), "--wds: weight decays must be finite and >= 0");
        assertUsageError(jgrad("wd-sweep", "--wds", "0,0"), "--wds: weight decays must be distinct");
        assertUsageError(jgrad("wd-sweep", "--lrs", "1,2,3,4,5,6,7,8,9,10,11,12,13"), "--lrs: give 1 to 12 learning rates, got 13");
        assertUsageError(jgrad("wd-sweep", "--epochs", "0"), "--epochs must be between 1 and 1000, got 0");
        assertUsageError(jgrad("wd-sweep", "--limit", "-5"), "--limit must be between 0");
        assertUsageError(jgrad("wd-sweep", "--jobs", "0"), "--jobs must be between 1 and 256");
        assertUsageError(jgrad("wd-sweep", "--threads", "0"), "--threads must be between 1 and 1024");
        assertUsageError(jgrad("wd-sweep", "--decay", "optax"), "unknown --decay 'optax' (valid: paper, pytorch)");
        assertOneLineError(jgrad("wd-sweep", "--out", unwritable("sweep").toString()), "cannot create directory");
        assertOneLineError(jgrad("wd-sweep", "--data", tmp.resolve("nowhere").toString()), "directory not found");
    }

    // ---------------------------------------------------------------- graph

    private static final Pattern NODE = Pattern.compile("\\s*(t\\d+) \\[label=\"((?:[^\"\\\\]|\\\\.)*)\"[^\\]]*\\];");
    private static final Pattern EDGE = Pattern.compile("\\s*(t\\d+) -> (t\\d+);");

    /** Node labels by id, after checking that brackets and quotes balance and every edge joins declared nodes. */
    static Map<String, String> parseDot(String dot) {
        ArrayDeque<Character> open = new ArrayDeque<>();
        boolean inString = false;
        for (int i = 0; i < dot.length(); i++) {
            char c = dot.charAt(i);
            if (inString) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    inString = false;
                }
            } else if (c == '"') {
                inString = true;
            } else if (c == '{' || c == '[') {
                open.push(c);
            } else if (c == '}' || c == ']') {
                assertEquals(c == '}' ? '{' : '[', open.pop(), "unbalanced " + c);
            }
        }
        assertFalse(inString);
        assertTrue(open.isEmpty());
        Map<String, String> labels = new HashMap<>();
        List<String> lines = dot.lines().toList();
        assertEquals("digraph autograd {", lines.get(0));
        for (String line : lines) {
            Matcher n = NODE.matcher(line);
            if (n.matches()) {
                labels.put(n.group(1), n.group(2).replace("\\n", "\n"));
            }
        }
        for (String line : lines) {
            Matcher e = EDGE.matcher(line);
            if (!e.matches()) {
                continue;
            }
            assertTrue(labels.containsKey(e.group(1)) && labels.containsKey(e.group(2)), "undeclared node in " + line);
        }
        return labels;
    }

    @Test
    void graphWritesTheMlpsTrainingGraphAndSaysHowToRenderItWithoutGraphviz() throws IOException {
        Path dot = tmp.resolve("g/mlp.dot");
        CliTest.Run r = jgrad("graph", "--out", dot.toString(), "--dot", tmp.resolve("no/dot").toString());
        assertEquals(0, r.code(), r.err());
        Map<String, String> labels = parseDot(Files.readString(dot));
        Set<String> ops = new HashSet<>();
        for (String l : labels.values()) {
            ops.add(l.split("\n")[0]);
        }
        // Linear is x·Wᵀ + b as one fused op; then ReLU; the loss is one fused op.
        assertEquals(Set.of("0.weight", "0.bias", "2.weight", "2.bias", "linear", "relu", "crossEntropy"), ops);
        assertEquals(8, labels.size());
        assertTrue(labels.values().stream().anyMatch(l -> l.startsWith("0.weight\n[500, 784] float32\n‖grad‖ = ")),
                labels.toString());
        assertTrue(labels.containsValue("crossEntropy\n[] float32\n(root)\n‖grad‖ = 1.000"), labels.toString());
        assertTrue(labels.values().stream().allMatch(l -> l.contains("‖grad‖ = ")), labels.toString());
        assertTrue(r.out().contains("Graphviz's dot was not found at "), r.out());
        assertTrue(r.out().contains("apt-get install graphviz") && r.out().contains("dot -Tsvg " + dot), r.out());
        assertFalse(Files.exists(tmp.resolve("g/mlp.svg")));
    }

    @Test
    void graphRendersSvgAndPngWhenGraphvizIsInstalled() throws IOException {
        boolean installed = Arrays.stream(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .anyMatch(d -> !d.isEmpty() && Files.isExecutable(Path.of(d, "dot")));
        Assumptions.assumeTrue(installed, "Graphviz's dot is not on the PATH");
        Path dot = tmp.resolve("mlp.dot");
        CliTest.Run r = jgrad("graph", "--out", dot.toString(), "--hidden", "16", "--no-grad-norms");
        assertEquals(0, r.code(), r.err());
        assertTrue(Files.readString(tmp.resolve("mlp.svg")).contains("<svg"));
        assertTrue(png(tmp.resolve("mlp.png")).getWidth() > 0);
        assertFalse(Files.readString(dot).contains("‖grad‖"));
    }

    @Test
    void graphRejectsBadSizesAndUnwritablePaths() throws IOException {
        assertUsageError(jgrad("graph", "--hidden", "0"), "--hidden must be between 1 and 100000, got 0");
        assertUsageError(jgrad("graph", "--batch-size", "0"), "--batch-size must be between 1 and 8000, got 0");
        assertOneLineError(jgrad("graph", "--out", unwritable("g.dot").toString()), "cannot write");
    }
}
