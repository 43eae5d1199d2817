package dev.jgrad.bench;

import java.util.Collection;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Runs {@link GemmBench} (any JMH command-line options, e.g. {@code -f 1 -wi 3 -i 5 -p threads=1})
 * and prints one line per shape: {@code <shape> <GFLOP/s>}, the format of gemm_torch.py, where
 * GFLOP/s = 2·m·n·k · (products per second) / 10⁹.
 */
public final class KernelBench {
    private KernelBench() {}

    public static void main(String[] args) throws RunnerException, CommandLineOptionException {
        CommandLineOptions cli = new CommandLineOptions(args);
        OptionsBuilder options = new OptionsBuilder();
        options.parent(cli).include(GemmBench.class.getName());
        Collection<RunResult> results = new Runner(options.build()).run();
        for (RunResult r : results) {
            String shape = r.getParams().getParam("shape");
            int[] d = GemmBench.dims(shape);
            double gflops = 2.0 * d[0] * d[1] * d[2] * r.getPrimaryResult().getScore() / 1e9;
            String suffix = "fast".equals(r.getParams().getParam("impl")) ? "" : " (" + r.getParams().getParam("impl") + ")";
            System.out.printf("%s %.1f%s%n", shape, gflops, suffix);
        }
    }
}
