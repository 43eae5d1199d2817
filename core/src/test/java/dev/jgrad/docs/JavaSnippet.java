package dev.jgrad.docs;

import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Compiles and runs a block of Java statements taken from a Markdown file, so a documented example is
 * run as written rather than copied into a test.
 *
 * <pre>
 * String code = MarkdownDoc.read("README.md").block("first-gradient");
 * JavaSnippet.Result r = JavaSnippet.of(code)
 *         .imports("dev.jgrad.tensor.Tensor")
 *         .exposing("x", "loss")          // locals the test wants to inspect afterwards
 *         .run();
 * r.stdout();                             // what the statements printed
 * Tensor x = r.get("x", Tensor.class);
 * </pre>
 *
 * The statements become the body of a method; {@link #input} declares a local the snippet uses but does
 * not define (e.g. a file in a temporary directory). Compilation uses the test class path, so a snippet
 * sees exactly what the test sees. A compile error fails with the diagnostics and the numbered source.
 */
public final class JavaSnippet {
    /** The compiled snippet's entry point. */
    public interface Body {
        /** Runs the statements with the given inputs and returns the exposed locals. */
        Map<String, Object> run(Map<String, Object> inputs) throws Exception;
    }

    /** What a run printed on standard output, and the exposed locals. */
    public record Result(String stdout, Map<String, Object> locals) {
        /** An exposed local, cast to its type. */
        public <T> T get(String name, Class<T> type) {
            if (!locals.containsKey(name)) {
                throw new AssertionError("the snippet did not expose '" + name + "'; exposed: " + locals.keySet());
            }
            return type.cast(locals.get(name));
        }
    }

    private final String code;
    private final List<String> imports = new ArrayList<>();
    private final Map<String, Class<?>> inputTypes = new LinkedHashMap<>();
    private final Map<String, Object> inputs = new LinkedHashMap<>();
    private final List<String> exposed = new ArrayList<>();

    private JavaSnippet(String code) {
        this.code = code;
    }

    /** A snippet of Java statements (a method body). */
    public static JavaSnippet of(String code) {
        return new JavaSnippet(code);
    }

    /** Adds imports (qualified names, or {@code pkg.*}; {@code static ...} for static imports). */
    public JavaSnippet imports(String... names) {
        imports.addAll(List.of(names));
        return this;
    }

    /** Declares a local the snippet uses without defining it. */
    public <T> JavaSnippet input(String name, Class<T> type, T value) {
        inputTypes.put(name, type);
        inputs.put(name, value);
        return this;
    }

    /** Locals of the snippet to hand back in the {@link Result}. */
    public JavaSnippet exposing(String... names) {
        exposed.addAll(List.of(names));
        return this;
    }

    /** The Java source the snippet is compiled as. */
    public String source() {
        StringBuilder s = new StringBuilder("package dev.jgrad.docs.snippet;\n");
        for (String i : imports) {
            s.append("import ").append(i).append(";\n");
        }
        s.append("public final class Snippet implements dev.jgrad.docs.JavaSnippet.Body {\n")
                .append("public java.util.Map<String, Object> run(java.util.Map<String, Object> inputs$) throws Exception {\n");
        inputTypes.forEach((n, t) -> s.append(t.getCanonicalName()).append(' ').append(n).append(" = (")
                .append(t.getCanonicalName()).append(") inputs$.get(\"").append(n).append("\");\n"));
        s.append(code).append('\n');
        s.append("java.util.Map<String, Object> out$ = new java.util.LinkedHashMap<>();\n");
        for (String e : exposed) {
            s.append("out$.put(\"").append(e).append("\", ").append(e).append(");\n");
        }
        return s.append("return out$;\n}\n}\n").toString();
    }

    /** Compiles and runs the snippet, capturing standard output. */
    public Result run() throws Exception {
        Body body = compile();
        PrintStream saved = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        Map<String, Object> locals;
        try (PrintStream capture = new PrintStream(buf, true, StandardCharsets.UTF_8)) {
            System.setOut(capture);
            locals = body.run(inputs);
        } finally {
            System.setOut(saved);
        }
        return new Result(buf.toString(StandardCharsets.UTF_8), locals);
    }

    private Body compile() throws Exception {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        if (javac == null) {
            throw new IllegalStateException("no Java compiler in this runtime (run the tests on a JDK, not a JRE)");
        }
        Path dir = Files.createTempDirectory("jgrad-snippet");
        try {
            Path src = dir.resolve("dev/jgrad/docs/snippet/Snippet.java");
            Files.createDirectories(src.getParent());
            String source = source();
            Files.writeString(src, source, StandardCharsets.UTF_8);
            List<String> options = new ArrayList<>(List.of("-d", dir.toString(), "-classpath", classPath(),
                    "-encoding", "UTF-8", "-proc:none", "-nowarn"));
            if (ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()) {
                options.addAll(List.of("--add-modules", "jdk.incubator.vector"));
            }
            DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
            boolean ok;
            try (StandardJavaFileManager files = javac.getStandardFileManager(diagnostics, null, StandardCharsets.UTF_8)) {
                ok = javac.getTask(null, files, diagnostics, options, null, files.getJavaFileObjects(src.toFile())).call();
            }
            if (!ok) {
                StringBuilder msg = new StringBuilder("the documented snippet does not compile:\n");
                for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
                    if (d.getKind() == Diagnostic.Kind.ERROR) {
                        msg.append("  line ").append(d.getLineNumber()).append(": ").append(d.getMessage(null)).append('\n');
                    }
                }
                List<String> lines = source.lines().toList();
                for (int i = 0; i < lines.size(); i++) {
                    msg.append(String.format("%4d  %s%n", i + 1, lines.get(i)));
                }
                throw new AssertionError(msg.toString());
            }
            URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()}, JavaSnippet.class.getClassLoader());
            return (Body) loader.loadClass("dev.jgrad.docs.snippet.Snippet").getDeclaredConstructor().newInstance();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Surefire puts the full test class path in this property (java.class.path may be a manifest-only jar). */
    private static String classPath() {
        String cp = System.getProperty("surefire.test.class.path");
        return cp != null && !cp.isBlank() ? cp : System.getProperty("java.class.path");
    }
}
