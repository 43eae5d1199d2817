package dev.jgrad.cli.options;

import dev.jgrad.kernel.KernelThreads;
import dev.jgrad.learn.data.MnistData;
import dev.jgrad.learn.data.MnistSource;
import dev.jgrad.learn.train.ModelSpec;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/**
 * The small option groups many commands share, each a picocli mixin: where the digits come from ({@link Data}), the
 * MLP's width ({@link Hidden}), the seed ({@link Seed}), the kernels' threads ({@link Threads}) and where the
 * results go ({@link OutDir}, {@link Picture}). The same flag is
 * declared once, here, and means the same in every command that mixes it in.
 */
public final class SharedOptions {
    private SharedOptions() {
    }

    /** {@code --data DIR}: the four MNIST-format IDX files a command trains and tests on; else the bundled subset. */
    public static final class Data {
        @Option(names = "--data", paramLabel = "DIR", order = 1,
                description = "Directory with train-images-idx3-ubyte, train-labels-idx1-ubyte, t10k-images-idx3-ubyte "
                        + "and t10k-labels-idx1-ubyte (each optionally .gz); 28x28 images, labels 0-9.")
        Path dir;

        /** The directory given, or null. */
        public Path dir() {
            return dir;
        }

        /** The digits of {@code --data DIR}, or the subset bundled in the jar. */
        public MnistData load() {
            return dir != null ? MnistSource.fromDirectory(dir) : MnistSource.bundled();
        }
    }

    /** {@code --hidden H}: the hidden width of the MNIST MLP 784-H-10. */
    public static final class Hidden {
        @Option(names = "--hidden", paramLabel = "H", order = 11,
                description = "Hidden units of the MLP 784-H-10. Default: ${DEFAULT-VALUE}.")
        int hidden;

        /** The example's width, {@link ModelSpec#DEFAULT_HIDDEN}. */
        public Hidden() {
            this(ModelSpec.DEFAULT_HIDDEN);
        }

        /** A command's own default width. */
        public Hidden(int byDefault) {
            this.hidden = byDefault;
        }

        /** The width. */
        public int value() {
            return hidden;
        }
    }

    /** {@code --seed S}: the one generator behind the initial weights and the data order. */
    public static final class Seed {
        @Option(names = "--seed", paramLabel = "S", defaultValue = "0", order = 25,
                description = "Seeds the initial weights and the data order; same seed, same weights. "
                        + "Default: ${DEFAULT-VALUE}.")
        long seed;

        /** The seed. */
        public long value() {
            return seed;
        }
    }

    /** {@code --threads N}: the compute kernels' threads, for the commands that train. */
    public static final class Threads {
        @Option(names = "--threads", paramLabel = "N", order = 26,
                description = "Threads for the compute kernels (sets the jgrad.threads system property). "
                        + "Default: the kernels' choice.")
        Integer threads;

        /** The count given, or null. */
        public Integer value() {
            return threads;
        }

        /** Refuses a count outside 1 to {@link KernelThreads#MAX_THREADS}. */
        public void check() {
            if (threads != null && (threads < 1 || threads > KernelThreads.MAX_THREADS)) {
                throw CliCommand.usage("--threads must be at " + (threads < 1 ? "least 1"
                        : "most " + KernelThreads.MAX_THREADS) + ", got " + threads);
            }
        }

        /** Checks the count and sets it, before anything computes. */
        public void apply() {
            check();
            if (threads != null) {
                // The kernels read the property when they first run; a pool that already runs takes the count too.
                System.setProperty("jgrad.threads", Integer.toString(threads));
                KernelThreads.setThreads(threads);
            }
        }
    }

    /** {@code --out DIR}: where a command writes its pictures and CSV files (created if need be). */
    public static final class OutDir {
        @Option(names = "--out", paramLabel = "DIR",
                description = "Directory for the pictures and the CSV, created if need be (default: ${DEFAULT-VALUE}).")
        Path dir;

        /** A command's own default directory. */
        public OutDir(String byDefault) {
            this.dir = Path.of(byDefault);
        }

        /** The directory. */
        public Path value() {
            return dir;
        }
    }

    /** {@code --out FILE.png}: a command's picture, with its CSV beside it. */
    public static final class Picture {
        @Option(names = "--out", paramLabel = "FILE.png",
                description = "The picture; the CSV goes beside it as FILE.csv (default: ${DEFAULT-VALUE}).")
        Path png;

        /** A command's own default file name. */
        public Picture(String byDefault) {
            this.png = Path.of(byDefault);
        }

        /** The picture. */
        public Path png() {
            return png;
        }

        /** The CSV beside it: the picture's name with {@code .csv} for {@code .png}. */
        public Path csv() {
            return png.resolveSibling(png.getFileName().toString().replaceFirst("\\.png$", "") + ".csv");
        }
    }
}
