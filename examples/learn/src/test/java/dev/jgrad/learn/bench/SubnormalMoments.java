package dev.jgrad.learn.bench;

import dev.jgrad.learn.data.MnistSource;
import dev.jgrad.learn.train.TrainConfig;
import dev.jgrad.learn.train.Trainer;
import dev.jgrad.learn.train.TrainingListener;
import dev.jgrad.tensor.Tensor;

import java.nio.file.Path;

/**
 * How many of the first layer's AdamW first moments m are subnormal after each epoch of the MNIST
 * example's training, and in how many 16-float vectors (one AVX-512 register) they lie: each such
 * vector costs the optimizer's update microcode assists (see BENCHMARKS.md). A measuring tool, not
 * a test:
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -cp CP dev.jgrad.learn.bench.SubnormalMoments DATA_DIR [EPOCHS]
 * </pre>
 */
public final class SubnormalMoments {
    private SubnormalMoments() {}

    public static void main(String[] args) {
        Trainer trainer = new Trainer(MnistSource.fromDirectory(Path.of(args[0])), TrainConfig.defaults());
        int epochs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        for (int e = 1; e <= epochs; e++) {
            trainer.trainEpoch(TrainingListener.NONE);
            Tensor weight = trainer.optimizer().paramGroups().get(0).params().get(0);
            double[] m = trainer.optimizer().state(weight).orElseThrow().values("exp_avg");
            int subnormal = 0, zero = 0, vectors = 0;
            for (int i = 0; i < m.length; i++) {
                if (m[i] == 0) {
                    zero++;
                } else if (Math.abs(m[i]) < Float.MIN_NORMAL) {
                    subnormal++;
                }
            }
            for (int i = 0; i + 16 <= m.length; i += 16) {
                for (int j = i; j < i + 16; j++) {
                    if (m[j] != 0 && Math.abs(m[j]) < Float.MIN_NORMAL) {
                        vectors++;
                        break;
                    }
                }
            }
            System.out.printf("epoch %d: %d of %d m subnormal, %d zero; %d of %d 16-float vectors hold a subnormal m%n",
                    e, subnormal, m.length, zero, vectors, m.length / 16);
        }
    }
}
