package dev.jgrad.cli.learn;

import dev.jgrad.cli.options.CliCommand;
import dev.jgrad.cli.options.SharedOptions.OutDir;
import dev.jgrad.cli.options.SharedOptions.Seed;
import dev.jgrad.learn.InitExplorer;
import dev.jgrad.learn.InitPlot;
import dev.jgrad.learn.Outputs;
import dev.jgrad.learn.data.MnistData;
import dev.jgrad.learn.data.MnistSource;
import dev.jgrad.learn.train.Activation;
import dev.jgrad.learn.train.InitScheme;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code jgrad init}: the initialization explorer. For each activation and init scheme, one batch of
 * bundled digits through a deep MLP: per-layer activation histograms (one PNG per activation) and a
 * CSV of activation mean/std, saturated fraction and weight-gradient std per layer.
 */
@Command(name = "init",
        description = {"Initialization explorer: activation histograms per layer of a deep MLP, per init scheme.",
            "One batch of real digits goes through DEPTH hidden layers of WIDTH units and back once; for every "
                + "activation and init scheme it draws the activations of every layer (init-<activation>.png) and "
                + "writes their mean, std, saturated fraction and the weight gradients' std per layer (init.csv)."},
        footer = {
            "  java -jar examples/target/jgrad.jar init \\",
            "      --depth 10 --width 256 --activations tanh,relu --out init"})
public final class InitCommand extends CliCommand {
    @Option(names = "--depth", paramLabel = "N", defaultValue = "10", description = "Hidden layers (default: ${DEFAULT-VALUE}).")
    int depth;

    @Option(names = "--width", paramLabel = "N", defaultValue = "256", description = "Units per hidden layer (default: ${DEFAULT-VALUE}).")
    int width;

    @Option(names = "--activations", split = ",", paramLabel = "A,...", defaultValue = "tanh,relu",
            description = "Activations, of relu, tanh, gelu, sigmoid, leaky_relu (default: ${DEFAULT-VALUE}).")
    List<String> activations;

    @Option(names = "--inits", split = ",", paramLabel = "I,...", defaultValue = "normal:0.01,normal:1,xavier,kaiming,default",
            description = "Init schemes, of default, xavier, kaiming, normal:STD, zeros (default: ${DEFAULT-VALUE}).")
    List<String> inits;

    @Option(names = "--batch", paramLabel = "N", defaultValue = "256",
            description = "Digits in the batch, from the bundled subset (default: ${DEFAULT-VALUE}).")
    int batch;

    @Mixin Seed seed = new Seed();
    @Mixin OutDir output = new OutDir("init");

    @Override
    public Integer call() {
        range("--depth", depth, 1, 100);
        range("--width", width, 1, 4096);
        range("--batch", batch, 2, 100_000);
        List<Activation> acts = new ArrayList<>();
        for (String a : activations) {
            acts.add(activation(a));
        }
        List<InitScheme> schemes = new ArrayList<>();
        for (String i : inits) {
            try {
                schemes.add(InitScheme.parse(i));
            } catch (IllegalArgumentException e) {
                throw usage(e.getMessage().replace("--init ", "--inits "));
            }
        }
        Path out = Outputs.directory(output.value());
        PrintWriter w = out();
        MnistData d = MnistSource.bundled();
        List<InitExplorer.Run> all = new ArrayList<>();
        w.printf(Locale.ROOT, "%d hidden layers of %d, one batch of %d digits (%s), seed %d%n", depth, width,
                Math.min(batch, d.train().count()), d.description(), seed.value());
        w.printf(Locale.ROOT, "%-10s %-12s %12s %12s %14s %14s %14s%n", "activation", "init", "std layer 1",
                "std layer " + depth, "saturated " + depth, "grad std 1", "grad std " + depth);
        for (Activation a : acts) {
            List<InitExplorer.Run> runs = new ArrayList<>();
            for (InitScheme s : schemes) {
                InitExplorer.Run r = InitExplorer.run(d.train(), batch, depth, width, a, s, seed.value());
                runs.add(r);
                InitExplorer.LayerStats first = r.layers().get(0);
                InitExplorer.LayerStats last = r.layers().get(depth - 1);
                w.printf(Locale.ROOT, "%-10s %-12s %12.3g %12.3g %13.1f%% %14.3g %14.3g%n", a, s, first.std(), last.std(),
                        100 * last.saturated(), first.gradStd(), last.gradStd());
            }
            Path png = out.resolve("init-" + a + ".png");
            Outputs.writePng(png, InitPlot.render(runs, "Activations per layer, " + a + ", " + depth + " layers of "
                    + width + " (rows: init scheme)"));
            w.printf("wrote %s%n", png);
            all.addAll(runs);
        }
        Path csv = out.resolve("init.csv");
        Outputs.writeText(csv, InitExplorer.csv(all));
        w.printf("wrote %s%n", csv);
        w.flush();
        return 0;
    }

    private Activation activation(String text) {
        for (Activation a : Activation.values()) {
            if (a.toString().equals(text.trim().toLowerCase(Locale.ROOT))) {
                return a;
            }
        }
        throw usage("--activations must be of relu, tanh, gelu, sigmoid, leaky_relu; got '" + text + "'");
    }
}
