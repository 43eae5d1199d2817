package dev.jgrad.learn.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jgrad.learn.data.IdxFixture;
import dev.jgrad.learn.data.MnistData;
import dev.jgrad.learn.data.MnistSource;
import dev.jgrad.nn.io.SafeTensors;
import dev.jgrad.optim.OptimizerState;
import dev.jgrad.optim.engine.StateFiles;
import dev.jgrad.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import static dev.jgrad.learn.train.TrainerTest.assertBitIdentical;
import static dev.jgrad.learn.train.TrainerTest.weights;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The checkpoint's files: the optimizer's tensors in safetensors, the manifest's hashes, format 2 still read. */
class CheckpointFormatTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private static MnistData fixtureData(Path dir) {
        // The tests' generated digits (IdxFixture, 300 training and 100 test images), as the format-2 fixture used.
        return MnistSource.fromDirectory(IdxFixture.write(dir, 300, 100, 28));
    }

    private static TrainConfig format2Config(int epochs) {
        return TrainConfig.defaults().withModel(ModelSpec.mlp(4)).withBatchSize(100).withEpochs(epochs)
                .withSchedule(ScheduleSpec.of(ScheduleSpec.Kind.STEP));
    }

    private void copyFixture(Path to) throws IOException {
        Files.createDirectories(to);
        for (String f : List.of("checkpoint.json", "model-epoch-1.safetensors", "optimizer-epoch-1.json",
                "schedule-epoch-1.json")) {
            try (InputStream in = Objects.requireNonNull(getClass().getResourceAsStream("/checkpoint-format2/" + f))) {
                Files.copy(in, to.resolve(f));
            }
        }
    }

    @Test
    void aFormat2CheckpointStillResumesBitForBit() throws IOException {
        MnistData data = fixtureData(tmp.resolve("data"));
        Path ckpt = tmp.resolve("ckpt");
        copyFixture(ckpt);
        Trainer straight = new Trainer(data, format2Config(2));
        straight.train(TrainingListener.NONE);
        Trainer resumed = new Trainer(data, format2Config(2));
        resumed.resume(ckpt);
        assertEquals(1, resumed.epochsDone());
        resumed.trainEpoch(TrainingListener.NONE);
        assertBitIdentical(weights(straight), weights(resumed));
        // ... and its next save is format 3.
        resumed.saveCheckpoint(ckpt);
        assertEquals(Checkpoint.FORMAT,
                JSON.readTree(ckpt.resolve(Checkpoint.MANIFEST).toFile()).get("format").asText());
        assertFalse(Files.exists(ckpt.resolve("optimizer-epoch-1.json")));
    }

    @Test
    void theOptimizersTensorsAreSafetensorsExactAndTheJsonIsSmall() throws IOException {
        MnistData data = fixtureData(tmp.resolve("data"));
        Trainer t = new Trainer(data, TrainConfig.defaults().withModel(ModelSpec.mlp(64)).withBatchSize(100));
        t.trainEpoch(TrainingListener.NONE);
        Path ckpt = tmp.resolve("ckpt");
        t.saveCheckpoint(ckpt);
        OptimizerState state = t.optimizer().stateDict();
        Path json = ckpt.resolve("optimizer-epoch-1.json");
        Path tensors = ckpt.resolve("optimizer-epoch-1.safetensors");
        // Two float32 moments per parameter, 4 bytes each, and a header; the inline JSON takes about five times that.
        long params = t.model().parameterCount();
        long inlineJson = StateFiles.toJson(state).length();
        assertTrue(Files.size(tensors) < 2 * 4 * params + 4096, Files.size(tensors) + " bytes");
        assertTrue(Files.size(json) < 4096, Files.size(json) + " bytes of JSON");
        assertTrue(inlineJson > 4 * Files.size(tensors), inlineJson + " vs " + Files.size(tensors));
        Map<String, Tensor> read = SafeTensors.load(tensors).tensors();
        assertEquals(List.of("0.0.exp_avg", "0.0.exp_avg_sq"), read.keySet().stream().limit(2).toList());
        JsonNode p0 = JSON.readTree(json.toFile()).at("/param_groups/0/params/0/state");
        assertEquals("safetensors:0.0.exp_avg", p0.get("exp_avg").asText());
        assertEquals(3.0, p0.get("step").asDouble());
        // Exact: the decoded state is the saved one, bit for bit.
        OptimizerState back = OptimizerStateFile.decode(Files.readString(json), Files.readAllBytes(tensors),
                tensors.getFileName().toString());
        assertEquals(StateFiles.toJson(state), StateFiles.toJson(back));
    }

    @Test
    void theManifestRecordsEveryFilesHashAndTheOptimizersOptions() throws IOException {
        MnistData data = fixtureData(tmp.resolve("data"));
        Trainer t = new Trainer(data, format2Config(2));
        t.trainEpoch(TrainingListener.NONE);
        Path ckpt = tmp.resolve("ckpt");
        t.saveCheckpoint(ckpt);
        JsonNode m = JSON.readTree(ckpt.resolve(Checkpoint.MANIFEST).toFile());
        List<String> names = List.of("model-epoch-1.safetensors", "optimizer-epoch-1.json",
                "optimizer-epoch-1.safetensors", "schedule-epoch-1.json");
        for (String f : names) {
            assertEquals(CheckpointChecks.sha256(Files.readAllBytes(ckpt.resolve(f))), m.at("/files/" + f).asText(), f);
        }
        assertEquals(names.size(), m.get("files").size());
        assertEquals(0.001, m.at("/optimizer_options/0/options/lr").asDouble());
        assertEquals(0.001, m.at("/optimizer_options/0/initial_lr").asDouble());
    }

    @Test
    void aFailedSaveLeavesNoFileOfItsEpochBehind() throws IOException {
        MnistData data = fixtureData(tmp.resolve("data"));
        Trainer t = new Trainer(data, format2Config(3));
        Path ckpt = tmp.resolve("ckpt");
        t.trainEpoch(TrainingListener.NONE);
        t.saveCheckpoint(ckpt);
        byte[] manifest = Files.readAllBytes(ckpt.resolve(Checkpoint.MANIFEST));
        t.trainEpoch(TrainingListener.NONE);
        // The last file of the epoch cannot be written (a directory is in its way): the files before it were.
        Files.createDirectories(ckpt.resolve("schedule-epoch-2.json"));
        assertThrows(UncheckedIOException.class, () -> t.saveCheckpoint(ckpt));
        Files.delete(ckpt.resolve("schedule-epoch-2.json"));
        assertArrayEquals(manifest, Files.readAllBytes(ckpt.resolve(Checkpoint.MANIFEST)));
        try (var files = Files.list(ckpt)) {
            assertEquals(List.of("checkpoint.json", "model-epoch-1.safetensors", "optimizer-epoch-1.json",
                    "optimizer-epoch-1.safetensors", "schedule-epoch-1.json"),
                    files.map(p -> p.getFileName().toString()).sorted().toList());
        }
        // ... and the retry succeeds.
        t.saveCheckpoint(ckpt);
        assertNotNull(JSON.readTree(ckpt.resolve(Checkpoint.MANIFEST).toFile()).at("/files/model-epoch-2.safetensors")
                .textValue());
    }
}
