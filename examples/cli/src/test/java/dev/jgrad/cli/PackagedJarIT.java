package dev.jgrad.cli;

import dev.jgrad.docs.MarkdownDoc;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarFile;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The artifacts as a user gets them, after {@code package}: the runnable jar ({@code examples/target/jgrad.jar}, the
 * aggregator's directory, where the docs have always put it) and every module's manifest. Paths are from this
 * module's directory, {@code examples/cli}.
 */
class PackagedJarIT {
    private static final String VERSION = System.getProperty("jgrad.expectedVersion");
    private static final Path JAR = Path.of("..", "target", "jgrad.jar");

    @Test
    void versionPrintsTheProjectVersion() throws Exception {
        assertNotNull(VERSION, "the build passes jgrad.expectedVersion");
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(java.toString(), "-jar", JAR.toString(), "--version")
                .redirectErrorStream(true).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "java -jar " + JAR + " --version did not finish");
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertEquals(0, p.exitValue(), out);
        assertEquals("jgrad " + VERSION, out);
    }

    /** docs/shell.md's session through the jar as a user starts it (with its restart for the Vector API). */
    @Test
    void theShellRunsTheDocumentedSessionFromTheJar() throws Exception {
        String transcript = MarkdownDoc.read("docs/shell.md").block("shell-session");
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(java.toString(), "-jar", JAR.toString(), "shell").start();
        try (OutputStream in = p.getOutputStream()) {
            in.write(ShellTranscript.input(transcript).getBytes(StandardCharsets.UTF_8));
        }
        byte[] err = p.getErrorStream().readAllBytes();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "java -jar " + JAR + " shell did not finish");
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), out + new String(err, StandardCharsets.UTF_8));
        assertEquals(transcript, ShellTranscript.fromFirstPrompt(out));
    }

    @Test
    void everyModuleJarNamesItsVersionAndModule() throws IOException {
        for (String module : List.of("core", "nn", "optim", "examples/learn", "examples/cli")) {
            String name = module.substring(module.lastIndexOf('/') + 1);
            Path jar = Path.of("..", "..", module, "target", "jgrad-" + name + "-" + VERSION + ".jar");
            assertTrue(Files.isRegularFile(jar), jar + " was not built");
            try (JarFile f = new JarFile(jar.toFile())) {
                Attributes a = f.getManifest().getMainAttributes();
                assertEquals(VERSION, a.getValue("Implementation-Version"), jar.toString());
                assertEquals("dev.jgrad." + name, a.getValue("Automatic-Module-Name"), jar.toString());
            }
            for (String classifier : List.of("sources", "javadoc")) {
                Path attached = Path.of("..", "..", module, "target", "jgrad-" + name + "-" + VERSION + "-" + classifier
                        + ".jar");
                assertTrue(Files.isRegularFile(attached), attached + " was not built");
            }
        }
        try (JarFile f = new JarFile(JAR.toFile())) {
            Attributes a = f.getManifest().getMainAttributes();
            assertEquals(VERSION, a.getValue("Implementation-Version"));
            assertEquals("dev.jgrad.cli", a.getValue("Automatic-Module-Name"));
            assertEquals("dev.jgrad.cli.Main", a.getValue("Main-Class"));
        }
    }
}
