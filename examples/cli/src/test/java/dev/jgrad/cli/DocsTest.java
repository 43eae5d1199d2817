package dev.jgrad.cli;

import dev.jgrad.docs.LineReferences;
import dev.jgrad.docs.MarkdownDoc;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Keeps README.md and docs/**&#47;*.md honest: links resolve, source line references quote their lines,
 * nothing points outside the repository, the command-line manual covers every option, and the README's
 * error example is what the command prints.
 */
class DocsTest {
    private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");
    private static final Pattern HEADING = Pattern.compile("(?m)^#{1,6} (.+)$");

    @Test
    void everyRelativeLinkPointsToAFileThatExistsAndEveryAnchorToAHeading() throws IOException {
        List<String> broken = new ArrayList<>();
        int links = 0;
        for (String name : MarkdownDoc.userDocs()) {
            MarkdownDoc doc = MarkdownDoc.read(name);
            Matcher m = LINK.matcher(doc.text());
            while (m.find()) {
                String target = m.group(1);
                if (target.matches("^[a-z]+:.*")) {
                    continue; // https:, mailto:
                }
                links++;
                int hash = target.indexOf('#');
                String file = hash < 0 ? target : target.substring(0, hash);
                String anchor = hash < 0 ? null : target.substring(hash + 1);
                Path p = file.isEmpty() ? doc.path() : doc.path().getParent().resolve(file).normalize();
                if (!Files.exists(p)) {
                    broken.add(name + ": (" + target + ") — no such file " + p.getFileName());
                } else if (anchor != null && p.toString().endsWith(".md")
                        && !anchors(Files.readString(p, StandardCharsets.UTF_8)).contains(anchor)) {
                    broken.add(name + ": (" + target + ") — " + p.getFileName() + " has no heading with anchor #" + anchor);
                }
            }
        }
        assertTrue(broken.isEmpty(), broken.size() + " broken link(s):\n  " + String.join("\n  ", broken));
        assertTrue(links > 50, "expected the docs to link to each other and to the code, found " + links + " links");
    }

    /** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens. */
    static Set<String> anchors(String markdown) {
        Set<String> out = new HashSet<>();
        Matcher h = HEADING.matcher(markdown.replaceAll("(?s)```.*?```", ""));
        while (h.find()) {
            StringBuilder a = new StringBuilder();
            for (int c : h.group(1).trim().toLowerCase(Locale.ROOT).codePoints().toArray()) {
                if (Character.isLetterOrDigit(c) || c == '-' || c == '_') {
                    a.appendCodePoint(c);
                } else if (c == ' ') {
                    a.append('-');
                }
            }
            out.add(a.toString());
        }
        return out;
    }

    @Test
    void everySourceLineReferenceQuotesTheLineItNames() {
        int checked = 0;
        for (String name : MarkdownDoc.userDocs()) {
            checked += LineReferences.check(MarkdownDoc.read(name));
        }
        assertTrue(checked >= 10, "expected checked line references (docs/errata.md has them), found " + checked);
    }

    @Test
    void noUserDocumentPointsOutsideTheRepository() {
        List<String> bad = new ArrayList<>();
        Pattern outside = Pattern.compile("\\.\\./shared|/work/|\\bissue #?\\d+|the issue's");
        for (String name : MarkdownDoc.userDocs()) {
            String[] lines = MarkdownDoc.read(name).text().split("\n", -1);
            for (int i = 0; i < lines.length; i++) {
                if (outside.matcher(lines[i]).find()) {
                    bad.add(name + ":" + (i + 1) + ": " + lines[i].trim());
                }
            }
        }
        assertTrue(bad.isEmpty(), "user documents must not refer to files outside the repository or to issues:\n  "
                + String.join("\n  ", bad));
    }

    @Test
    void theReadmeStaysShort() {
        long lines = MarkdownDoc.read("README.md").text().lines().count();
        assertTrue(lines <= 220, "README.md has " + lines + " lines; move detail into a docs/ page and link it");
    }

    @Test
    void theCommandLineManualDocumentsEveryCommandAndOption() {
        String manual = MarkdownDoc.read("docs/cli.md").text();
        List<String> missing = new ArrayList<>();
        CommandLine root = new CommandLine(new Main());
        for (OptionSpec o : root.getCommandSpec().options()) {
            if (!manual.contains("`" + o.longestName())) {
                missing.add("option " + o.longestName() + " of 'jgrad' is not in docs/cli.md: add it to the table"
                        + " 'Options every command takes'");
            }
        }
        for (var e : root.getSubcommands().entrySet()) {
            if (e.getKey().equals("help")) {
                continue;
            }
            String heading = "## `jgrad " + e.getKey() + "`";
            int at = manual.indexOf(heading + "\n");
            if (at < 0) {
                missing.add("command '" + e.getKey() + "' has no section in docs/cli.md: add a section '" + heading
                        + "' with a table of its options, and a row in the table of commands at the top");
                continue;
            }
            int next = manual.indexOf("\n## ", at + heading.length());
            String section = manual.substring(at, next < 0 ? manual.length() : next);
            for (OptionSpec o : e.getValue().getCommandSpec().options()) {
                if (o.usageHelp() || o.versionHelp() || o.longestName().equals("--debug")) {
                    continue; // documented once, for every command
                }
                if (!section.contains("`" + o.longestName())) {
                    missing.add("option " + o.longestName() + " of 'jgrad " + e.getKey() + "' is not in docs/cli.md:"
                            + " add a row `" + o.longestName() + (o.arity().max > 0 ? " " + o.paramLabel() : "")
                            + "` | default | meaning | to the section '" + heading + "'");
                }
            }
        }
        assertTrue(missing.isEmpty(), String.join("\n", missing));
    }

    @Test
    void theReadmesErrorExampleIsWhatTheCommandPrints() {
        List<String> block = MarkdownDoc.read("README.md").blockLines("wrong-epochs");
        String prompt = "$ java -jar examples/target/jgrad.jar ";
        assertTrue(block.get(0).startsWith(prompt), block.get(0));
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), block.get(0).substring(prompt.length()).split("\\s+"));
        assertEquals(Main.EXIT_USAGE, code);
        assertEquals(String.join("\n", block.subList(1, block.size())), err.toString(StandardCharsets.UTF_8).strip());
    }

    @Test
    void theAdamWChapterQuotesTheBoxAndTheCodeAsTheyAre() throws IOException {
        MarkdownDoc doc = MarkdownDoc.read("docs/optimizers/adamw.md");
        Path optim = MarkdownDoc.repoRoot().resolve("optim/src/main/java/dev/jgrad/optim");
        String adamW = Files.readString(optim.resolve("AdamW.java"), StandardCharsets.UTF_8);
        String pre = adamW.substring(adamW.indexOf("<pre>") + 5, adamW.indexOf("</pre>"));
        String box = pre.lines().map(l -> l.replaceFirst("^\\s*\\* ?", "")).dropWhile(String::isBlank)
                .reduce("", (a, b) -> a + b + "\n");
        assertEquals(box.stripTrailing(), doc.block("box AdamW.java").stripTrailing(), "docs/optimizers/adamw.md: the box differs from AdamW.java's Javadoc");

        String family = adamW;
        Matcher row = Pattern.compile("(?m)^\\| \\(\\d\\)[^|]*\\| `([^`]+)` \\|").matcher(doc.text());
        int rows = 0;
        while (row.find()) {
            rows++;
            assertTrue(family.contains(row.group(1)), "docs/optimizers/adamw.md quotes `" + row.group(1)
                    + "`, which AdamW.java no longer contains: update the table row");
        }
        assertTrue(rows >= 9, "expected the box-to-code table, found " + rows + " rows");
    }

    @Test
    void everyPackageSaysWhatLivesThereAndWhatItMayDependOn() throws IOException {
        Path root = MarkdownDoc.repoRoot();
        List<String> missing = new ArrayList<>();
        for (String module : List.of("core", "nn", "optim", "examples/learn", "examples/cli")) {
            Path src = root.resolve(module).resolve("src/main/java");
            try (var dirs = Files.walk(src)) {
                for (Path dir : dirs.filter(Files::isDirectory).toList()) {
                    boolean hasClasses;
                    try (var files = Files.list(dir)) {
                        hasClasses = files.anyMatch(f -> f.toString().endsWith(".java"));
                    }
                    if (!hasClasses) {
                        continue;
                    }
                    Path info = dir.resolve("package-info.java");
                    String where = root.relativize(dir).toString().replace('\\', '/');
                    if (!Files.isRegularFile(info)) {
                        missing.add(where + ": add a package-info.java saying what lives there and what it may depend on");
                    } else if (!Files.readString(info, StandardCharsets.UTF_8).toLowerCase(Locale.ROOT).contains("depend")) {
                        missing.add(where + "/package-info.java: say what the package may depend on");
                    }
                }
            }
        }
        assertTrue(missing.isEmpty(), String.join("\n", missing));
    }
}
