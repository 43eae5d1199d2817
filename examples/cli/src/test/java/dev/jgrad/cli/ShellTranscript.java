package dev.jgrad.cli;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A JShell transcript as docs/shell.md shows it: prompts with what was typed, then what JShell
 * printed. The typed lines are the shell's input; the banner (which names the JDK's version) is
 * left out of the comparison.
 */
final class ShellTranscript {
    static final String PROMPT = "jshell> ";

    private ShellTranscript() {}

    /** What a user types: the rest of every prompt line, one per line. */
    static String input(String transcript) {
        return transcript.lines().filter(l -> l.startsWith(PROMPT))
                .map(l -> l.substring(PROMPT.length()) + "\n").collect(Collectors.joining());
    }

    /** The shell's output from its first prompt on, blank lines dropped (JShell prints one before each prompt). */
    static String fromFirstPrompt(String output) {
        List<String> lines = output.lines().toList();
        int first = 0;
        while (first < lines.size() && !lines.get(first).startsWith(PROMPT)) {
            first++;
        }
        return lines.subList(first, lines.size()).stream().filter(l -> !l.isBlank())
                .map(l -> l + "\n").collect(Collectors.joining());
    }
}
