package dev.jgrad.cli;

import com.sun.net.httpserver.HttpServer;
import dev.jgrad.learn.data.IdxFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The command line as a user meets it: exit codes, one-line errors, and the files it writes. */
class CliTest {
    @TempDir
    Path tmp;

    record Run(int code, String out, String err) {
        List<String> errLines() {
            return err.lines().toList();
        }
    }

    static Run jgrad(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), args);
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** Exit 2 with exactly one line naming the problem (and no stack trace). */
    static void assertOneLineError(Run r, String... fragments) {
        assertEquals(2, r.code(), "exit code; stderr: " + r.err());
        assertEquals(1, r.errLines().size(), "one line expected, got: " + r.err());
        for (String f : fragments) {
            assertTrue(r.err().contains(f), "expected '" + f + "' in: " + r.err());
        }
        assertFalse(r.err().contains("\tat "), r.err());
    }

    /** Exit 2 with the problem and a pointer to --help on one line. */
    static void assertUsageError(Run r, String... fragments) {
        assertEquals(2, r.code(), "exit code; stderr: " + r.err());
        assertEquals(1, r.errLines().size(), "one line expected, got: " + r.err());
        for (String f : fragments) {
            assertTrue(r.errLines().get(0).contains(f), "expected '" + f + "' in: " + r.err());
        }
        assertTrue(r.errLines().get(0).contains("--help"), r.err());
    }

    Path fixture() {
        return IdxFixture.write(tmp.resolve("data"), 300, 100, 28);
    }

    // ---------------------------------------------------------------- runs that work

    @Test
    void aShortRunPrintsEpochLinesAndWritesMetricsPlotAndCheckpoint() throws Exception {
        Path data = fixture();
        Path metrics = tmp.resolve("out/metrics.jsonl");
        Path plot = tmp.resolve("out/curves.png");
        Path ckpt = tmp.resolve("ckpt");
        Run r = jgrad("mnist", "--data", data.toString(), "--model", "linear", "--epochs", "2", "--batch-size", "32",
                "--metrics", metrics.toString(), "--plot", plot.toString(), "--checkpoint", ckpt.toString());

        assertEquals(0, r.code(), r.err());
        List<String> lines = r.out().lines().toList();
        assertTrue(lines.get(0).startsWith("Data: 300 train / 100 test images from "), r.out());
        assertTrue(lines.get(1).startsWith("Model: linear-784-10 (7,850 parameters); AdamW(lr=0.001, betas=(0.9, 0.999), "
                + "eps=1e-08, weight_decay=0.01); constant learning rate; 2 epochs of 10 steps (batch 32), seed 0"), r.out());
        assertTrue(lines.get(2).matches("Epoch 1, Loss: \\d\\.\\d{4}, Test Accuracy: \\d+\\.\\d{2}% \\(.* s, \\d+ samples/s\\)"),
                lines.get(2));
        assertTrue(lines.get(3).startsWith("Epoch 2, Loss: "), r.out());
        assertTrue(lines.get(4).startsWith("Done: 2 epochs trained in "), r.out());
        assertTrue(r.out().contains("Test Accuracy: 100.00%"), "the fixture's classes are trivially separable: " + r.out());

        List<String> json = Files.readAllLines(metrics);
        assertEquals(2, json.size());
        assertTrue(json.get(0).matches("\\{\"epoch\":1,\"train_loss\":[-0-9.E]+,\"test_loss\":[-0-9.E]+,"
                + "\"test_accuracy\":[0-9.]+,\"train_seconds\":[0-9.E-]+,\"samples_per_second\":[0-9.E]+,"
                + "\"learning_rate\":0\\.001,\"diverged\":false}"), json.get(0));
        byte[] png = Files.readAllBytes(plot);
        assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G'}, Arrays.copyOf(png, 4));
        assertTrue(Files.isRegularFile(ckpt.resolve("checkpoint.json")));
        assertTrue(Files.isRegularFile(ckpt.resolve("model-epoch-2.safetensors")));
    }

    @Test
    void theBundledDigitsTrainWithoutANetwork() {
        Run r = jgrad("mnist", "--bundled", "--model", "linear", "--epochs", "1", "--no-progress");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().startsWith("Data: bundled MNIST subset, 8000 train / 2000 test digits (for full MNIST"), r.out());
        String epoch = r.out().lines().filter(l -> l.startsWith("Epoch 1, Loss: ")).findFirst().orElseThrow();
        double accuracy = Double.parseDouble(epoch.replaceAll(".*Test Accuracy: ([0-9.]+)%.*", "$1"));
        assertTrue(accuracy > 80, "softmax regression after one epoch: " + epoch);
        assertEquals("", r.err(), "no progress lines with --no-progress");
    }

    @Test
    void threadsSetsTheKernelsSystemProperty() {
        String before = System.getProperty("jgrad.threads");
        try {
            Run r = jgrad("mnist", "--data", fixture().toString(), "--model", "linear", "--epochs", "1", "--threads", "1");
            assertEquals(0, r.code(), r.err());
            assertEquals("1", System.getProperty("jgrad.threads"));
        } finally {
            if (before == null) {
                System.clearProperty("jgrad.threads");
            } else {
                System.setProperty("jgrad.threads", before);
            }
        }
    }

    @Test
    void twoEpochsThenResumeGiveTheSameWeightFileAsThreeStraight() throws Exception {
        Path data = fixture();
        String[] common = {"mnist", "--data", data.toString(), "--model", "mlp", "--hidden", "16", "--batch-size", "40",
            "--schedule", "step", "--step-size", "1", "--gamma", "0.5", "--seed", "3"};
        Run straight = jgrad(concat(common, "--epochs", "3", "--checkpoint", tmp.resolve("a").toString()));
        Run first = jgrad(concat(common, "--epochs", "2", "--checkpoint", tmp.resolve("b").toString()));
        Run resumed = jgrad(concat(common, "--epochs", "3", "--checkpoint", tmp.resolve("b").toString(), "--resume"));
        assertEquals(0, straight.code(), straight.err());
        assertEquals(0, first.code(), first.err());
        assertEquals(0, resumed.code(), resumed.err());
        assertTrue(resumed.out().contains("Resumed from " + tmp.resolve("b") + " after epoch 2"), resumed.out());
        assertTrue(resumed.out().contains("Epoch 3, Loss: "), resumed.out());
        assertFalse(resumed.out().contains("Epoch 2, Loss: "), resumed.out());
        assertArrayEquals(Files.readAllBytes(tmp.resolve("a/model-epoch-3.safetensors")),
                Files.readAllBytes(tmp.resolve("b/model-epoch-3.safetensors")));
        assertEquals(Files.readString(tmp.resolve("a/optimizer-epoch-3.json")),
                Files.readString(tmp.resolve("b/optimizer-epoch-3.json")));

        Run again = jgrad(concat(common, "--epochs", "3", "--checkpoint", tmp.resolve("b").toString(), "--resume"));
        assertEquals(0, again.code(), again.err());
        assertTrue(again.out().contains("nothing to train"), again.out());
    }

    @Test
    void helpAndVersionExitZero() {
        Run help = jgrad("mnist", "--help");
        assertEquals(0, help.code());
        assertFalse(help.err().contains("WARN"), "help text must format cleanly: " + help.err());
        for (String option : List.of("--data", "--download", "--bundled", "--cache-dir", "--mirror", "--model", "--hidden",
                "--optimizer", "--lr", "--weight-decay", "--betas", "--eps", "--momentum", "--nesterov", "--epochs",
                "--batch-size", "--schedule", "--step-size", "--gamma", "--patience", "--seed", "--threads",
                "--no-progress", "--metrics", "--plot", "--checkpoint", "--resume", "--debug")) {
            assertTrue(help.out().contains(option), option + " missing from --help");
        }
        assertEquals(0, jgrad("--version").code());
        assertEquals(0, jgrad("replay", "--help").code());
    }

    // ---------------------------------------------------------------- bad options

    @Test
    void badOptionValuesExitTwoWithTheOptionNamed() {
        assertUsageError(jgrad(), "missing command");
        assertUsageError(jgrad("mnist", "--epochs", "0"), "--epochs must be at least 1, got 0");
        assertUsageError(jgrad("mnist", "--epochs", "many"), "--epochs", "many");
        assertUsageError(jgrad("mnist", "--batch-size", "-3"), "--batch-size must be at least 1");
        assertUsageError(jgrad("mnist", "--lr", "-1"), "--lr: Invalid learning rate: -1.0 (must be >= 0)");
        assertUsageError(jgrad("mnist", "--lr", "NaN"), "--lr");
        assertUsageError(jgrad("mnist", "--model", "cnn"), "--model", "cnn");
        assertUsageError(jgrad("mnist", "--optimizer", "rmsprob"), "--optimizer: unknown optimizer 'rmsprob' (known: SGD, Adam, AdamW");
        assertUsageError(jgrad("mnist", "--schedule", "warm"), "--schedule", "warm");
        assertUsageError(jgrad("mnist", "--betas", "0.9"), "--betas takes two values");
        assertUsageError(jgrad("mnist", "--betas", "0.9,1.5"), "Invalid beta parameter at index 1: 1.5 (must be in [0, 1))");
        assertUsageError(jgrad("mnist", "--momentum", "0.9"), "--momentum does not apply to AdamW (its options: lr, betas, eps, weight_decay, amsgrad, maximize)");
        assertUsageError(jgrad("mnist", "--option", "amsgrad"), "--option takes KEY=VALUE");
        assertUsageError(jgrad("mnist", "--option", "foo=1"), "--option foo does not apply to AdamW");
        assertUsageError(jgrad("mnist", "--option", "amsgrad=maybe"), "option 'amsgrad' of AdamW must be true or false, got \"maybe\"");
        assertUsageError(jgrad("mnist", "--optimizer", "sgd", "--nesterov"), "Nesterov momentum requires a momentum and zero dampening");
        assertUsageError(jgrad("mnist", "--optimizer", "sgd", "--eps", "1e-6"), "--eps does not apply to SGD");
        assertUsageError(jgrad("mnist", "--gamma", "2"), "--gamma must be in [0, 1)");
        assertUsageError(jgrad("mnist", "--threads", "0"), "--threads must be at least 1");
        assertUsageError(jgrad("mnist", "--resume"), "--resume needs --checkpoint");
        assertUsageError(jgrad("mnist", "--data", "x", "--download"), "give at most one");
        assertUsageError(jgrad("mnist", "--download", "--mirror", "ftp://example.invalid/"), "--mirror",
                "http or https");
        assertUsageError(jgrad("mnist", "--no-such-option"), "--no-such-option");
        assertUsageError(jgrad("replay"), "FILE");
    }

    @Test
    void debugAddsTheStackTrace() {
        Run r = jgrad("mnist", "--data", tmp.resolve("nowhere").toString(), "--debug");
        assertEquals(2, r.code());
        assertTrue(r.errLines().size() > 1 && r.err().contains("\tat "), r.err());
    }

    // ---------------------------------------------------------------- bad data

    @Test
    void missingDataDirectoryOrFile() throws Exception {
        assertOneLineError(jgrad("mnist", "--data", tmp.resolve("nowhere").toString()), "nowhere", "directory not found");
        Path data = fixture();
        Files.delete(data.resolve("train-labels-idx1-ubyte"));
        assertOneLineError(jgrad("mnist", "--data", data.toString()), "missing train-labels-idx1-ubyte");
    }

    @Test
    void wrongMagicTruncatedDataCountMismatchAndBadLabel() throws Exception {
        Path data = fixture();
        Path images = data.resolve("train-images-idx3-ubyte");
        Path labels = data.resolve("train-labels-idx1-ubyte");
        byte[] good = Files.readAllBytes(images);
        byte[] goodLabels = Files.readAllBytes(labels);

        byte[] bad = good.clone();
        bad[3] = 0x01;
        Files.write(images, bad);
        assertOneLineError(jgrad("mnist", "--data", data.toString()), "train-images-idx3-ubyte", "wrong magic number");

        Files.write(images, Arrays.copyOf(good, good.length - 100));
        assertOneLineError(jgrad("mnist", "--data", data.toString()), "train-images-idx3-ubyte", "truncated");

        Files.write(images, good);
        Files.write(labels, IdxFixture.labels(299));
        assertOneLineError(jgrad("mnist", "--data", data.toString()), "has 300 images but", "has 299 labels");

        byte[] badLabel = goodLabels.clone();
        badLabel[8 + 5] = 12;
        Files.write(labels, badLabel);
        assertOneLineError(jgrad("mnist", "--data", data.toString()), "train-labels-idx1-ubyte", "label #5 is 12");
    }

    @Test
    void imagesOfAnotherSizeThanTheModelTakes() {
        Path data = IdxFixture.write(tmp.resolve("small-images"), 50, 20, 20);
        assertOneLineError(jgrad("mnist", "--data", data.toString()), "train-images-idx3-ubyte", "20x20", "expected 784");
    }

    // ---------------------------------------------------------------- checkpoints

    @Test
    void resumingWithoutACheckpointOrFromAnotherModelOrADamagedOne() throws Exception {
        Path data = fixture();
        Path ckpt = tmp.resolve("ckpt");
        assertOneLineError(jgrad("mnist", "--data", data.toString(), "--checkpoint", ckpt.toString(), "--resume"),
                "checkpoint directory not found");

        assertEquals(0, jgrad("mnist", "--data", data.toString(), "--model", "linear", "--epochs", "1",
                "--checkpoint", ckpt.toString()).code());
        assertOneLineError(jgrad("mnist", "--data", data.toString(), "--hidden", "20", "--checkpoint", ckpt.toString(),
                "--resume"), "checkpoint.json", "model linear-784-10 (this run: mlp-784-20-10)");

        Path weights = ckpt.resolve("model-epoch-1.safetensors");
        byte[] w = Files.readAllBytes(weights);
        Files.write(weights, Arrays.copyOf(w, w.length / 2));
        assertOneLineError(jgrad("mnist", "--data", data.toString(), "--model", "linear", "--checkpoint", ckpt.toString(),
                "--resume"), "model-epoch-1.safetensors");

        Files.writeString(ckpt.resolve("checkpoint.json"), "{\"format\": \"something else\"");
        assertOneLineError(jgrad("mnist", "--data", data.toString(), "--model", "linear", "--checkpoint", ckpt.toString(),
                "--resume"), "checkpoint.json", "not a valid checkpoint manifest");
    }

    // ---------------------------------------------------------------- downloads (loopback only)

    @Test
    void noReachableMirrorSaysHowToWorkOffline() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        Run r = jgrad("mnist", "--download", "--cache-dir", tmp.resolve("cache").toString(),
                "--mirror", "http://127.0.0.1:" + closedPort + "/mnist/", "--no-progress");
        assertEquals(2, r.code(), r.err());
        String last = r.errLines().get(r.errLines().size() - 1);
        assertTrue(last.contains("could not download train-images-idx3-ubyte.gz from any mirror"), last);
        assertTrue(last.contains("to work offline"), last);
        assertFalse(r.err().contains("\tat "), r.err());
    }

    @Test
    void aChecksumMismatchLeavesNoPartialFile() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        byte[] wrong = "not mnist".getBytes(StandardCharsets.UTF_8);
        server.createContext("/", exchange -> {
            exchange.sendResponseHeaders(200, wrong.length);
            exchange.getResponseBody().write(wrong);
            exchange.close();
        });
        server.start();
        try {
            Path cache = tmp.resolve("cache");
            Run r = jgrad("mnist", "--download", "--cache-dir", cache.toString(),
                    "--mirror", "http://127.0.0.1:" + server.getAddress().getPort() + "/m/");
            assertEquals(2, r.code(), r.err());
            assertTrue(r.err().contains("SHA-256 mismatch"), r.err());
            try (var files = Files.list(cache)) {
                assertEquals(0, files.count(), "the cache must stay empty");
            }
        } finally {
            server.stop(0);
        }
    }

    static String[] concat(String[] a, String... b) {
        String[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
