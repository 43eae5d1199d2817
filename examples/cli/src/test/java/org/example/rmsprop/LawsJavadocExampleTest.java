package org.example.rmsprop;

import dev.jgrad.docs.JavaSnippet;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** The example in OptimizerLaws' Javadoc compiles and its laws hold for the page's MyRMSprop: it cannot go stale. */
class LawsJavadocExampleTest {

    @Test
    void theJavadocExampleRuns() throws Exception {
        String src = Files.readString(Path.of("..", "..", "optim", "src", "main", "java", "dev", "jgrad", "optim", "laws",
                "OptimizerLaws.java"), StandardCharsets.UTF_8);
        int from = src.indexOf("<pre>{@code\n"), to = src.indexOf("}</pre>", from);
        assertTrue(from >= 0 && to > from, "OptimizerLaws' Javadoc has its example");
        String code = src.substring(from + "<pre>{@code\n".length(), to).replaceAll("(?m)^\\s*\\* ?", "");
        JavaSnippet.of(code).imports("dev.jgrad.optim.laws.OptimizerLaws", "org.example.rmsprop.MyRMSprop").run();
    }
}
