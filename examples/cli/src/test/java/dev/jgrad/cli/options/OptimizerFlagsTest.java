package dev.jgrad.cli.options;

import dev.jgrad.learn.train.OptimizerSpec;
import dev.jgrad.optim.AdamOptions;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The one parser from optimizer flags to a spec, as every command that mixes {@link OptimizerFlags} in runs it. */
final class OptimizerFlagsTest {
    @Command(name = "probe")
    static final class Probe {
        @Mixin
        OptimizerFlags flags = new OptimizerFlags();
    }

    private static OptimizerFlags parsed(String... args) {
        Probe p = new Probe();
        new CommandLine(p).parseArgs(args);
        return p.flags;
    }

    private static OptimizerSpec spec(String... args) {
        return parsed(args).parse("this probe");
    }

    private static String refusal(String... args) {
        return assertThrows(UsageException.class, () -> spec(args)).getMessage();
    }

    @Test
    void namedFlagsAndOptionsSetTheSameKeywords() {
        assertEquals(OptimizerSpec.from("Adam", AdamOptions.defaults().withLr(0.01).withBetas(0.8, 0.99)),
                spec("--optimizer", "adam", "--lr", "0.01", "--betas", "0.8,0.99"));
        assertEquals(spec("--optimizer", "adam", "--betas", "0.8,0.99"),
                spec("--optimizer", "adam", "--option", "betas=0.8,0.99"));
        assertEquals(spec("--optimizer", "adam", "--betas", "0.9,0.95"), spec("--optimizer", "adam", "--beta2", "0.95"));
        assertEquals(spec("--optimizer", "sgd", "--momentum", "0.9", "--nesterov"),
                spec("--optimizer", "SGD", "--option", "momentum=0.9", "--option", "nesterov=true"));
    }

    @Test
    void betasTakeAsManyValuesAsTheOptimizersTuple() {
        assertEquals(List.of(0.9, 0.9, 0.99), spec("--optimizer", "adan", "--betas", "0.9,0.9,0.99").get("betas"));
        assertTrue(refusal("--optimizer", "adan", "--betas", "0.9,0.9").startsWith("--betas takes three values, "
                + "B1,B2,B3 (e.g. 0.98,0.92,0.99), got 2"), refusal("--optimizer", "adan", "--betas", "0.9,0.9"));
        assertEquals("--beta1 sets betas a second time (also given as --betas); give it once",
                refusal("--betas", "0.9,0.99", "--beta1", "0.8"));
    }

    @Test
    void everyRefusalNamesTheFlag() {
        assertTrue(refusal("--optimizer", "sgd", "--beta1", "0.8").startsWith("--beta1 does not apply to SGD (its options: "));
        assertTrue(refusal("--optimizer", "rmsprob").startsWith("--optimizer: unknown optimizer 'rmsprob' (known: SGD, "));
        assertEquals("--eps must be a finite number, got Infinity", refusal("--eps", "Infinity"));
        assertEquals("--option lr=0.01 sets lr a second time (also given as --lr); give it once",
                refusal("--lr", "0.1", "--option", "lr=0.01"));
        assertEquals("--weight-decay: Invalid weightDecay value: -1.0 (must be >= 0)",
                refusal("--lr", "0.1", "--weight-decay", "-1"));
        assertTrue(refusal("--optimizer", "lbfgs").startsWith("--optimizer: LBFGS re-evaluates the loss"));
    }

    @Test
    void aCommandThatSetsAKeywordItselfRefusesItByEitherSpelling() {
        String why = "this probe sets the learning rate itself";
        for (String[] args : List.of(new String[] {"--lr", "0.1"}, new String[] {"--option", "lr=0.1"})) {
            UsageException e = assertThrows(UsageException.class, () -> parsed(args).parse("x", "lr", why));
            assertEquals(args[0] + (args[0].equals("--option") ? " lr" : "") + ": " + why, e.getMessage());
        }
    }

    @Test
    void optionValuesReadAsPythonLiterals() {
        assertEquals(List.of(0.9, 0.99), OptimizerFlags.parseValue("0.9, 0.99"));
        assertEquals(Boolean.TRUE, OptimizerFlags.parseValue("True"));
        assertEquals(null, OptimizerFlags.parseValue("None"));
        assertEquals("sign", OptimizerFlags.parseValue("'sign'"));
        assertEquals(1e-3, OptimizerFlags.parseValue("1e-3"));
    }
}
