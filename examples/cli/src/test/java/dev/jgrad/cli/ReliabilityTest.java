package dev.jgrad.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jgrad.cli.CliTest.Run;
import dev.jgrad.cli.mnist.MnistCommand;
import dev.jgrad.learn.data.IdxFixture;
import dev.jgrad.learn.data.MnistSource;
import dev.jgrad.learn.train.Checkpoint;
import dev.jgrad.learn.train.CheckpointLock;
import dev.jgrad.learn.train.ModelSpec;
import dev.jgrad.learn.train.TrainConfig;
import dev.jgrad.learn.train.Trainer;
import dev.jgrad.learn.train.TrainingDivergedException;
import dev.jgrad.learn.train.TrainingListener;
import dev.jgrad.ops.Indexing;
import dev.jgrad.tensor.Generator;
import dev.jgrad.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static dev.jgrad.cli.CliTest.assertOneLineError;
import static dev.jgrad.cli.CliTest.jgrad;
import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Failures around training: a second writer, divergence, other data, memory, unwritable outputs. */
class ReliabilityTest {
    @TempDir
    Path tmp;

    private Path fixture() {
        return IdxFixture.write(tmp.resolve("data"), 300, 100, 28);
    }

    private static Map<String, float[]> weights(Trainer t) {
        Map<String, float[]> w = new LinkedHashMap<>();
        t.model().stateDict().forEach((k, v) -> w.put(k, v.toFloatArray()));
        return w;
    }

    @Test
    void aSecondWriterOfACheckpointDirectoryIsRefusedNamingTheHolder() throws Exception {
        Path data = fixture();
        Path ckpt = tmp.resolve("ckpt");
        try (CheckpointLock held = CheckpointLock.acquire(ckpt)) {
            Run r = jgrad("mnist", "--data", data.toString(), "--model", "linear", "--epochs", "1",
                    "--checkpoint", ckpt.toString());
            assertOneLineError(r, ckpt + ": checkpoint directory in use by another jgrad run (pid "
                    + ProcessHandle.current().pid() + ")");
            assertFalse(Files.exists(ckpt.resolve(Checkpoint.MANIFEST)), "the refused run wrote nothing");
        }
        // Released: the directory can be used again, and the lock file stays harmlessly.
        assertEquals(0, jgrad("mnist", "--data", data.toString(), "--model", "linear", "--epochs", "1",
                "--checkpoint", ckpt.toString()).code());
        assertTrue(Files.exists(ckpt.resolve(CheckpointLock.FILE)));
    }

    @Test
    void takingTheLockDeletesTemporaryFilesOfKilledWrites() throws Exception {
        Path ckpt = Files.createDirectories(tmp.resolve("ckpt"));
        Path stray = ckpt.resolve(".model-epoch-3.safetensors.999999999.5f3a.tmp");
        Files.writeString(stray, "half a file");
        Path mine = ckpt.resolve("notes.tmp");
        Files.writeString(mine, "not ours");
        try (CheckpointLock ignored = CheckpointLock.acquire(ckpt)) {
            assertFalse(Files.exists(stray));
            assertTrue(Files.exists(mine), "only AtomicFile's temporary files are deleted");
        }
    }

    @Test
    void divergenceStopsWithExit4NamingEpochAndStepAndMetricsStayValidJson() throws Exception {
        Path data = fixture();
        Path metrics = tmp.resolve("m.jsonl");
        Path ckpt = tmp.resolve("ckpt");
        Run r = jgrad("mnist", "--data", data.toString(), "--lr", "1e6", "--epochs", "3", "--no-progress",
                "--metrics", metrics.toString(), "--checkpoint", ckpt.toString());
        assertEquals(4, r.code(), r.err());
        assertEquals(1, r.errLines().size(), r.err());
        String line = r.errLines().get(0);
        assertTrue(line.matches("jgrad mnist: training diverged at epoch 1, step \\d+ of 5: the loss is NaN; "
                + "try a lower --lr \\(this run: 1000000\\) or a larger --eps \\(this run: 1e-08\\).*"), line);
        assertTrue(line.endsWith("; no checkpoint was written"), line);
        assertFalse(r.out().contains("Epoch 1,"), "no epoch line with a NaN loss: " + r.out());
        List<String> lines = Files.readAllLines(metrics);
        assertEquals(1, lines.size());
        JsonNode m = new ObjectMapper().readTree(lines.get(0));
        assertTrue(m.get("diverged").asBoolean());
        assertTrue(m.get("train_loss").isNull());
        assertTrue(m.get("test_accuracy").isNull());
        assertTrue(m.get("step").isInt());
        assertFalse(Files.exists(ckpt.resolve(Checkpoint.MANIFEST)));
    }

    @Test
    void theLastGoodCheckpointIsNeverReplacedByNonFiniteWeights() throws Exception {
        TrainConfig config = TrainConfig.defaults().withModel(ModelSpec.linear()).withEpochs(3).withBatchSize(50);
        Trainer trainer = new Trainer(MnistSource.fromDirectory(fixture()), config);
        Path ckpt = tmp.resolve("ckpt");
        trainer.trainEpoch(TrainingListener.NONE);
        trainer.saveCheckpoint(ckpt);
        Map<String, float[]> good = weights(trainer);
        byte[] manifest = Files.readAllBytes(ckpt.resolve(Checkpoint.MANIFEST));

        Tensor w = trainer.model().parameters().get(0);
        w.storage().f32()[7] = Float.NaN; // as a blown-up step would leave it
        w.storage().bumpVersion();
        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> trainer.saveCheckpoint(ckpt));
        assertTrue(refused.getMessage().contains("is not finite"), refused.getMessage());
        TrainingDivergedException e = assertThrows(TrainingDivergedException.class,
                () -> trainer.trainEpoch(TrainingListener.NONE));
        assertEquals(2, e.epoch());
        assertEquals(1, e.step());
        assertTrue(e.getMessage().startsWith("training diverged at epoch 2, step 1 of 6: the loss is NaN"),
                e.getMessage());

        assertArrayEquals(manifest, Files.readAllBytes(ckpt.resolve(Checkpoint.MANIFEST)));
        Trainer resumed = new Trainer(MnistSource.fromDirectory(tmp.resolve("data")), config);
        resumed.resume(ckpt);
        assertEquals(1, resumed.epochsDone());
        Map<String, float[]> back = weights(resumed);
        for (String k : good.keySet()) {
            assertArrayEquals(good.get(k), back.get(k), k);
        }
    }

    @Test
    void resumingWithOtherDataOfTheSameSizeIsRefused() throws Exception {
        Path data = fixture();
        Path ckpt = tmp.resolve("ckpt");
        assertEquals(0, jgrad("mnist", "--data", data.toString(), "--model", "linear", "--epochs", "1",
                "--checkpoint", ckpt.toString()).code());
        // Same counts, labels shuffled: what the size check alone let through.
        byte[] labels = Files.readAllBytes(data.resolve("train-labels-idx1-ubyte"));
        byte[] swapped = labels.clone();
        swapped[8] = labels[9];
        swapped[9] = labels[8];
        Files.write(data.resolve("train-labels-idx1-ubyte"), swapped);
        Run r = jgrad("mnist", "--data", data.toString(), "--model", "linear", "--epochs", "2",
                "--checkpoint", ckpt.toString(), "--resume");
        assertOneLineError(r, "checkpoint.json: written by a different setup: training data (SHA-256) ",
                "resume with the options the checkpoint was made with");
        assertFalse(r.err().contains("test data"), "the test split is the same: " + r.err());
        Files.write(data.resolve("train-labels-idx1-ubyte"), labels);
        assertEquals(0, jgrad("mnist", "--data", data.toString(), "--model", "linear", "--epochs", "2",
                "--checkpoint", ckpt.toString(), "--resume").code());
    }

    @Test
    void aFormat1CheckpointIsRefusedNamingItsFormat() throws Exception {
        Path data = fixture();
        Path ckpt = tmp.resolve("ckpt");
        assertEquals(0, jgrad("mnist", "--data", data.toString(), "--model", "linear", "--epochs", "1",
                "--checkpoint", ckpt.toString()).code());
        Path manifest = ckpt.resolve(Checkpoint.MANIFEST);
        Files.writeString(manifest, Files.readString(manifest).replace("jgrad-mnist-checkpoint/3",
                "jgrad-mnist-checkpoint/1"));
        assertOneLineError(jgrad("mnist", "--data", data.toString(), "--model", "linear", "--epochs", "2",
                "--checkpoint", ckpt.toString(), "--resume"), "format jgrad-mnist-checkpoint/1 records no data "
                + "fingerprint", "start a new run");
    }

    @Test
    void resumeFromAFileAndAMissingModelFileSayWhatIsWrong() throws Exception {
        Path data = fixture();
        Path file = Files.writeString(tmp.resolve("afile"), "x");
        assertOneLineError(jgrad("mnist", "--data", data.toString(), "--checkpoint", file.toString(), "--resume"),
                file + ": is a file, not a checkpoint directory");
        Path ckpt = tmp.resolve("ckpt");
        assertEquals(0, jgrad("mnist", "--data", data.toString(), "--model", "linear", "--epochs", "1",
                "--checkpoint", ckpt.toString()).code());
        Files.delete(ckpt.resolve("model-epoch-1.safetensors"));
        assertOneLineError(jgrad("mnist", "--data", data.toString(), "--model", "linear", "--epochs", "2",
                "--checkpoint", ckpt.toString(), "--resume"), "model-epoch-1.safetensors: cannot read the weights: "
                + "no such file");
    }

    @Test
    void unwritableOutputsFailBeforeTheFirstStep() {
        Path data = fixture();
        for (String[] option : List.of(new String[] {"--metrics", "/proc/x.jsonl"},
                new String[] {"--plot", tmp.toString()}, new String[] {"--checkpoint", "/proc/ckpt"})) {
            Run r = jgrad("mnist", "--data", data.toString(), "--model", "linear", "--epochs", "1",
                    option[0], option[1]);
            assertOneLineError(r, "cannot ", option[1]);
            assertFalse(r.out().contains("Epoch 1"), "nothing trained: " + r.out());
        }
    }

    @Test
    void dropoutBatchNormAndAHealthLogResumeToTheBytesOfAStraightRun() throws Exception {
        Path data = fixture();
        List<String> common = List.of("mnist", "--data", data.toString(), "--layers", "784,8,10", "--dropout", "0.3",
                "--batch-norm", "--batch-size", "50", "--schedule", "step", "--step-size", "1", "--no-progress",
                "--health-every", "2");
        Run straight = jgrad(with(common, "--epochs", "4", "--checkpoint", tmp.resolve("a").toString(), "--health",
                tmp.resolve("a.jsonl").toString()));
        assertEquals(0, straight.code(), straight.err());
        Run first = jgrad(with(common, "--epochs", "2", "--checkpoint", tmp.resolve("b").toString(), "--health",
                tmp.resolve("b.jsonl").toString()));
        assertEquals(0, first.code(), first.err());
        Run resumed = jgrad(with(common, "--epochs", "4", "--checkpoint", tmp.resolve("b").toString(), "--health",
                tmp.resolve("b.jsonl").toString(), "--resume"));
        assertEquals(0, resumed.code(), resumed.err());
        // Before dropout's generator was in the checkpoint, epoch 3 drew epoch 1's masks again.
        assertArrayEquals(Files.readAllBytes(tmp.resolve("a/model-epoch-4.safetensors")),
                Files.readAllBytes(tmp.resolve("b/model-epoch-4.safetensors")));
        assertArrayEquals(Files.readAllBytes(tmp.resolve("a/optimizer-epoch-4.safetensors")),
                Files.readAllBytes(tmp.resolve("b/optimizer-epoch-4.safetensors")));
        assertEquals(Files.readAllLines(tmp.resolve("a.jsonl")), Files.readAllLines(tmp.resolve("b.jsonl")));
    }

    private static String[] with(List<String> common, String... more) {
        List<String> all = new ArrayList<>(common);
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }

    @Test
    void outputsThroughASymbolicLinkReplaceItsTargetAndKeepTheLink() throws Exception {
        Path data = fixture();
        Path real = Files.createDirectories(tmp.resolve("results")).resolve("metrics.jsonl");
        Files.writeString(real, "old\n");
        Path link = Files.createSymbolicLink(tmp.resolve("metrics.jsonl"), real);
        Path plotLink = Files.createSymbolicLink(tmp.resolve("curves.png"), tmp.resolve("results/curves.png"));
        Run r = jgrad("mnist", "--data", data.toString(), "--model", "linear", "--epochs", "2", "--no-progress",
                "--metrics", link.toString(), "--plot", plotLink.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(Files.isSymbolicLink(link) && Files.isSymbolicLink(plotLink), "the links stay links");
        assertEquals(2, Files.readAllLines(real).size());
        assertTrue(Files.readAllLines(real).get(0).startsWith("{\"epoch\":1,"));
        assertTrue(Files.size(tmp.resolve("results/curves.png")) > 0);
    }

    @Test
    void metricsToAFifoReachItsReader() throws Exception {
        Path fifo = tmp.resolve("metrics.fifo");
        assumeTrue(ProcessReliabilityTest.run("mkfifo", fifo.toString()), "no mkfifo here");
        Path data = fixture();
        CompletableFuture<String> reader = CompletableFuture.supplyAsync(
                () -> {
                    try {
                        return Files.readString(fifo);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
        Run r = jgrad("mnist", "--data", data.toString(), "--model", "linear", "--epochs", "1", "--no-progress",
                "--metrics", fifo.toString());
        assertEquals(0, r.code(), r.err());
        String lines = reader.get(30, TimeUnit.SECONDS);
        assertTrue(lines.startsWith("{\"epoch\":1,\"train_loss\":"), lines);
        assertFalse(Files.isRegularFile(fifo), "still a FIFO");
    }

    @Test
    void aModelThatCannotFitIsRefusedUpFrontWithExit3AndAHint() {
        Run r = jgrad("mnist", "--hidden", "2000000", "--no-progress");
        assertEquals(3, r.code(), r.err());
        assertEquals(1, r.errLines().size(), r.err());
        assertTrue(r.err().contains("model mlp-784-2000000-10 has 1,590,000,010 parameters"), r.err());
        assertTrue(r.err().contains("but the heap limit is " + Main.mib(Runtime.getRuntime().maxMemory())), r.err());
        assertTrue(r.err().contains("use a smaller --hidden or give Java more heap"), r.err());
        assertEquals("", r.out(), "refused before loading data");
    }

    @Test
    void anOutOfMemoryErrorIsOneLineWithTheHeapLimit() {
        OutOfMemoryError oom = new OutOfMemoryError("Java heap space");
        assertSame(oom, Main.outOfMemory(new RuntimeException("wrapped", oom)));
        assertNull(Main.outOfMemory(new IllegalStateException("a bug")));
        String line = Main.outOfMemoryLine(oom);
        assertTrue(line.startsWith("out of memory (Java heap space; heap limit "), line);
        assertTrue(line.contains("give Java more heap, e.g. java -Xmx4g"), line);
        assertFalse(line.contains("\n"));
    }

    @Test
    void oneEpochOfOneStepIsSingular() {
        Run r = jgrad("mnist", "--data", fixture().toString(), "--model", "linear", "--epochs", "1",
                "--batch-size", "300", "--no-progress");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("; 1 epoch of 1 step (batch 300)"), r.out());
    }

    @Test
    void helpExamplesFitOnAnEightyColumnLineAndBetasTakeOnePair() {
        CommandLine cl = new CommandLine(new MnistCommand());
        for (String line : cl.getCommandSpec().usageMessage().footer()) {
            assertTrue(line.length() <= 78, "wraps on an 80-column terminal: " + line);
        }
        String usage = cl.getUsageMessage();
        assertTrue(usage.contains("--betas=B1,B2 "), usage);
        assertFalse(usage.contains("[,B1,B2"), usage);
    }

    @Test
    void smallApiErrorsSayWhatIsWrong() {
        IllegalArgumentException nul = assertThrows(IllegalArgumentException.class,
                () -> Generator.fromState(null));
        assertTrue(nul.getMessage().contains("generator state is null"), nul.getMessage());
        Tensor x = Tensor.of(new float[] {1, 2, 3}, 3);
        IllegalArgumentException half = assertThrows(IllegalArgumentException.class,
                () -> Indexing.gather(x, 0, Tensor.of(new float[] {0.5f}, 1)));
        assertEquals("gather: index 0.5 is not a whole number; indices must be integers in [0, 3)", half.getMessage());
    }
}
