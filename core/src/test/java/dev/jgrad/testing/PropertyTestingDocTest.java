package dev.jgrad.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.jgrad.docs.MarkdownDoc;
import dev.jgrad.docs.JavaSnippet;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/** Runs every code block of docs/property-testing.md from the page and compares what it prints. */
class PropertyTestingDocTest {

    private static final MarkdownDoc DOC = MarkdownDoc.read("docs/property-testing.md");
    private static final String[] IMPORTS = {"dev.jgrad.testing.*", "dev.jgrad.tensor.*", "java.util.*"};

    /** Runs a block as the page shows it: with the default number of tries, whatever -Djgrad.pbt.tries says. */
    private static JavaSnippet.Result run(String id) throws Exception {
        String tries = System.clearProperty(Property.TRIES_PROPERTY);
        try {
            return JavaSnippet.of(DOC.block(id)).imports(IMPORTS).run();
        } finally {
            if (tries != null) {
                System.setProperty(Property.TRIES_PROPERTY, tries);
            }
        }
    }

    private static void printsWhatThePageSays(String id) throws Exception {
        assertEquals(DOC.block(id + "-output"), run(id).stdout(), id);
    }

    @Test
    void firstPropertyRuns() throws Exception {
        assertTrue(run("first-property").stdout().startsWith("[jgrad.pbt] gradcheck tanh: seed="));
    }

    @Test
    void everyBlockWithAnOutputPrintsIt() throws Exception {
        for (String id : List.of("report", "edge-cases", "assume", "examples", "statistics", "exhaustive", "boundary",
                "stateful")) {
            printsWhatThePageSays(id);
        }
    }

    @Test
    void thePropertyTestClassFailsAsThePageSays(@TempDir Path dir) throws Exception {
        Path src = dir.resolve("SumTest.java");
        Files.writeString(src, "import dev.jgrad.testing.*;\nimport dev.jgrad.testing.junit.*;\n"
                + "import java.util.function.Supplier;\n" + DOC.block("junit"), StandardCharsets.UTF_8);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        String classPath = System.getProperty("java.class.path");
        assertEquals(0, javac.run(null, null, null, "-d", dir.toString(), "-cp", classPath, "-parameters",
                "-proc:none", src.toString()));
        List<TestExecutionResult> results = new ArrayList<>();
        try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()}, getClass().getClassLoader())) {
            Class<?> test = loader.loadClass("SumTest");
            LauncherFactory.create().execute(LauncherDiscoveryRequestBuilder.request().selectors(selectClass(test))
                    .build(), new TestExecutionListener() {
                        @Override
                        public void executionFinished(TestIdentifier id, TestExecutionResult result) {
                            if (id.isTest()) {
                                results.add(result);
                            }
                        }
                    });
        }
        assertEquals(1, results.size());
        String message = results.get(0).getThrowable().orElseThrow().getMessage();
        List<String> expected = DOC.blockLines("junit-output");
        assertTrue(message.startsWith(expected.get(0) + "\n"), message);
        assertTrue(message.contains("\n" + expected.get(1) + "\n"), message);
    }
}
