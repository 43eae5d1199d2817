package dev.jgrad.examples.mnist;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.jgrad.examples.data.Dataset;
import dev.jgrad.io.AtomicFile;
import dev.jgrad.nn.Strictness;
import dev.jgrad.nn.io.SafeTensors;
import dev.jgrad.nn.io.StateDicts;
import dev.jgrad.optim.OptimizerState;
import dev.jgrad.optim.engine.StateFiles;
import dev.jgrad.tensor.Generator;
import dev.jgrad.tensor.Tensor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A training run's state in a directory, enough to continue it bit for bit:
 * <ul>
 *   <li>{@code model-epoch-N.safetensors}: the weights under PyTorch's keys (loads into the same
 *       {@code nn.Sequential} in PyTorch);</li>
 *   <li>{@code optimizer-epoch-N.json}: the optimizer's state dict (options, step counts, moments);</li>
 *   <li>{@code schedule-epoch-N.json}: the learning-rate schedule's state, if there is a schedule;</li>
 *   <li>{@code checkpoint.json}: the manifest: format, epoch N, the setup (model, optimizer,
 *       schedule, batch size, seed, data sizes and the SHA-256 fingerprints of the training and test
 *       data), the generator's 256-bit state, the names of the files above and every epoch's metrics;</li>
 *   <li>{@code checkpoint.lock}: held by the process writing the directory ({@link CheckpointLock}).</li>
 * </ul>
 * Every file is written with {@link AtomicFile} (temporary file, fsync, rename, fsync of the directory).
 * Saving writes the epoch's files first, each atomically, then the manifest (atomically), then
 * deletes the files of older epochs. A crash at any point leaves a manifest that names complete
 * files: the previous checkpoint or the new one.
 */
public final class Checkpoint {
    /** The manifest's file name. */
    public static final String MANIFEST = "checkpoint.json";
    /** The manifest's {@code format} value. */
    static final String FORMAT = "jgrad-mnist-checkpoint/2";
    /** The format before data fingerprints; refused on resume, see {@link #readManifest}. */
    static final String FORMAT_1 = "jgrad-mnist-checkpoint/1";

    private static final Pattern EPOCH_FILE = Pattern.compile("(model|optimizer|schedule)-epoch-\\d+\\.(safetensors|json)");
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES);

    private Checkpoint() {
    }

    /**
     * The manifest.
     *
     * @param format {@link #FORMAT}
     * @param epoch epochs completed
     * @param model the model factory's id
     * @param optimizer the optimizer spec
     * @param schedule the schedule spec
     * @param plannedEpochs the run's planned epochs (what a cosine schedule anneals over)
     * @param batchSize training batch size
     * @param seed the run's seed
     * @param trainImages size of the training split
     * @param testImages size of the test split
     * @param trainSha256 {@link #fingerprint} of the training split
     * @param testSha256 {@link #fingerprint} of the test split
     * @param generatorState the generator's state after the epoch
     * @param modelFile the weights' file name
     * @param optimizerFile the optimizer state's file name
     * @param scheduleFile the schedule state's file name, or null without a schedule
     * @param history every completed epoch's metrics
     */
    record Manifest(
            @JsonProperty("format") String format,
            @JsonProperty("epoch") int epoch,
            @JsonProperty("model") String model,
            @JsonProperty("optimizer") OptimizerSpec optimizer,
            @JsonProperty("schedule") ScheduleSpec schedule,
            @JsonProperty("planned_epochs") int plannedEpochs,
            @JsonProperty("batch_size") int batchSize,
            @JsonProperty("seed") long seed,
            @JsonProperty("train_images") int trainImages,
            @JsonProperty("test_images") int testImages,
            @JsonProperty("train_sha256") String trainSha256,
            @JsonProperty("test_sha256") String testSha256,
            @JsonProperty("generator_state") long[] generatorState,
            @JsonProperty("model_file") String modelFile,
            @JsonProperty("optimizer_file") String optimizerFile,
            @JsonProperty("schedule_file") String scheduleFile,
            @JsonProperty("history") List<EpochMetrics> history) {
    }

    /** Saves {@code trainer}'s state into {@code dir}; see the class comment for the order. */
    static void save(Path dir, Trainer trainer) {
        Objects.requireNonNull(dir, "dir");
        if (trainer.optimizers().size() > 1) {
            throw new IllegalStateException("a checkpoint holds one optimizer; this run steps "
                    + trainer.optimizers().size() + " (Muon and AdamW)");
        }
        int epoch = trainer.epochsDone();
        String tag = "-epoch-" + epoch;
        String modelFile = "model" + tag + ".safetensors";
        String optimizerFile = "optimizer" + tag + ".json";
        String scheduleJson = trainer.schedule().stateJson();
        String scheduleFile = scheduleJson == null ? null : "schedule" + tag + ".json";
        TrainConfig c = trainer.config();
        String bad = trainer.nonFiniteParameter();
        if (bad != null) {
            // Never replace a good checkpoint by weights no run can continue from.
            throw new IllegalStateException("refusing to checkpoint epoch " + epoch + ": parameter " + bad
                    + " is not finite");
        }
        try {
            Files.createDirectories(dir);
            Map<String, String> metadata = new LinkedHashMap<>(StateDicts.METADATA);
            metadata.put("jgrad.model", c.model().id());
            metadata.put("jgrad.epoch", Integer.toString(epoch));
            SafeTensors.save(trainer.model().stateDict(), metadata, dir.resolve(modelFile));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write checkpoint " + dir.resolve(modelFile) + ": "
                    + AtomicFile.reason(e), e);
        }
        write(dir.resolve(optimizerFile), StateFiles.toJson(trainer.optimizer().stateDict()));
        if (scheduleFile != null) {
            write(dir.resolve(scheduleFile), scheduleJson);
        }
        Manifest manifest = new Manifest(FORMAT, epoch, c.model().id(), c.optimizer(), c.schedule(), c.epochs(),
                c.batchSize(), c.seed(), trainer.data().train().count(), trainer.data().test().count(),
                trainer.trainFingerprint(), trainer.testFingerprint(), trainer.generator().state(), modelFile,
                optimizerFile, scheduleFile, trainer.history());
        try {
            write(dir.resolve(MANIFEST), JSON.writeValueAsString(manifest));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the checkpoint manifest as JSON", e);
        }
        Set<String> current = new HashSet<>(List.of(modelFile, optimizerFile));
        if (scheduleFile != null) {
            current.add(scheduleFile);
        }
        deleteStale(dir, current);
    }

    private static void deleteStale(Path dir, Set<String> keep) {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path f : files) {
                String name = f.getFileName().toString();
                if (EPOCH_FILE.matcher(name).matches() && !keep.contains(name)) {
                    Files.deleteIfExists(f);
                }
            }
        } catch (IOException e) {
            // Old epochs' files only take space; the manifest already names the new ones.
        }
    }

    /** Reads the checkpoint in {@code dir}, checks it against {@code trainer}'s setup, then restores it. */
    static void restore(Path dir, Trainer trainer) {
        Objects.requireNonNull(dir, "dir");
        Path manifestFile = dir.resolve(MANIFEST);
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new CheckpointException(dir + ": is a file, not a checkpoint directory; give the directory "
                    + "--checkpoint wrote");
        }
        if (!Files.isDirectory(dir)) {
            throw new CheckpointException(dir + ": checkpoint directory not found; run without --resume to start one");
        }
        if (!Files.isRegularFile(manifestFile)) {
            throw new CheckpointException(dir + ": no checkpoint to resume (" + MANIFEST
                    + " not found); run without --resume to start one");
        }
        Manifest m = readManifest(manifestFile);
        checkSetup(manifestFile, m, trainer);

        // Read and parse every file before restoring anything; each part then checks its state before taking it.
        Path modelPath = dir.resolve(fileName(manifestFile, "model_file", m.modelFile()));
        Map<String, Tensor> weights;
        if (!Files.isRegularFile(modelPath)) {
            throw new CheckpointException(modelPath + ": cannot read the weights: "
                    + (Files.exists(modelPath) ? "not a regular file" : "no such file")
                    + " (the manifest names it; was the directory changed by hand?)");
        }
        try {
            weights = SafeTensors.load(modelPath).tensors();
        } catch (IOException e) {
            throw new CheckpointException(modelPath + ": cannot read the weights: " + AtomicFile.reason(e), e);
        }
        Path optimizerPath = dir.resolve(fileName(manifestFile, "optimizer_file", m.optimizerFile()));
        OptimizerState optimizerState;
        try {
            optimizerState = StateFiles.fromJson(readString(optimizerPath), OptimizerState.class);
        } catch (IllegalArgumentException e) {
            throw new CheckpointException(optimizerPath + ": " + oneLine(e), e);
        }
        String scheduleJson = null;
        Path schedulePath = null;
        if (m.schedule().kind() != ScheduleSpec.Kind.NONE) {
            schedulePath = dir.resolve(fileName(manifestFile, "schedule_file", m.scheduleFile()));
            scheduleJson = readString(schedulePath);
        }
        Generator generator;
        try {
            generator = Generator.fromState(m.generatorState() == null ? new long[0] : m.generatorState());
        } catch (IllegalArgumentException e) {
            throw new CheckpointException(manifestFile + ": bad generator_state: " + oneLine(e), e);
        }
        if (m.history() == null || m.history().size() != m.epoch()) {
            throw new CheckpointException(manifestFile + ": epoch is " + m.epoch() + " but the history lists "
                    + (m.history() == null ? 0 : m.history().size()) + " epochs");
        }

        try {
            trainer.optimizer().loadStateDict(optimizerState);
        } catch (IllegalArgumentException e) {
            throw new CheckpointException(optimizerPath + ": does not fit the optimizer: " + oneLine(e), e);
        }
        if (scheduleJson != null) {
            try {
                trainer.schedule().loadStateJson(scheduleJson);
            } catch (IllegalArgumentException e) {
                throw new CheckpointException(schedulePath + ": " + oneLine(e), e);
            }
        }
        try {
            trainer.model().loadStateDict(weights, Strictness.STRICT);
        } catch (IllegalArgumentException e) {
            throw new CheckpointException(modelPath + ": does not fit model " + trainer.config().model().id() + ": "
                    + oneLine(e), e);
        }
        trainer.restoreProgress(generator, m.history());
    }

    private static Manifest readManifest(Path file) {
        Manifest m;
        try {
            m = JSON.readValue(readString(file), Manifest.class);
        } catch (JsonProcessingException e) {
            throw new CheckpointException(file + ": not a valid checkpoint manifest: "
                    + e.getOriginalMessage().lines().findFirst().orElse(""), e);
        }
        if (m != null && FORMAT_1.equals(m.format())) {
            throw new CheckpointException(file + ": format " + FORMAT_1 + " records no data fingerprint, so resuming "
                    + "it could silently train on other data; this jgrad resumes " + FORMAT + " only: start a new run");
        }
        if (m == null || !FORMAT.equals(m.format())) {
            throw new CheckpointException(file + ": not a jgrad MNIST checkpoint (format "
                    + (m == null ? "missing" : "'" + m.format() + "'") + ", expected '" + FORMAT + "')");
        }
        if (m.epoch() < 1) {
            throw new CheckpointException(file + ": epoch is " + m.epoch() + ", expected at least 1");
        }
        if (m.optimizer() == null || m.schedule() == null || m.model() == null) {
            throw new CheckpointException(file + ": incomplete manifest (model, optimizer and schedule are required)");
        }
        return m;
    }

    /** Rejects a checkpoint whose setup differs from the trainer's in anything but the planned epochs. */
    private static void checkSetup(Path file, Manifest m, Trainer trainer) {
        TrainConfig c = trainer.config();
        List<String> diffs = new ArrayList<>();
        differs(diffs, "model", m.model(), c.model().id());
        differs(diffs, "optimizer", m.optimizer(), c.optimizer());
        differs(diffs, "schedule", m.schedule(), c.schedule());
        differs(diffs, "batch size", m.batchSize(), c.batchSize());
        differs(diffs, "seed", m.seed(), c.seed());
        differs(diffs, "training images", m.trainImages(), trainer.data().train().count());
        differs(diffs, "test images", m.testImages(), trainer.data().test().count());
        if (diffs.isEmpty()) {
            // Same sizes: only now is hashing worth it (about 0.1 s for full MNIST).
            differs(diffs, "training data (SHA-256)", String.valueOf(m.trainSha256()), trainer.trainFingerprint());
            differs(diffs, "test data (SHA-256)", String.valueOf(m.testSha256()), trainer.testFingerprint());
        }
        if (m.schedule().kind() == ScheduleSpec.Kind.COSINE) {
            differs(diffs, "epochs (the cosine schedule anneals over them)", m.plannedEpochs(), c.epochs());
        }
        if (!diffs.isEmpty()) {
            throw new CheckpointException(file + ": written by a different setup: " + String.join("; ", diffs)
                    + "; resume with the options the checkpoint was made with");
        }
    }

    private static void differs(List<String> diffs, String what, Object saved, Object now) {
        if (!saved.equals(now)) {
            diffs.add(what + " " + saved + " (this run: " + now + ")");
        }
    }

    private static String fileName(Path manifest, String field, String name) {
        if (name == null || name.isEmpty() || !EPOCH_FILE.matcher(name).matches()) {
            throw new CheckpointException(manifest + ": bad " + field + " '" + name + "'");
        }
        return name;
    }

    private static String readString(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new CheckpointException(file + ": cannot read: " + AtomicFile.reason(e), e);
        }
    }

    private static void write(Path file, String text) {
        try {
            AtomicFile.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write checkpoint " + file + ": " + AtomicFile.reason(e), e);
        }
    }

    /**
     * SHA-256 of a split as decoded (so a gzipped and a plain copy agree): its count, rows and
     * columns as big-endian ints, then the pixel bytes, then the label bytes; lowercase hex.
     */
    static String fingerprint(Dataset d) {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256", e);
        }
        sha.update(ByteBuffer.allocate(12).putInt(d.count()).putInt(d.rows()).putInt(d.cols()).array());
        sha.update(d.images());
        sha.update(d.labels());
        return HexFormat.of().formatHex(sha.digest());
    }

    private static String oneLine(Exception e) {
        String msg = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return msg.replaceAll("\\s+", " ").trim();
    }
}
