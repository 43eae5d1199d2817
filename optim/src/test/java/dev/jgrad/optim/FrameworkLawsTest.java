package dev.jgrad.optim;

import dev.jgrad.optim.laws.OptimizerLaws;
import org.junit.jupiter.api.Test;

/** The public laws of {@link OptimizerLaws}, on the built-in optimizers. */
class FrameworkLawsTest {

    @Test
    void sgd() {
        OptimizerLaws.Factory plain = ps -> new SGD(ps, SgdOptions.of(0.1).withMomentum(0.9));
        OptimizerLaws.zeroGradientsKeepThetaStill("SGD", plain);
        OptimizerLaws.nullGradientsChangeNothing("SGD", ps -> new SGD(ps, SgdOptions.of(0.1).withWeightDecay(0.1)));
        OptimizerLaws.stateDictResumesBitIdentically("SGD", plain);
    }

    @Test
    void adamFamily() {
        OptimizerLaws.zeroGradientsKeepThetaStill("Adam", ps -> new Adam(ps));
        OptimizerLaws.nullGradientsChangeNothing("AdamW", ps -> new AdamW(ps));
        OptimizerLaws.stateDictResumesBitIdentically("AdamW", ps -> new AdamW(ps, AdamOptions.adamWDefaults().withAmsgrad(true)));
        OptimizerLaws.gradientScaleDoesNotMatter("Adam", ps -> new Adam(ps, AdamOptions.defaults().withEps(0)), 8);
    }
}
