package dev.jgrad.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jgrad.cli.CliTest.Run;
import dev.jgrad.learn.data.IdxFixture;
import dev.jgrad.learn.train.CheckpointLock;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static dev.jgrad.cli.CliTest.jgrad;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The catalogue of bad input and faults: every {@code *.cases} file under the test resources'
 * {@code catalogue/} directory is a table of cases, one dynamic test each, run in a fresh temporary
 * directory. A case is a block of {@code key: value} lines starting at {@code case:}:
 *
 * <pre>
 * case:      mnist --checkpoint on a directory that holds a checkpoint
 * assume:    not-root                     (optional: not-root, root, exists PATH, command NAME)
 * given:     run mnist --data {data} --epochs 1 --checkpoint {tmp}/ckpt   (repeatable, in order)
 * command:   mnist --data {data} --epochs 1 --checkpoint {tmp}/ckpt
 * exit:      2
 * message:   already holds a checkpoint   (repeatable: each must be on standard error)
 * output:    Resumed from                 (repeatable: each must be on standard output)
 * nooutput:  Epoch 1                      (repeatable: none may be on standard output, e.g. nothing trained)
 * unchanged: {tmp}/ckpt                   (repeatable: must be the same after the command as before it)
 * </pre>
 *
 * Placeholders: {@code {tmp}} is the case's temporary directory, {@code {data}} a small learnable IDX
 * directory (300 training, 100 test images, written on first use). Arguments are split at spaces;
 * {@code "..."} keeps spaces and {@code ""} is an empty argument. {@code #} starts a comment line.
 *
 * <p>The {@code given} steps: {@code run ARGS} (must exit 0), {@code write PATH TEXT}, {@code replace
 * PATH REGEX => REPLACEMENT} (a Java regex, must match), {@code flip PATH} (inverts the last byte: a damaged
 * binary file), {@code mkdir PATH}, {@code chmod PATH rwxr-x---}, {@code delete PATH}, {@code symlink LINK
 * -> TARGET}, {@code fifo PATH}, {@code device PATH null|full} (a /dev/null or /dev/full of the case's own,
 * needs root), {@code lock DIR} (a {@link CheckpointLock} held while the command runs),
 * {@code copy RESOURCE DIR} (a directory of the test resources), {@code rehash DIR} (records the files'
 * current SHA-256 in the checkpoint manifest of DIR, as someone covering an edit would: what is checked
 * beyond the hashes).
 *
 * <p>Every case with exit 2 must print exactly one line on standard error; no case may print a stack
 * trace. {@code unchanged} compares what a path is: absent, a directory (recursively, without the
 * {@value CheckpointLock#FILE} file, whose pid any run that takes the lock rewrites), a regular file (its
 * bytes), a symbolic link (its target, then what that is) or another kind of file (a device or a FIFO,
 * which must stay one).
 *
 * <p>Each area keeps its own file ({@code outputs.cases}, {@code checkpoints.cases}, ...), so cases are
 * added without touching this class or each other's tables.
 */
class CatalogueTest {
    private static final Pattern KEY = Pattern.compile("([a-z]+):\\s*(.*)");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One row of a table. */
    record Case(String file, int line, String name, List<String> assume, List<String> given, String command,
                int exit, List<String> messages, List<String> outputs, List<String> absent, List<String> unchanged) {
    }

    @TestFactory
    Stream<DynamicTest> catalogue() throws IOException {
        List<Case> cases = new ArrayList<>();
        for (Path file : tables()) {
            cases.addAll(parse(file.getFileName().toString(), Files.readAllLines(file, StandardCharsets.UTF_8)));
        }
        assertFalse(cases.isEmpty(), "no cases found");
        return cases.stream().map(c -> DynamicTest.dynamicTest(c.file() + ":" + c.line() + " " + c.name(),
                () -> run(c)));
    }

    /**
     * A directory of the test resources, e.g. {@code catalogue}; or of the library's, such as
     * {@code checkpoint-format2}, which is in jgrad-learn's test jar once that module is packaged.
     */
    static Path resource(String name) {
        URL url = CatalogueTest.class.getResource("/" + name);
        Objects.requireNonNull(url, name + "/ not on the test class path");
        try {
            URI uri = url.toURI();
            if (uri.getScheme().equals("jar")) {
                try {
                    FileSystems.newFileSystem(uri, Map.of());
                } catch (FileSystemAlreadyExistsException opened) {
                    // a case before this one opened the jar
                }
            }
            return Path.of(uri);
        } catch (URISyntaxException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<Path> tables() throws IOException {
        try (Stream<Path> s = Files.list(resource("catalogue"))) {
            return s.filter(p -> p.getFileName().toString().endsWith(".cases")).sorted().toList();
        }
    }

    static List<Case> parse(String file, List<String> lines) {
        List<Case> out = new ArrayList<>();
        Map<String, List<String>> block = null;
        int start = 0;
        for (int i = 0; i <= lines.size(); i++) {
            String line = i < lines.size() ? lines.get(i).strip() : "case: (end)";
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            Matcher m = KEY.matcher(line);
            if (!m.matches()) {
                throw new IllegalArgumentException(file + ":" + (i + 1) + ": expected 'key: value', got " + line);
            }
            if (m.group(1).equals("case")) {
                if (block != null) {
                    out.add(toCase(file, start, block));
                }
                block = new LinkedHashMap<>();
                start = i + 1;
            } else if (block == null) {
                throw new IllegalArgumentException(file + ":" + (i + 1) + ": '" + m.group(1) + "' before any case:");
            }
            block.computeIfAbsent(m.group(1), k -> new ArrayList<>()).add(m.group(2));
        }
        return out;
    }

    private static Case toCase(String file, int line, Map<String, List<String>> b) {
        List<String> known = List.of("case", "assume", "given", "command", "exit", "message", "output", "nooutput",
                "unchanged");
        for (String k : b.keySet()) {
            if (!known.contains(k)) {
                throw new IllegalArgumentException(file + ":" + line + ": unknown key '" + k + "' (known: " + known
                        + ")");
            }
        }
        if (!b.containsKey("command") || !b.containsKey("exit")) {
            throw new IllegalArgumentException(file + ":" + line + ": a case needs command: and exit:");
        }
        return new Case(file, line, b.get("case").get(0), b.getOrDefault("assume", List.of()),
                b.getOrDefault("given", List.of()), b.get("command").get(0), Integer.parseInt(b.get("exit").get(0)),
                b.getOrDefault("message", List.of()), b.getOrDefault("output", List.of()),
                b.getOrDefault("nooutput", List.of()), b.getOrDefault("unchanged", List.of()));
    }

    // ---------------------------------------------------------------- running a case

    private static void run(Case c) throws Exception {
        Path tmp = Files.createTempDirectory("jgrad-catalogue");
        try {
            Context ctx = new Context(tmp);
            for (String a : c.assume()) {
                assumeTrue(ctx.holds(a), "assumption '" + a + "' does not hold here");
            }
            for (String g : c.given()) {
                ctx.given(g);
            }
            Map<String, String> before = new LinkedHashMap<>();
            for (String u : c.unchanged()) {
                Path p = Path.of(ctx.expand(u));
                before.put(p.toString(), snapshot(p));
            }
            Run r;
            try {
                r = jgrad(ctx.args(c.command()));
            } finally {
                ctx.releaseLocks();
            }
            String what = c.command() + "\nstdout: " + r.out() + "\nstderr: " + r.err();
            assertEquals(c.exit(), r.code(), "exit code of " + what);
            assertFalse(r.err().contains("\tat ") || r.err().contains("Exception:"), "a stack trace: " + what);
            if (c.exit() == 2) {
                assertEquals(1, r.errLines().size(), "one line on standard error expected: " + what);
            }
            for (String m : c.messages()) {
                String f = ctx.expand(m);
                assertTrue(r.err().contains(f), "expected '" + f + "' on standard error: " + what);
            }
            for (String o : c.outputs()) {
                String f = ctx.expand(o);
                assertTrue(r.out().contains(f), "expected '" + f + "' on standard output: " + what);
            }
            for (String o : c.absent()) {
                String f = ctx.expand(o);
                assertFalse(r.out().contains(f), "'" + f + "' on standard output: " + what);
            }
            for (var e : before.entrySet()) {
                assertEquals(e.getValue(), snapshot(Path.of(e.getKey())), e.getKey() + " changed: " + what);
            }
        } finally {
            deleteTree(tmp);
        }
    }

    /** What a path is, as a string that differs when it changes. */
    static String snapshot(Path p) throws Exception {
        if (Files.isSymbolicLink(p)) {
            Path target = Files.readSymbolicLink(p);
            Path resolved = p.resolveSibling(target);
            return "symlink -> " + target + " (" + (Files.exists(resolved) ? snapshot(resolved) : "dangling") + ")";
        }
        if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
            return "absent";
        }
        if (Files.isDirectory(p)) {
            Map<String, String> entries = new TreeMap<>();
            try (Stream<Path> s = Files.list(p)) {
                for (Path f : s.toList()) {
                    String name = f.getFileName().toString();
                    if (!name.equals(CheckpointLock.FILE)) {
                        entries.put(name, snapshot(f));
                    }
                }
            }
            return "directory " + entries;
        }
        if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
            byte[] bytes = Files.readAllBytes(p);
            return "file of " + bytes.length + " bytes, " + HexFormat.of().formatHex(
                    Arrays.copyOf(MessageDigest.getInstance("SHA-256").digest(bytes), 8));
        }
        return "special file";
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted((a, b) -> b.compareTo(a)).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** Placeholders, the {@code given} steps and the assumptions of one case. */
    private static final class Context {
        private final Path tmp;
        private final List<CheckpointLock> locks = new ArrayList<>();
        private boolean data;

        Context(Path tmp) {
            this.tmp = tmp;
        }

        String expand(String s) {
            if (s.contains("{data}") && !data) {
                IdxFixture.write(tmp.resolve("data"), 300, 100, 28);
                data = true;
            }
            return s.replace("{tmp}", tmp.toString()).replace("{data}", tmp.resolve("data").toString());
        }

        String[] args(String line) {
            return split(expand(line)).toArray(String[]::new);
        }

        boolean holds(String assumption) throws IOException {
            List<String> a = split(assumption);
            return switch (a.get(0)) {
                case "root" -> isRoot();
                case "not-root" -> !isRoot();
                case "exists" -> Files.exists(Path.of(a.get(1)));
                case "command" -> ProcessReliabilityTest.run("sh", "-c", "command -v " + a.get(1));
                default -> throw new IllegalArgumentException("unknown assumption: " + assumption);
            };
        }

        void given(String step) throws Exception {
            String s = expand(step);
            List<String> w = split(s);
            String rest = s.substring(w.get(0).length()).strip();
            switch (w.get(0)) {
                case "run" -> {
                    Run r = jgrad(args(rest));
                    assertEquals(0, r.code(), "given: " + s + "\n" + r.err());
                }
                case "write" -> {
                    Path p = Path.of(w.get(1));
                    Files.createDirectories(p.toAbsolutePath().getParent());
                    Files.writeString(p, rest.substring(w.get(1).length()).strip());
                }
                case "replace" -> {
                    Path p = Path.of(w.get(1));
                    String[] edit = rest.substring(w.get(1).length()).strip().split(" => ", 2);
                    String text = Files.readString(p);
                    String edited = text.replaceAll(edit[0], edit[1]);
                    assertFalse(edited.equals(text), "given: " + s + ": the pattern does not match " + p);
                    Files.writeString(p, edited);
                }
                case "flip" -> {
                    byte[] b = Files.readAllBytes(Path.of(w.get(1)));
                    b[b.length - 1] = (byte) ~b[b.length - 1];
                    Files.write(Path.of(w.get(1)), b);
                }
                case "copy" -> {
                    Path from = resource(w.get(1));
                    Path to = Files.createDirectories(Path.of(w.get(2)));
                    try (Stream<Path> files = Files.list(from)) {
                        for (Path f : files.toList()) {
                            Files.copy(f, to.resolve(f.getFileName().toString()));
                        }
                    }
                }
                case "rehash" -> {
                    Path manifest = Path.of(w.get(1), "checkpoint.json");
                    ObjectNode m = (ObjectNode) JSON.readTree(manifest.toFile());
                    ObjectNode files = (ObjectNode) m.get("files");
                    List<String> names = new ArrayList<>();
                    files.fieldNames().forEachRemaining(names::add);
                    for (String name : names) {
                        files.put(name, HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                                .digest(Files.readAllBytes(manifest.resolveSibling(name)))));
                    }
                    JSON.writerWithDefaultPrettyPrinter().writeValue(manifest.toFile(), m);
                }
                case "mkdir" -> Files.createDirectories(Path.of(w.get(1)));
                case "chmod" -> Files.setPosixFilePermissions(Path.of(w.get(1)),
                        PosixFilePermissions.fromString(w.get(2)));
                case "delete" -> deleteTree(Path.of(w.get(1)));
                case "symlink" -> {
                    assertEquals("->", w.get(2), "given: symlink LINK -> TARGET");
                    Files.createSymbolicLink(Path.of(w.get(1)), Path.of(w.get(3)));
                }
                case "device" -> {
                    // A /dev/null (1, 3) or /dev/full (1, 7) of the case's own: the machine's are never at stake.
                    int minor = switch (w.get(2)) {
                        case "null" -> 3;
                        case "full" -> 7;
                        default -> throw new IllegalArgumentException("given: device PATH null|full, got " + step);
                    };
                    assertTrue(ProcessReliabilityTest.run("mknod", w.get(1), "c", "1", Integer.toString(minor)),
                            "mknod " + w.get(1) + " (assume: root)");
                }
                case "fifo" -> assertTrue(ProcessReliabilityTest.run("mkfifo", w.get(1)), "mkfifo " + w.get(1));
                case "lock" -> locks.add(CheckpointLock.acquire(Path.of(w.get(1))));
                default -> throw new IllegalArgumentException("unknown given step: " + step);
            }
        }

        void releaseLocks() {
            locks.forEach(CheckpointLock::close);
            locks.clear();
        }

        /** Root ignores file permissions, so a permission case holds only for other users. */
        private static boolean isRoot() {
            return "root".equals(System.getProperty("user.name"));
        }
    }

    /** Splits at spaces; {@code "..."} keeps spaces, {@code ""} is an empty argument. */
    static List<String> split(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = null;
        boolean quoted = false;
        for (char ch : line.toCharArray()) {
            if (ch == '"') {
                quoted = !quoted;
                if (cur == null) {
                    cur = new StringBuilder();
                }
            } else if (ch == ' ' && !quoted) {
                if (cur != null) {
                    out.add(cur.toString());
                    cur = null;
                }
            } else {
                if (cur == null) {
                    cur = new StringBuilder();
                }
                cur.append(ch);
            }
        }
        if (quoted) {
            throw new IllegalArgumentException("unbalanced quote in: " + line);
        }
        if (cur != null) {
            out.add(cur.toString());
        }
        return out;
    }
}
