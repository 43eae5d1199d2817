package dev.jgrad.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jgrad.cli.CliTest.Run;
import dev.jgrad.io.AtomicFile;
import dev.jgrad.learn.data.IdxFixture;
import dev.jgrad.learn.data.MnistData;
import dev.jgrad.learn.data.MnistSource;
import dev.jgrad.learn.train.Activation;
import dev.jgrad.learn.train.Checkpoint;
import dev.jgrad.learn.train.CheckpointLock;
import dev.jgrad.learn.train.InitScheme;
import dev.jgrad.learn.train.MlpSpec;
import dev.jgrad.learn.train.ModelSpec;
import dev.jgrad.learn.train.OptimizerSpec;
import dev.jgrad.learn.train.TrainConfig;
import dev.jgrad.learn.train.Trainer;
import dev.jgrad.learn.train.TrainingListener;
import dev.jgrad.optim.OptimizerRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.module.ModuleFinder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static dev.jgrad.cli.CliTest.jgrad;
import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Real processes killed for real: the relaunched worker dies with its launcher, checkpoints
 * survive SIGKILL at random points and a full disk. Few and small, so the whole class takes
 * seconds: tiny data, the linear model, JVMs started with quick-start options.
 */
class ProcessReliabilityTest {
    /** Runs alive at once in the every-optimizer test: enough to overlap JVM start-ups on two cores. */
    private static final int KILL_WINDOW = 4;
    /**
     * Options that keep an optimizer's first step small without changing what is checkpointed: SOAP leaves the
     * 784-long side unrotated (the authors' max_precond_dim), so its first eigenbasis is 8 × 8, not 784 × 784, which
     * took most of this test's time; its per-side state, group step and basis are still saved and resumed.
     */
    static final Map<String, Map<String, Object>> SMALL_OPTIONS = Map.of("SOAP", Map.of("max_precond_dim", 64));

    @TempDir
    Path tmp;

    /** {@code java -cp <test classpath> Main args}, as {@code java -jar jgrad.jar args} runs it. */
    private static ProcessBuilder jgradProcess(boolean relaunch, Path log, String... args) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-Xshare:auto", "-XX:+UseSerialGC", "-XX:-UsePerfData",
                "-cp", System.getProperty("java.class.path"),
                Main.class.getName()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        if (relaunch) {
            pb.environment().remove("JGRAD_RELAUNCH");
        } else {
            pb.environment().put("JGRAD_RELAUNCH", "0");
        }
        return pb;
    }

    private static int manifestEpoch(Path ckpt) throws IOException {
        return new ObjectMapper().readTree(ckpt.resolve(Checkpoint.MANIFEST).toFile()).get("epoch").asInt();
    }

    private static Map<String, float[]> weights(Trainer t) {
        Map<String, float[]> w = new LinkedHashMap<>();
        t.model().stateDict().forEach((k, v) -> w.put(k, v.toFloatArray()));
        return w;
    }

    private static void assertSameWeights(Map<String, float[]> expected, Map<String, float[]> actual, String what) {
        assertEquals(expected.keySet(), actual.keySet(), what);
        for (String k : expected.keySet()) {
            assertArrayEquals(expected.get(k), actual.get(k), what + ": " + k);
        }
    }

    private static List<String> temporaryFiles(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).filter(AtomicFile::isTemporary).toList();
        }
    }

    @Test
    void theWorkerDiesWithItsKilledLauncherAndTheCheckpointResumes() throws Exception {
        assumeTrue(ModuleFinder.ofSystem().find("jdk.incubator.vector").isPresent(), "no relaunch without the module");
        Path data = IdxFixture.write(tmp.resolve("data"), 300, 100, 28);
        Path ckpt = tmp.resolve("ckpt");
        Path log = tmp.resolve("launcher.log");
        Process launcher = jgradProcess(true, log, "mnist", "--data", data.toString(), "--model", "linear",
                "--epochs", "100000", "--no-progress", "--checkpoint", ckpt.toString()).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!Files.exists(ckpt.resolve(Checkpoint.MANIFEST))) {
                assertTrue(launcher.isAlive(), () -> "launcher ended: " + read(log));
                assertTrue(System.nanoTime() < deadline, () -> "no checkpoint within 60 s: " + read(log));
                Thread.sleep(50);
            }
            List<ProcessHandle> children = launcher.toHandle().children().toList();
            assertEquals(1, children.size(), () -> "one relaunched worker expected: " + read(log));
            ProcessHandle worker = children.get(0);

            // While it trains, a second run on the same directory is refused, naming the worker.
            Run second = jgrad("mnist", "--data", data.toString(), "--model", "linear", "--epochs", "100000",
                    "--checkpoint", ckpt.toString(), "--resume");
            assertEquals(2, second.code(), second.err());
            assertTrue(second.err().contains("in use by another jgrad run (pid " + worker.pid() + ")"), second.err());

            launcher.destroyForcibly(); // SIGKILL: no shutdown hook runs in the launcher
            assertTrue(launcher.waitFor(10, TimeUnit.SECONDS));
            long killed = System.nanoTime();
            worker.onExit().get(10, TimeUnit.SECONDS);
            double seconds = (System.nanoTime() - killed) / 1e9;
            assertFalse(worker.isAlive());
            assertTrue(seconds < 3, "the worker took " + seconds + " s to notice");
        } finally {
            launcher.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
            launcher.destroyForcibly();
        }
        int epoch = manifestEpoch(ckpt);
        Run resumed = jgrad("mnist", "--data", data.toString(), "--model", "linear", "--epochs",
                Integer.toString(epoch + 1), "--no-progress", "--checkpoint", ckpt.toString(), "--resume");
        assertEquals(0, resumed.code(), resumed.err());
        assertTrue(resumed.out().contains("Resumed from " + ckpt + " after epoch " + epoch), resumed.out());
        assertEquals(epoch + 1, manifestEpoch(ckpt));
    }

    @Test
    void everyCheckpointLeftBySigkillAtRandomPointsResumesBitIdentically() throws Exception {
        Path dataDir = IdxFixture.write(tmp.resolve("data"), 100, 20, 28);
        MnistData data = MnistSource.fromDirectory(dataDir);
        Path ckpt = tmp.resolve("ckpt");
        TrainConfig config = TrainConfig.defaults().withModel(ModelSpec.linear()).withBatchSize(50)
                .withEpochs(1_000_000);
        // The uninterrupted run, advanced as the killed one gets further; "before" is its previous epoch.
        Trainer reference = new Trainer(data, config);
        Map<String, float[]> before = weights(reference);
        Random random = new Random(14);
        int kills = 10;
        int checked = 0;
        long start = System.nanoTime();
        for (int round = 0; round < kills; round++) {
            List<String> args = new ArrayList<>(List.of("mnist", "--data", dataDir.toString(), "--model", "linear",
                    "--batch-size", "50", "--epochs", "1000000", "--no-progress", "--checkpoint", ckpt.toString()));
            if (Files.exists(ckpt.resolve(Checkpoint.MANIFEST))) {
                args.add("--resume");
            }
            Path log = tmp.resolve("run-" + round + ".log");
            Process p = jgradProcess(false, log, args.toArray(String[]::new)).start();
            // Kill at a random moment once it trains and a first checkpoint exists: mostly while a
            // checkpoint is being written, as saving (four fsyncs) takes most of an epoch this small.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!read(log).contains("Epoch ") || !Files.exists(ckpt.resolve(Checkpoint.MANIFEST))) {
                assertTrue(p.isAlive(), () -> "the run ended: " + read(log));
                assertTrue(System.nanoTime() < deadline, () -> "no epoch within 30 s: " + read(log));
                Thread.sleep(10);
            }
            Thread.sleep(random.nextInt(300));
            p.destroyForcibly();
            assertTrue(p.waitFor(10, TimeUnit.SECONDS));
            Trainer resumed = new Trainer(data, config);
            resumed.resume(ckpt);
            int k = resumed.epochsDone();
            assertTrue(k >= reference.epochsDone() - 1, "the checkpoint went back: " + k);
            Map<String, float[]> expected;
            if (k == reference.epochsDone() - 1) {
                expected = before;
            } else {
                while (reference.epochsDone() < k) {
                    reference.trainEpoch(TrainingListener.NONE);
                }
                expected = weights(reference);
            }
            assertSameWeights(expected, weights(resumed), "round " + round + ", epoch " + k);
            // ... and it continues exactly as the uninterrupted run does.
            resumed.trainEpoch(TrainingListener.NONE);
            if (reference.epochsDone() == k) {
                before = expected;
                reference.trainEpoch(TrainingListener.NONE);
            }
            assertSameWeights(weights(reference), weights(resumed), "round " + round + ", epoch " + (k + 1));
            checked++;
        }
        assertEquals(kills, checked);
        // A clean run on the directory leaves no temporary files of the killed writes.
        int epoch = manifestEpoch(ckpt);
        Run last = jgrad("mnist", "--data", dataDir.toString(), "--model", "linear", "--batch-size", "50",
                "--epochs", Integer.toString(epoch + 1), "--no-progress", "--checkpoint", ckpt.toString(), "--resume");
        assertEquals(0, last.code(), last.err());
        assertEquals(List.of(), temporaryFiles(ckpt));
        assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(120), "bounded in time");
    }

    @Test
    void everyOptimizerWithDropoutResumesBitIdenticallyAfterSigkill() throws Exception {
        Path dataDir = IdxFixture.write(tmp.resolve("data"), 100, 20, 28);
        MnistData data = MnistSource.fromDirectory(dataDir);
        Random random = new Random(24);
        List<String> names = new ArrayList<>();
        for (String name : OptimizerRegistry.names()) {
            // LBFGS needs a closure, Muon's two optimizers are refused with --checkpoint.
            if (!OptimizerSpec.of(name).requiresClosure() && !name.equals("Muon")) {
                names.add(name);
            }
        }
        // A rolling window of runs: each is killed a random moment after its own first checkpoint, and the
        // next one starts, so no run trains on while it waits for a slower one (most of a run is its JVM
        // starting, which overlaps well).
        List<String> waiting = new ArrayList<>(names);
        Map<String, Process> running = new LinkedHashMap<>();
        Map<String, Long> killAt = new LinkedHashMap<>();
        try {
            while (!waiting.isEmpty() || !running.isEmpty()) {
                while (running.size() < KILL_WINDOW && !waiting.isEmpty()) {
                    String name = waiting.remove(0);
                    List<String> args = new ArrayList<>(List.of("mnist", "--data", dataDir.toString(), "--layers",
                            "784,8,10", "--dropout", "0.2", "--optimizer", name, "--batch-size", "50", "--epochs",
                            "1000000", "--no-progress", "--checkpoint", tmp.resolve("ckpt-" + name).toString()));
                    SMALL_OPTIONS.getOrDefault(name, Map.of()).forEach((k, v) -> args.addAll(List.of("--option",
                            k + "=" + v)));
                    running.put(name, jgradProcess(false, tmp.resolve(name + ".log"), args.toArray(String[]::new))
                            .start());
                    killAt.put(name, System.nanoTime() + TimeUnit.SECONDS.toNanos(60));
                }
                for (String name : new ArrayList<>(running.keySet())) {
                    Process p = running.get(name);
                    Path log = tmp.resolve(name + ".log");
                    boolean saved = Files.exists(tmp.resolve("ckpt-" + name).resolve(Checkpoint.MANIFEST));
                    long deadline = killAt.get(name);
                    if (saved && deadline - System.nanoTime() > TimeUnit.SECONDS.toNanos(1)) {
                        killAt.put(name, deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(
                                random.nextInt(150)));
                    }
                    assertTrue(p.isAlive(), () -> name + ": the run ended: " + read(log));
                    if (System.nanoTime() >= deadline) {
                        assertTrue(saved, () -> name + ": no checkpoint in 60 s: " + read(log));
                        p.destroyForcibly();
                        assertTrue(p.waitFor(10, TimeUnit.SECONDS));
                        running.remove(name);
                    }
                }
                Thread.sleep(5);
            }
        } finally {
            for (Process p : running.values()) {
                p.destroyForcibly();
                assertTrue(p.waitFor(10, TimeUnit.SECONDS));
            }
        }
        for (String name : names) {
            OptimizerSpec spec = OptimizerSpec.of(name);
            for (Map.Entry<String, Object> o : SMALL_OPTIONS.getOrDefault(name, Map.of()).entrySet()) {
                spec = spec.with(o.getKey(), o.getValue());
            }
            TrainConfig config = TrainConfig.defaults().withModel(new MlpSpec(new int[] {784, 8, 10}, Activation.RELU,
                    InitScheme.DEFAULT, 0.2, MlpSpec.Norm.NONE)).withOptimizer(spec)
                    .withBatchSize(50).withEpochs(1_000_000);
            Trainer resumed = new Trainer(data, config);
            resumed.resume(tmp.resolve("ckpt-" + name));
            int k = resumed.epochsDone();
            Trainer reference = new Trainer(data, config);
            while (reference.epochsDone() < k) {
                reference.trainEpoch(TrainingListener.NONE);
            }
            assertSameWeights(weights(reference), weights(resumed), name + ", epoch " + k);
            reference.trainEpoch(TrainingListener.NONE);
            resumed.trainEpoch(TrainingListener.NONE); // the dropout masks of epoch k + 1 come from the restored stream
            assertSameWeights(weights(reference), weights(resumed), name + ", epoch " + (k + 1));
        }
        assertTrue(names.containsAll(List.of("SGD", "Adam", "AdamW", "RMSprop", "Adafactor", "ASGD", "SOAP",
                "Prodigy", "AdamWScheduleFree")), names::toString);
    }

    @Test
    void aRunWhoseCheckpointDirectoryIsDeletedStopsBeforeWritingIntoAnotherRunsDirectory() throws Exception {
        Path data = IdxFixture.write(tmp.resolve("data"), 100, 20, 28);
        Path ckpt = tmp.resolve("ckpt");
        Path log = tmp.resolve("first.log");
        Process first = jgradProcess(false, log, "mnist", "--data", data.toString(), "--model", "linear",
                "--batch-size", "50", "--epochs", "1000000", "--no-progress", "--checkpoint", ckpt.toString()).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!Files.exists(ckpt.resolve(Checkpoint.MANIFEST))) {
                assertTrue(first.isAlive(), () -> "the run ended: " + read(log));
                assertTrue(System.nanoTime() < deadline, () -> "no checkpoint within 30 s: " + read(log));
                Thread.sleep(10);
            }
            deleteTree(ckpt);
            // A second run takes the new directory's lock at once (as it would between two of the first's saves).
            try (CheckpointLock second = CheckpointLock.acquire(ckpt)) {
                assertTrue(first.waitFor(30, TimeUnit.SECONDS), () -> "the first run went on: " + read(log));
                assertEquals(2, first.exitValue(), read(log));
                // "is gone" if it looked before the lock was taken, "is no longer this run's" after.
                assertTrue(read(log).contains(ckpt + ": checkpoint.lock is "), read(log));
                assertTrue(read(log).contains(", so another jgrad run may be writing this directory; stopping without "
                        + "saving"), read(log));
            }
        } finally {
            first.destroyForcibly();
        }
    }

    @Test
    void aFullDiskLeavesThePreviousCheckpointIntact() throws Exception {
        Path mount = Files.createDirectories(tmp.resolve("small-disk"));
        assumeTrue(run("mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", mount.toString()),
                "cannot mount a tmpfs here (needs root on Linux)");
        try {
            Path data = IdxFixture.write(tmp.resolve("data"), 100, 20, 28);
            TrainConfig config = TrainConfig.defaults().withModel(ModelSpec.linear()).withBatchSize(50).withEpochs(3);
            Trainer trainer = new Trainer(MnistSource.fromDirectory(data), config);
            Path ckpt = mount.resolve("ckpt");
            trainer.trainEpoch(TrainingListener.NONE);
            trainer.saveCheckpoint(ckpt);
            Map<String, float[]> epoch1 = weights(trainer);
            byte[] manifest = Files.readAllBytes(ckpt.resolve(Checkpoint.MANIFEST));
            fill(mount.resolve("filler"));
            // Room for the epoch's weights (32 KB) but not for the optimizer's moments (63 KB) after them.
            try (FileChannel ch = FileChannel.open(mount.resolve("filler"),
                    StandardOpenOption.WRITE)) {
                ch.truncate(ch.size() - 48 * 1024);
            }

            trainer.trainEpoch(TrainingListener.NONE);
            UncheckedIOException full = assertThrows(UncheckedIOException.class, () -> trainer.saveCheckpoint(ckpt));
            assertTrue(full.getMessage().contains("No space left on device"), full.getMessage());
            assertTrue(full.getMessage().contains("optimizer-epoch-2."), "the weights were written: " + full.getMessage());
            assertArrayEquals(manifest, Files.readAllBytes(ckpt.resolve(Checkpoint.MANIFEST)));
            assertEquals(List.of(), temporaryFiles(ckpt), "a failed write removes its temporary file");
            assertFalse(Files.exists(ckpt.resolve("model-epoch-2.safetensors")),
                    "no file of the failed epoch is left to take the space a retry needs");
            Trainer before = new Trainer(MnistSource.fromDirectory(data), config);
            before.resume(ckpt);
            assertSameWeights(epoch1, weights(before), "epoch 1");
            Files.delete(mount.resolve("filler"));
            trainer.saveCheckpoint(ckpt); // the retry, with the space back
            Trainer resumed = new Trainer(MnistSource.fromDirectory(data), config);
            resumed.resume(ckpt);
            assertEquals(2, resumed.epochsDone());
            assertSameWeights(weights(trainer), weights(resumed), "epoch 2");
        } finally {
            run("umount", mount.toString());
        }
    }

    /** Deletes {@code dir} as {@code rm -r} would, again if a running writer added a file meanwhile. */
    private static void deleteTree(Path dir) throws IOException {
        for (int attempt = 0; ; attempt++) {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(f);
                }
                return;
            } catch (IOException | UncheckedIOException e) {
                if (attempt == 5) {
                    throw e;
                }
            }
        }
    }

    private static void fill(Path file) {
        try (OutputStream out = Files.newOutputStream(file)) {
            byte[] block = new byte[4096];
            while (true) {
                out.write(block);
            }
        } catch (IOException e) {
            // full
        }
    }

    /** Runs a system command; whether it exited 0 within 10 s. */
    static boolean run(String... cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static String read(Path log) {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }
}
