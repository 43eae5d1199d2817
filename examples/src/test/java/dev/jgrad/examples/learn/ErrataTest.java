package dev.jgrad.examples.learn;

import dev.jgrad.examples.mnist.OptimizerSpec;
import dev.jgrad.optim.AdamOptions;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.*;

/** Keeps docs/errata.md honest: its code quotes are on the lines it links, and its numbers are jgrad's. */
class ErrataTest {
    private static final Path ERRATA = Path.of("..", "docs", "errata.md");
    /** [File.java:N](../path/File.java#LN) `code` */
    private static final Pattern REF = Pattern.compile("\\[(\\w+\\.java):(\\d+)]\\(\\.\\./([^)#]+)#L(\\d+)\\)\\s*`([^`]+)`");

    @Test
    void everyQuotedLineIsWhereTheLinkPoints() throws IOException {
        String text = Files.readString(ERRATA, StandardCharsets.UTF_8);
        Matcher m = REF.matcher(text);
        int count = 0;
        while (m.find()) {
            count++;
            assertEquals(m.group(2), m.group(4), "label and anchor disagree: " + m.group());
            Path source = Path.of("..").resolve(m.group(3));
            assertTrue(source.endsWith(m.group(1)), "label names another file: " + m.group());
            List<String> lines = Files.readAllLines(source, StandardCharsets.UTF_8);
            int line = Integer.parseInt(m.group(2));
            assertTrue(line <= lines.size() && lines.get(line - 1).contains(m.group(5)),
                    m.group(1) + ":" + line + " no longer reads `" + m.group(5) + "`; it is now: "
                            + (line <= lines.size() ? lines.get(line - 1).trim() : "(past the end)"));
        }
        assertTrue(count >= 10, "expected the errata to quote the code, found " + count + " quotes");
    }

    @Test
    void theFirstStepTableIsWhatTheTracedQuantitiesGive() {
        double lr = 1, g = 0.37; // any gradient: the ratios do not depend on it
        StepTrace.Row r = StepTrace.run(OptimizerSpec.from("Adam", AdamOptions.defaults().withLr(lr).withEps(0)),
                new StepTrace.Gradients(new double[] {0}, List.of(new double[] {g}))).rows().get(0);
        assertEquals(1, r.update() / lr, 1e-12, "right");
        assertEquals(3.16, r.m() / Math.sqrt(r.v()), 0.005, "no correction");
        assertEquals(31.6, r.mHat() / Math.sqrt(r.v()), 0.05, "m corrected, v not");
        assertEquals(0.1, r.m() / Math.sqrt(r.vHat()), 1e-12, "v corrected, m not");
        double flipped = (1 - 0.9) / Math.sqrt(1 - 0.999);
        assertEquals(10, flipped * r.m() / Math.sqrt(r.v()), 1e-9, "upside-down efficient step size");
    }
}
