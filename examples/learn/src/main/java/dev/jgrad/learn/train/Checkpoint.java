package dev.jgrad.learn.train;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jgrad.io.AtomicFile;
import dev.jgrad.learn.data.Dataset;
import dev.jgrad.nn.Strictness;
import dev.jgrad.nn.io.SafeTensors;
import dev.jgrad.nn.io.StateDicts;
import dev.jgrad.optim.OptimizerState;
import dev.jgrad.optim.ScheduleFree;
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
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A training run's state in a directory, enough to continue it bit for bit:
 * <ul>
 *   <li>{@code model-epoch-N.safetensors}: the weights under PyTorch's keys (loads into the same
 *       {@code nn.Sequential} in PyTorch);</li>
 *   <li>{@code optimizer-epoch-N.json} and {@code optimizer-epoch-N.safetensors}: the optimizer's state dict,
 *       options and step counts in the JSON, moments as raw tensors ({@link OptimizerStateFile});</li>
 *   <li>{@code schedule-epoch-N.json}: the learning-rate schedule's state, if there is a schedule;</li>
 *   <li>{@code checkpoint.json}: the manifest: format, epoch N, the setup (model, optimizer,
 *       schedule, batch size, seed, data sizes and the SHA-256 fingerprints of the training and test
 *       data), every random state (the generator's, and dropout's if the model has dropout), the
 *       optimizer's options as saved, the names and SHA-256 of the files above, every epoch's metrics;</li>
 *   <li>{@code checkpoint.lock}: held by the process writing the directory ({@link CheckpointLock}).</li>
 * </ul>
 * Every file is written with {@link AtomicFile} (temporary file, fsync, rename, fsync of the directory).
 * Saving writes the epoch's files first, each atomically, then the manifest (atomically), then
 * deletes the files of older epochs. A crash at any point leaves a manifest that names complete
 * files: the previous checkpoint or the new one; a save that fails (a full disk) deletes the files it
 * wrote, so a retry has the space the previous attempt had.
 *
 * <p>Resuming reads every file and checks it (its SHA-256 against the manifest's, the setup against
 * this run's, the optimizer's options and step counts against the manifest and the epochs) before it
 * restores anything. Checkpoints of format 2 (optimizer state as one JSON file, no hashes) still resume.
 */
public final class Checkpoint {
    /** The manifest's file name. */
    public static final String MANIFEST = "checkpoint.json";
    /** The manifest's {@code format} value. */
    static final String FORMAT = "jgrad-mnist-checkpoint/3";
    /** The format before file hashes and dropout's generator; still resumed (without dropout). */
    static final String FORMAT_2 = "jgrad-mnist-checkpoint/2";
    /** The format before data fingerprints; refused on resume, see {@link #readManifest}. */
    static final String FORMAT_1 = "jgrad-mnist-checkpoint/1";

    private static final Pattern EPOCH_FILE =
            Pattern.compile("(model|optimizer|schedule)-epoch-(\\d+)\\.(safetensors|json)");
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES);

    private Checkpoint() {
    }

    /**
     * The manifest, written as JSON with the components' names in snake_case ({@code planned_epochs}, ...).
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
     * @param dropoutGeneratorStates the states of dropout's generators after the epoch (null in format 2)
     * @param modelFile the weights' file name
     * @param optimizerFile the optimizer state's file name
     * @param scheduleFile the schedule state's file name, or null without a schedule
     * @param optimizerOptions the optimizer's options per group as saved (null in format 2)
     * @param files every file above with its SHA-256 (null in format 2)
     * @param history every completed epoch's metrics
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record Manifest(String format, int epoch, String model, OptimizerSpec optimizer, ScheduleSpec schedule,
            int plannedEpochs, int batchSize, long seed, int trainImages, int testImages, String trainSha256,
            String testSha256, long[] generatorState, List<long[]> dropoutGeneratorStates, String modelFile,
            String optimizerFile, String scheduleFile, JsonNode optimizerOptions, Map<String, String> files,
            List<EpochMetrics> history) {
    }

    /**
     * Refuses to start a run in {@code dir} if it holds a checkpoint, or files named like a checkpoint's, which the
     * run would replace (and, for other epochs', delete): only {@code --resume} or {@code --overwrite} may. Called
     * under the lock, so no other run can write a checkpoint between this check and the first save.
     *
     * @throws CheckpointException naming the directory, what it holds and the two options
     */
    public static void refuseToReplace(Path dir) {
        Path manifest = dir.resolve(MANIFEST);
        if (Files.exists(manifest)) {
            String what;
            try {
                JsonNode m = JSON.readTree(manifest.toFile());
                what = "epoch " + m.path("epoch").asText("?") + " of " + m.path("model").asText("?");
            } catch (IOException e) {
                what = "an unreadable " + MANIFEST;
            }
            throw new CheckpointException(dir + ": already holds a checkpoint (" + what + "); add --resume to "
                    + "continue it or --overwrite to start over");
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path f : files) {
                if (EPOCH_FILE.matcher(f.getFileName().toString()).matches()) {
                    throw new CheckpointException(dir + ": holds " + f.getFileName() + ", which a checkpoint would "
                            + "replace or delete; add --overwrite to let it, or use another --checkpoint directory");
                }
            }
        } catch (IOException e) {
            // no directory (yet): nothing to replace
        }
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
        TrainConfig c = trainer.config();
        String bad = trainer.nonFiniteParameter();
        if (bad != null) {
            // Never replace a good checkpoint by weights no run can continue from.
            throw new IllegalStateException("refusing to checkpoint epoch " + epoch + ": parameter " + bad
                    + " is not finite");
        }
        trainer.switchParameters(ScheduleFree.Mode.EVAL);   // Schedule-Free: save x, the weights to use; y is in
                                                              // the optimizer's state, and training resumes from it
        Map<String, String> metadata = new LinkedHashMap<>(StateDicts.METADATA);
        metadata.put("jgrad.model", c.model().id());
        metadata.put("jgrad.epoch", Integer.toString(epoch));
        Map<String, byte[]> contents = new LinkedHashMap<>();
        String modelFile = "model" + tag + ".safetensors";
        contents.put(modelFile, SafeTensors.toBytes(trainer.model().stateDict(), metadata));
        String optimizerFile = "optimizer" + tag + ".json";
        String tensorsFile = "optimizer" + tag + ".safetensors";
        OptimizerState state = trainer.optimizer().stateDict();
        trainer.switchParameters(ScheduleFree.Mode.TRAIN);   // (every epoch also starts by switching to y)
        OptimizerStateFile.Encoded optimizer = OptimizerStateFile.encode(state, tensorsFile);
        contents.put(optimizerFile, optimizer.json());
        contents.put(tensorsFile, optimizer.tensors());
        String scheduleJson = trainer.schedule().stateJson();
        String scheduleFile = scheduleJson == null ? null : "schedule" + tag + ".json";
        if (scheduleFile != null) {
            contents.put(scheduleFile, scheduleJson.getBytes(StandardCharsets.UTF_8));
        }
        Map<String, String> files = new LinkedHashMap<>();
        contents.forEach((name, bytes) -> files.put(name, CheckpointChecks.sha256(bytes)));
        List<long[]> dropout = trainer.dropoutGenerators().stream().map(Generator::state).toList();
        Manifest manifest = new Manifest(FORMAT, epoch, c.model().id(), c.optimizer(), c.schedule(), c.epochs(),
                c.batchSize(), c.seed(), trainer.data().train().count(), trainer.data().test().count(),
                trainer.trainFingerprint(), trainer.testFingerprint(), trainer.generator().state(), dropout,
                modelFile, optimizerFile, scheduleFile, CheckpointChecks.options(state), files, trainer.history());
        byte[] manifestBytes;
        try {
            manifestBytes = JSON.writeValueAsBytes(manifest);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the checkpoint manifest as JSON", e);
        }
        Set<String> named = namedByManifest(dir);
        List<String> written = new ArrayList<>();
        Path current = dir;
        try {
            Files.createDirectories(dir);
            for (var e : contents.entrySet()) {
                current = dir.resolve(e.getKey());
                AtomicFile.write(current, e.getValue());
                written.add(e.getKey());
            }
            current = dir.resolve(MANIFEST);
            AtomicFile.write(current, manifestBytes);
        } catch (IOException e) {
            // The manifest still names the previous epoch's files: what this attempt wrote only takes space,
            // which a full disk needs back for the next attempt.
            for (String name : written) {
                if (!named.contains(name)) {
                    deleteQuietly(dir.resolve(name));
                }
            }
            throw new UncheckedIOException("cannot write checkpoint " + current + ": " + AtomicFile.reason(e), e);
        }
        deleteStale(dir, contents.keySet());
    }

    /** The files the manifest in {@code dir} names (none if there is none or it cannot be read). */
    private static Set<String> namedByManifest(Path dir) {
        Set<String> out = new HashSet<>();
        try {
            JsonNode m = JSON.readTree(dir.resolve(MANIFEST).toFile());
            for (String field : List.of("model_file", "optimizer_file", "schedule_file")) {
                out.add(m.path(field).asText(""));
            }
            m.path("files").fieldNames().forEachRemaining(out::add);
        } catch (IOException e) {
            // nothing named: nothing this save writes is kept after a failure
        }
        return out;
    }

    private static void deleteStale(Path dir, Set<String> keep) {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path f : files) {
                String name = f.getFileName().toString();
                if (EPOCH_FILE.matcher(name).matches() && !keep.contains(name)) {
                    deleteQuietly(f);
                }
            }
        } catch (IOException e) {
            // Old epochs' files only take space; the manifest already names the new ones.
        }
    }

    private static void deleteQuietly(Path f) {
        try {
            Files.deleteIfExists(f);
        } catch (IOException e) {
            // only takes space; no manifest names it
        }
    }

    /** Refuses to resume from a directory that does not exist or is a file. */
    public static void checkResumable(Path dir) {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new CheckpointException(dir + ": is a file, not a checkpoint directory; give the directory "
                    + "--checkpoint wrote");
        }
        if (!Files.isDirectory(dir)) {
            throw new CheckpointException(dir + ": checkpoint directory not found; run without --resume to start one");
        }
    }

    /** Reads the checkpoint in {@code dir}, checks it against {@code trainer}'s setup, then restores it. */
    static void restore(Path dir, Trainer trainer) {
        Objects.requireNonNull(dir, "dir");
        Path manifestFile = dir.resolve(MANIFEST);
        checkResumable(dir);
        if (!Files.isRegularFile(manifestFile)) {
            throw new CheckpointException(dir + ": no checkpoint to resume (" + MANIFEST
                    + " not found); run without --resume to start one");
        }
        Manifest m = readManifest(manifestFile);
        CheckpointChecks.history(manifestFile, m.epoch(), m.history());
        checkSetup(manifestFile, m, trainer);
        boolean hashed = FORMAT.equals(m.format());

        // Read, check and parse every file before restoring anything; each part then checks its state before taking it.
        Path modelPath = dir.resolve(fileName(manifestFile, "model_file", m.modelFile(), m.epoch()));
        byte[] modelBytes = readFile(modelPath, m, "the weights");
        Map<String, Tensor> weights;
        try {
            weights = SafeTensors.fromBytes(modelBytes, modelPath.toString()).tensors();
        } catch (IOException e) {
            throw new CheckpointException(modelPath + ": cannot read the weights: " + oneLine(e), e);
        }
        Path optimizerPath = dir.resolve(fileName(manifestFile, "optimizer_file", m.optimizerFile(), m.epoch()));
        String optimizerJson = new String(readFile(optimizerPath, m, "the optimizer's state"), StandardCharsets.UTF_8);
        String tensorsName = OptimizerStateFile.tensorsFile(optimizerJson);
        if (hashed && tensorsName == null) {
            throw new CheckpointException(optimizerPath + ": names no tensors_file, which a " + FORMAT
                    + " checkpoint's optimizer state has");
        }
        byte[] tensors = tensorsName == null ? null
                : readFile(dir.resolve(fileName(optimizerPath, "tensors_file", tensorsName, m.epoch())), m,
                        "the optimizer's tensors");
        OptimizerState optimizerState;
        try {
            optimizerState = OptimizerStateFile.decode(optimizerJson, tensors, tensorsName);
        } catch (IllegalArgumentException e) {
            throw new CheckpointException(optimizerPath + ": " + oneLine(e), e);
        }
        CheckpointChecks.optimizerState(optimizerPath, optimizerState, m.optimizerOptions(),
                trainer.optimizer().stateDict(), m.schedule().kind() != ScheduleSpec.Kind.NONE,
                (long) m.epoch() * trainer.stepsPerEpoch());
        String scheduleJson = null;
        Path schedulePath = null;
        if (m.schedule().kind() != ScheduleSpec.Kind.NONE) {
            schedulePath = dir.resolve(fileName(manifestFile, "schedule_file", m.scheduleFile(), m.epoch()));
            scheduleJson = new String(readFile(schedulePath, m, "the schedule's state"), StandardCharsets.UTF_8);
        }
        Generator generator;
        List<long[]> dropout = hashed ? m.dropoutGeneratorStates() : List.of();
        List<Generator> dropoutGenerators = trainer.dropoutGenerators();
        if (!hashed && !dropoutGenerators.isEmpty()) {
            throw new CheckpointException(manifestFile + ": format " + FORMAT_2 + " did not save dropout's random "
                    + "state, so a resumed run would not continue exactly; start a new run");
        }
        if (dropout == null || dropout.size() != dropoutGenerators.size()) {
            throw new CheckpointException(manifestFile + ": dropout_generator_states holds "
                    + (dropout == null ? 0 : dropout.size()) + " states; the model has " + dropoutGenerators.size()
                    + " dropout generator" + (dropoutGenerators.size() == 1 ? "" : "s"));
        }
        try {
            generator = Generator.fromState(m.generatorState() == null ? new long[0] : m.generatorState());
            for (long[] d : dropout) {
                Generator.fromState(d);
            }
        } catch (IllegalArgumentException e) {
            throw new CheckpointException(manifestFile + ": bad generator state: " + oneLine(e), e);
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
        for (int i = 0; i < dropout.size(); i++) {
            dropoutGenerators.get(i).setState(dropout.get(i));
        }
        trainer.switchParameters(ScheduleFree.Mode.TRAIN);   // Schedule-Free: the file held x; y comes from the state
        trainer.restoreProgress(generator, m.history());
    }

    /** A file the manifest names, checked against its recorded SHA-256 (format 3). */
    private static byte[] readFile(Path file, Manifest m, String what) {
        if (!Files.isRegularFile(file)) {
            throw new CheckpointException(file + ": cannot read " + what + ": "
                    + (Files.exists(file) ? "not a regular file" : "no such file")
                    + " (the manifest names it; was the directory changed by hand?)");
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new CheckpointException(file + ": cannot read " + what + ": " + AtomicFile.reason(e), e);
        }
        if (FORMAT.equals(m.format())) {
            CheckpointChecks.sameAsRecorded(file, bytes, m.files().get(file.getFileName().toString()));
        }
        return bytes;
    }

    private static Manifest readManifest(Path file) {
        Manifest m;
        try {
            JsonNode tree = JSON.readTree(readString(file));
            String format = tree == null ? null : tree.path("format").asText(null);
            if (FORMAT_1.equals(format)) {
                throw new CheckpointException(file + ": format " + FORMAT_1 + " records no data fingerprint, so "
                        + "resuming it could silently train on other data; this jgrad resumes " + FORMAT + " and "
                        + FORMAT_2 + " only: start a new run");
            }
            if (!FORMAT.equals(format) && !FORMAT_2.equals(format)) {
                throw new CheckpointException(file + ": not a jgrad MNIST checkpoint (format "
                        + (format == null ? "missing" : "'" + format + "'") + ", expected '" + FORMAT + "')");
            }
            if (FORMAT_2.equals(format)) {
                for (String added : List.of("dropout_generator_states", "optimizer_options", "files")) {
                    ((ObjectNode) tree).putNull(added);
                }
            }
            m = JSON.treeToValue(tree, Manifest.class);
        } catch (JsonProcessingException e) {
            throw new CheckpointException(file + ": not a valid checkpoint manifest: "
                    + CheckpointChecks.jsonProblem(e), e);
        }
        if (m.epoch() < 1) {
            throw new CheckpointException(file + ": epoch is " + m.epoch() + ", expected at least 1");
        }
        if (m.optimizer() == null || m.schedule() == null || m.model() == null
                || (FORMAT.equals(m.format()) && (m.files() == null || !m.optimizerOptions().isArray()))) {
            throw new CheckpointException(file + ": incomplete manifest (model, optimizer, schedule"
                    + (FORMAT.equals(m.format()) ? ", optimizer_options and files" : "") + " are required)");
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

    /** A file name the manifest gives: one of a checkpoint's, of the manifest's epoch. */
    private static String fileName(Path manifest, String field, String name, int epoch) {
        Matcher f = name == null ? null : EPOCH_FILE.matcher(name);
        if (f == null || !f.matches()) {
            throw new CheckpointException(manifest + ": bad " + field + " '" + name + "'");
        }
        if (!f.group(2).equals(Integer.toString(epoch))) {
            throw new CheckpointException(manifest + ": " + field + " '" + name + "' is not of epoch " + epoch
                    + ", the manifest's");
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

    /**
     * SHA-256 of a split as decoded (so a gzipped and a plain copy agree): its count, rows and
     * columns as big-endian ints, then the pixel bytes, then the label bytes; lowercase hex.
     */
    static String fingerprint(Dataset d) {
        MessageDigest sha = CheckpointChecks.sha256();
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
