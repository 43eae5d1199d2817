package dev.jgrad.cli.mnist;

import dev.jgrad.cli.InsufficientMemoryException;
import dev.jgrad.cli.Main;
import dev.jgrad.learn.train.MlpSpec;
import dev.jgrad.learn.train.ModelFactory;
import dev.jgrad.learn.train.ModelSpec;
import dev.jgrad.learn.train.TrainConfig;
import dev.jgrad.learn.train.Trainer;

import java.util.Locale;

/**
 * What a training run needs from the heap, estimated from the options and the data before anything
 * is allocated: float32 weights, gradients and two optimizer-state copies (Adam's; four copies in
 * all), plus four activations per layer for each image of a batch. A batch never holds more images
 * than the training set has ({@link Trainer} takes {@code min(batch size, images)}), so the estimate
 * uses that; the hint names the option whose share does not fit.
 */
final class RunLimits {
    private static final long FLOAT = 4;
    private static final long COPIES = 4;

    private RunLimits() {}

    /**
     * Refuses {@code config} with a batch of {@code batch} images if it cannot fit in the heap.
     *
     * @param widthOption the option that set the layer widths, {@code --hidden} or {@code --layers}
     * @throws InsufficientMemoryException naming the option to change
     */
    static void check(TrainConfig config, int batch, String widthOption) {
        int[] sizes = sizes(config.model());
        if (sizes.length == 0) {
            return; // a model this class cannot size
        }
        long params = 0;
        long width = 0;
        for (int i = 0; i + 1 < sizes.length; i++) {
            params += (long) sizes[i] * sizes[i + 1] + sizes[i + 1];
            width += sizes[i + 1];
        }
        long model = FLOAT * COPIES * params;
        long perImage = FLOAT * COPIES * width;
        long bytes = model + perImage * batch;
        long max = Runtime.getRuntime().maxMemory();
        if (bytes <= max) {
            return;
        }
        long fits = model < max ? (max - model) / perImage : 0;
        String hint = fits >= 1
                ? String.format(Locale.ROOT, "use a smaller --batch-size (about %,d images fit)", fits)
                : "use a smaller " + widthOption;
        throw new InsufficientMemoryException(String.format(Locale.ROOT,
                "model %s has %,d parameters: training in batches of %,d needs about %s (weights, gradients, "
                        + "optimizer state, activations) but the heap limit is %s; %s or give Java more heap, "
                        + "e.g. java -Xmx%dg -jar jgrad.jar ...",
                config.model().id(), params, batch, Main.mib(bytes), Main.mib(max), hint, bytes / (1L << 30) + 2));
    }

    /** Layer widths from inputs to classes; empty for a model of another kind. */
    private static int[] sizes(ModelFactory model) {
        if (model instanceof MlpSpec m) {
            return m.sizes();
        }
        if (model instanceof ModelSpec s) {
            return s.kind() == ModelSpec.Kind.MLP ? new int[] {s.inputs(), s.hidden(), s.classes()}
                    : new int[] {s.inputs(), s.classes()};
        }
        return new int[0];
    }
}
