package dev.jgrad.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Every help page, as {@code --help} prints it: no line wider than 80 columns, no option name broken
 * across two lines, and every example a command a user can paste, {@code java -jar
 * examples/target/jgrad.jar ...} (a {@code jgrad} command does not exist), whole on its lines
 * (continued with a trailing backslash, as a shell reads it) and accepted by the parser.
 */
final class HelpPagesTest {
    static final String JAR = "java -jar examples/target/jgrad.jar";
    private static final Pattern OPTION = Pattern.compile("(?<![\\w-])--[a-z][a-z0-9-]*");

    /** Every command path, e.g. [mnist], [race, merge]. */
    static List<List<String>> commands() {
        List<List<String>> all = new ArrayList<>();
        collect(new CommandLine(new Main()), new ArrayList<>(), all);
        return all;
    }

    private static void collect(CommandLine cl, List<String> path, List<List<String>> all) {
        for (var e : cl.getSubcommands().entrySet()) {
            if (e.getKey().equals("help")) {
                continue;
            }
            List<String> p = new ArrayList<>(path);
            p.add(e.getKey());
            all.add(p);
            collect(e.getValue(), p, all);
        }
    }

    private static Set<String> optionNames() {
        Set<String> names = new HashSet<>();
        List<CommandLine> todo = new ArrayList<>(List.of(new CommandLine(new Main())));
        while (!todo.isEmpty()) {
            CommandLine cl = todo.remove(todo.size() - 1);
            cl.getCommandSpec().options().forEach(o -> names.addAll(Arrays.asList(o.names())));
            todo.addAll(cl.getSubcommands().values());
        }
        return names;
    }

    private static String help(List<String> command) {
        List<String> args = new ArrayList<>(command);
        args.add("--help");
        CliTest.Run r = CliTest.jgrad(args.toArray(String[]::new));
        assertEquals(0, r.code(), command + ": " + r.err());
        return r.out();
    }

    @Test
    void noLineIsWiderThan80Columns() {
        for (List<String> c : commands()) {
            for (String line : help(c).lines().toList()) {
                assertTrue(line.length() <= 80, c + ": " + line.length() + " columns: " + line);
            }
        }
    }

    @Test
    void noOptionNameIsBrokenAcrossLines() {
        Set<String> known = optionNames();
        for (List<String> c : commands()) {
            List<String> lines = help(c).lines().toList();
            int synopsisIndent = -1;
            for (String line : lines) {
                Matcher m = OPTION.matcher(line);
                while (m.find()) {
                    String name = m.group();
                    assertTrue(known.contains(name), c + ": '" + name + "' is no option (broken across lines?): "
                            + line);
                }
                if (line.startsWith("Usage:")) {
                    synopsisIndent = line.indexOf('[');
                } else if (synopsisIndent < 0 || !line.matches(" {" + synopsisIndent + "}\\S.*")) {
                    synopsisIndent = -1;
                    continue;
                }
                assertEquals(count(line, '['), count(line, ']'), c + ": synopsis breaks inside an option: " + line);
            }
        }
    }

    @Test
    void everyExampleIsAWholeCommandOfTheJarThatParses() {
        int examples = 0;
        for (List<String> c : commands()) {
            List<String> lines = help(c).lines().toList();
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i).trim();
                assertFalse(line.matches("(Example: )?jgrad [a-z].*"), c + ": example uses a 'jgrad' command: " + line);
                if (!line.startsWith(JAR)) {
                    continue;
                }
                StringBuilder command = new StringBuilder(line);
                while (command.toString().endsWith("\\")) {
                    command.setLength(command.length() - 1);
                    command.append(' ').append(lines.get(++i).trim());
                }
                String text = command.toString().replaceAll("\\s+#.*$", "");
                String[] args = text.substring(JAR.length()).trim().split("\\s+");
                try {
                    new CommandLine(new Main()).parseArgs(args);
                } catch (CommandLine.ParameterException e) {
                    fail(c + ": example does not parse (" + e.getMessage() + "): " + text);
                }
                examples++;
            }
        }
        assertTrue(examples >= commands().size() - 2, "examples found: " + examples);
    }

    private static long count(String s, char ch) {
        return s.chars().filter(x -> x == ch).count();
    }
}
