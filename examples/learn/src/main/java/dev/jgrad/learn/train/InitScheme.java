package dev.jgrad.learn.train;

import dev.jgrad.nn.Linear;
import dev.jgrad.nn.init.FanMode;
import dev.jgrad.nn.init.Init;
import dev.jgrad.tensor.Generator;

import java.util.Locale;

/**
 * How the Linear layers of an MLP start ({@code --init}): {@code default} keeps PyTorch's
 * {@code nn.Linear} initialization (U(±1/√fan_in) for weight and bias); the others set the weight
 * by their rule and the bias to 0.
 *
 * @param kind the rule
 * @param std the standard deviation of {@code normal:STD} (0 for the others)
 */
public record InitScheme(Kind kind, double std) {
    /** The rules. */
    public enum Kind { DEFAULT, XAVIER, KAIMING, NORMAL, ZEROS }

    public static final InitScheme DEFAULT = new InitScheme(Kind.DEFAULT, 0);

    /** Checks the standard deviation. */
    public InitScheme {
        if (kind == Kind.NORMAL && !(std > 0 && Double.isFinite(std))) {
            throw new IllegalArgumentException("--init normal:STD needs a finite STD > 0, got " + std);
        }
    }

    /** Parses {@code default|xavier|kaiming|normal:STD|zeros}; the message names the option and the choices. */
    public static InitScheme parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.startsWith("normal:")) {
            double std;
            try {
                std = Double.parseDouble(t.substring("normal:".length()));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--init normal:STD needs a number STD > 0, got '" + text + "'");
            }
            return new InitScheme(Kind.NORMAL, std);
        }
        for (Kind k : Kind.values()) {
            if (k != Kind.NORMAL && k.name().toLowerCase(Locale.ROOT).equals(t)) {
                return new InitScheme(k, 0);
            }
        }
        throw new IllegalArgumentException("--init must be one of default, xavier, kaiming, normal:STD (STD > 0), zeros; got '"
                + text + "'");
    }

    /** Re-initializes {@code layer} (followed by {@code activation}) by this rule; {@code default} draws nothing. */
    public void apply(Linear layer, Activation activation, Generator gen) {
        if (kind == Kind.DEFAULT) {
            return;
        }
        switch (kind) {
            case XAVIER -> Init.xavierUniform(layer.weight(), Init.calculateGain(activation.gainOf()), gen);
            case KAIMING -> Init.kaimingNormal(layer.weight(), activation == Activation.LEAKY_RELU ? 0.01 : 0, FanMode.FAN_IN,
                    activation.gainOf(), gen);
            case NORMAL -> Init.normal(layer.weight(), 0, std, gen);
            case ZEROS -> Init.zeros(layer.weight());
            default -> throw new AssertionError(kind);
        }
        layer.bias().ifPresent(Init::zeros);
    }

    @Override
    public String toString() {
        return kind == Kind.NORMAL ? "normal:" + std : kind.name().toLowerCase(Locale.ROOT);
    }
}
