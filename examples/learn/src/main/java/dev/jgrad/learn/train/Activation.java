package dev.jgrad.learn.train;

import dev.jgrad.nn.GELU;
import dev.jgrad.nn.LeakyReLU;
import dev.jgrad.nn.Module;
import dev.jgrad.nn.ReLU;
import dev.jgrad.nn.Sigmoid;
import dev.jgrad.nn.Tanh;
import dev.jgrad.nn.init.Nonlinearity;

import java.util.Locale;

/** The hidden-layer nonlinearities the MNIST example offers ({@code --activation}). */
public enum Activation {
    RELU, TANH, GELU, SIGMOID, LEAKY_RELU;

    /** A fresh module computing this nonlinearity. */
    public Module module() {
        return switch (this) {
            case RELU -> new ReLU();
            case TANH -> new Tanh();
            case GELU -> new GELU();
            case SIGMOID -> new Sigmoid();
            case LEAKY_RELU -> new LeakyReLU();
        };
    }

    /** The nonlinearity whose gain xavier and kaiming use (GELU counts as ReLU, as is usual). */
    public Nonlinearity gainOf() {
        return switch (this) {
            case RELU, GELU -> Nonlinearity.RELU;
            case TANH -> Nonlinearity.TANH;
            case SIGMOID -> Nonlinearity.SIGMOID;
            case LEAKY_RELU -> Nonlinearity.LEAKY_RELU;
        };
    }

    /** The command-line spelling, e.g. {@code leaky_relu}. */
    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
