package org.example.rmsprop;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jgrad.docs.MarkdownDoc;
import dev.jgrad.learn.data.MnistSource;
import dev.jgrad.learn.train.ModelSpec;
import dev.jgrad.learn.train.OptimizerSpec;
import dev.jgrad.learn.train.TrainConfig;
import dev.jgrad.learn.train.Trainer;
import dev.jgrad.learn.train.TrainingListener;
import dev.jgrad.optim.OptimizerRegistry;
import dev.jgrad.optim.laws.OptimizerLaws;
import dev.jgrad.optim.replay.ReplayReport;
import dev.jgrad.optim.replay.TrajectoryReplay;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * docs/optimizers/write-your-own.md, as a test: the optimizer it writes lives in a package of its own, joins the
 * registry with one line, replays PyTorch's recorded RMSprop trajectories, obeys the public laws and trains
 * the MNIST MLP. The page's code blocks are this folder's files, checked here word for word.
 */
class WriteYourOwnOptimizerTest {
    private static final Path PAGE = MarkdownDoc.repoRoot().resolve(Path.of("docs", "optimizers", "write-your-own.md"));
    private static final Path HERE = Path.of("src", "test", "java", "org", "example", "rmsprop");
    private static final Path TEMPLATE = Path.of("src", "test", "resources", "org", "example", "rmsprop");
    private static final Path CONSUMER = MarkdownDoc.repoRoot().resolve("consumer");
    private static final Path SIGNUM = CONSUMER.resolve(Path.of("src", "main", "java", "org", "example", "signum"));

    @BeforeAll
    static void register() {
        // the registration line of the page
        OptimizerRegistry.register("MyRMSprop", MyRMSprop.class, MyRMSprop.Options.class, MyRMSprop.Options.DEFAULTS, MyRMSprop::new);
    }

    @AfterAll
    static void unregister() {
        OptimizerRegistry.unregister("MyRMSprop");
    }

    /** Every java block of the page that starts with a file's first line is that file, or lies in it, verbatim. */
    @Test
    void thePageShowsThisCodeVerbatim() throws Exception {
        String page = Files.readString(PAGE, StandardCharsets.UTF_8);
        String optimizer = Files.readString(HERE.resolve("MyRMSprop.java"), StandardCharsets.UTF_8);
        String test = Files.readString(HERE.resolve("WriteYourOwnOptimizerTest.java"), StandardCharsets.UTF_8);
        String consumer = Files.readString(SIGNUM.resolve("Signum.java"), StandardCharsets.UTF_8)
                + Files.readString(SIGNUM.resolve("SignumProvider.java"), StandardCharsets.UTF_8);
        Matcher m = Pattern.compile("```java\n(.*?)```", Pattern.DOTALL).matcher(page);
        int blocks = 0;
        while (m.find()) {
            String block = m.group(1);
            assertTrue(optimizer.contains(block) || test.contains(block.strip()) || consumer.contains(block),
                    "not in the sources:\n" + block);
            blocks++;
        }
        assertTrue(blocks >= 3, "the page shows the optimizer, its registration and its checks");
        assertTrue(page.contains(optimizer), "the page shows MyRMSprop.java whole");
    }

    /**
     * Section 6's pom names this build's version and JUnit's, and its provider file and commands are the consumer
     * project's.
     */
    @Test
    void theOwnJarSectionMatchesTheConsumerProject() throws Exception {
        String page = Files.readString(PAGE, StandardCharsets.UTF_8);
        String root = Files.readString(Path.of("..", "..", "pom.xml"), StandardCharsets.UTF_8);
        Matcher version = Pattern.compile("<artifactId>jgrad-parent</artifactId>\\s*<version>([^<]+)</version>")
                .matcher(root);
        assertTrue(version.find(), "the root pom's version");
        Matcher junit = Pattern.compile("<junit.version>([^<]+)</junit.version>").matcher(root);
        assertTrue(junit.find(), "the root pom's JUnit version");
        Matcher pom = Pattern.compile("```xml\n(.*?)```", Pattern.DOTALL).matcher(page);
        assertTrue(pom.find(), "the page shows a pom.xml");
        assertTrue(pom.group(1).contains("<artifactId>jgrad-optim</artifactId>\n      <version>" + version.group(1)
                + "</version>"), "jgrad-optim at " + version.group(1) + ":\n" + pom.group(1));
        assertTrue(pom.group(1).contains("<version>" + junit.group(1) + "</version>"), pom.group(1));
        String provider = Files.readString(CONSUMER.resolve(Path.of("src", "main", "resources", "META-INF", "services",
                "dev.jgrad.optim.OptimizerProvider")), StandardCharsets.UTF_8).strip();
        assertTrue(page.contains("```\n" + provider + "\n```"), "the provider file's line: " + provider);
    }

    @Test
    void replaysPyTorchsRecordedRmspropTrajectories() throws Exception {
        ObjectMapper json = new ObjectMapper();
        ObjectNode file = (ObjectNode) json.readTree(Path.of("..", "..", "optim", "src", "test", "resources", "reference",
                "optim-zoo-trajectories.json").toFile());
        ObjectNode mine = json.createObjectNode().put("generator", file.get("generator").asText());
        for (String section : List.of("open_loop", "closed_loop")) {
            ArrayNode cases = mine.putArray(section);
            file.get(section).forEach(c -> {
                boolean plain = c.get("optimizer").asText().equals("RMSprop") && !c.get("options").has("momentum");
                if (plain) {
                    cases.add(((ObjectNode) c.deepCopy()).put("optimizer", "MyRMSprop"));
                }
            });
        }
        ReplayReport report = TrajectoryReplay.run(new ByteArrayInputStream(json.writeValueAsBytes(mine)), "rmsprop cases");
        assertEquals(2, report.cases().size(), report.table());
        assertTrue(report.passed(), report.table());
        report.cases().forEach(c -> assertEquals(0, c.maxRelError(), c.toString()));   // the page says: to the last bit
    }

    @Test
    void obeysTheLaws() {
        OptimizerLaws.Factory rmsprop = params -> new MyRMSprop(params, MyRMSprop.Options.DEFAULTS);
        OptimizerLaws.zeroGradientsKeepThetaStill("MyRMSprop", rmsprop);
        OptimizerLaws.nullGradientsChangeNothing("MyRMSprop", rmsprop);
        OptimizerLaws.stateDictResumesBitIdentically("MyRMSprop", rmsprop);
        OptimizerLaws.gradientScaleDoesNotMatter("MyRMSprop", params -> new MyRMSprop(params,
                new MyRMSprop.Options(0.01, 0.99, 0, 0)), 4);
    }

    @Test
    void trainsTheMnistMlpWellAboveChance() {
        TrainConfig config = TrainConfig.defaults().withModel(ModelSpec.mlp(64)).withEpochs(1)
                .withOptimizer(OptimizerSpec.of("MyRMSprop").withLr(0.001));
        var history = new Trainer(MnistSource.bundled(), config).train(TrainingListener.NONE);
        double accuracy = history.get(history.size() - 1).testAccuracy();
        assertTrue(accuracy > 80, "test accuracy " + accuracy + "% after one epoch (chance: 10%)");
    }

    /** The recording template is on the page whole, and what it recorded replays to the last bit. */
    @Test
    void theTemplatesRecordingReplaysExactly() throws Exception {
        String page = Files.readString(PAGE, StandardCharsets.UTF_8);
        Matcher m = Pattern.compile("```python\n(.*?)```", Pattern.DOTALL).matcher(page);
        assertTrue(m.find(), "the page shows the recording template");
        assertEquals(Files.readString(TEMPLATE.resolve("record_my_cases.py"), StandardCharsets.UTF_8), m.group(1));
        ReplayReport report = TrajectoryReplay.run(TEMPLATE.resolve("my-cases.json"));
        assertEquals(3, report.cases().size(), report.table());
        report.cases().forEach(c -> assertEquals(0, c.maxRelError(), report.table()));
    }

    /** The page's example of a failure is what the replay prints for a misspelled state key. */
    @Test
    void aMisspelledStateKeyIsNamed() throws Exception {
        String json = Files.readString(TEMPLATE.resolve("my-cases.json"), StandardCharsets.UTF_8)
                .replaceFirst("\"square_avg\"", "\"square_avgg\"");
        ReplayReport report = TrajectoryReplay.run(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)),
                "my-cases.json");
        String failure = MarkdownDoc.read("docs/optimizers/write-your-own.md").block("replay-failure");
        assertTrue(report.table().contains("FAIL\n" + failure), report.table());
    }
}
