package dev.jgrad.autograd;

import dev.jgrad.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every {@code java} block of docs/higher-order.md, read from the Markdown, compiled against jgrad's
 * classes and run; what it prints must be what its {@code // prints} comments say, in order.
 */
class HigherOrderDocTest {
    private static final Path DOC = Path.of("..", "docs", "higher-order.md");
    private static final Pattern BLOCK = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL);
    private static final Pattern PRINTS = Pattern.compile("// prints (.*)$");

    @Test
    void everyJavaBlockCompilesRunsAndPrintsWhatItSays(@TempDir Path dir) throws Exception {
        String md = Files.readString(DOC, StandardCharsets.UTF_8);
        Matcher m = BLOCK.matcher(md);
        List<String> blocks = new ArrayList<>();
        while (m.find()) {
            blocks.add(m.group(1));
        }
        assertEquals(4, blocks.size(), "the page's examples: hvp, the checks, hooks, anomaly detection");
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        String classpath = Path.of(Tensor.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        for (int i = 0; i < blocks.size(); i++) {
            String name = "Example" + i;
            Path src = dir.resolve(name + ".java");
            Files.writeString(src, "import dev.jgrad.autograd.*;\nimport dev.jgrad.tensor.*;\nimport dev.jgrad.testing.*;\n"
                    + "import java.util.*;\npublic class " + name + " {\npublic static void main(String[] args) throws Exception {\n"
                    + blocks.get(i) + "}\n}\n");
            ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
            int rc = javac.run(null, null, diagnostics, "-d", dir.toString(), "-cp", classpath, "-proc:none", src.toString());
            assertEquals(0, rc, "block " + i + " does not compile:\n" + diagnostics.toString(StandardCharsets.UTF_8));
            List<String> expected = new ArrayList<>();
            for (String line : blocks.get(i).split("\n")) {
                Matcher p = PRINTS.matcher(line);
                if (p.find()) {
                    expected.add(p.group(1).trim());
                }
            }
            assertTrue(!expected.isEmpty(), "block " + i + " says what it prints");
            PrintStream saved = System.out;
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()}, getClass().getClassLoader())) {
                System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
                loader.loadClass(name).getMethod("main", String[].class).invoke(null, (Object) new String[0]);
            } finally {
                System.setOut(saved);
            }
            assertEquals(expected, out.toString(StandardCharsets.UTF_8).lines().toList(), "block " + i);
        }
    }
}
