package dev.jgrad.nn;

import dev.jgrad.tensor.DType;
import dev.jgrad.tensor.KeepDim;
import dev.jgrad.tensor.Shape;
import dev.jgrad.tensor.Tensor;

/**
 * Batch normalisation over a {@code [N, C]} or {@code [N, C, L]} input (PyTorch's {@code nn.BatchNorm1d}):
 * <pre>
 *   (1) μ = mean of x over the batch (and length) per channel; σ² = the biased variance
 *   (2) y = (x − μ)/√(σ² + eps)·weight + bias          weight = 1, bias = 0 at the start (affine)
 *   (3) running_mean ← (1 − momentum)·running_mean + momentum·μ
 *       running_var  ← (1 − momentum)·running_var  + momentum·σ²·n/(n − 1)   (unbiased)
 *       num_batches_tracked ← num_batches_tracked + 1
 * </pre>
 * Training computes (1)–(3); evaluation uses y = (x − running_mean)/√(running_var + eps)·weight + bias.
 * The running statistics are buffers: saved and loaded with the state dict, invisible to an
 * optimizer. {@code num_batches_tracked} is a float64 scalar (PyTorch's is int64; jgrad has only
 * float dtypes).
 */
public final class BatchNorm1d extends Module {
    private final int numFeatures;
    private final double eps;
    private final double momentum;
    private final Tensor weight;
    private final Tensor bias;
    private final Tensor runningMean;
    private final Tensor runningVar;
    private final Tensor numBatchesTracked;

    /** PyTorch's defaults: eps 1e-5, momentum 0.1, affine, float32. */
    public BatchNorm1d(int numFeatures) {
        this(numFeatures, 1e-5, 0.1, Affine.WITH, DType.FLOAT32);
    }

    public BatchNorm1d(int numFeatures, double eps, double momentum, Affine affine, DType dtype) {
        if (numFeatures <= 0) {
            throw new IllegalArgumentException("BatchNorm1d: num_features must be >= 1, got " + numFeatures);
        }
        if (!(eps > 0)) {
            throw new IllegalArgumentException("BatchNorm1d: eps must be > 0, got " + eps);
        }
        if (!(momentum >= 0 && momentum <= 1)) {
            throw new IllegalArgumentException("BatchNorm1d: momentum must be in [0, 1], got " + momentum);
        }
        this.numFeatures = numFeatures;
        this.eps = eps;
        this.momentum = momentum;
        this.weight = affine == Affine.WITH ? registerParameter("weight", Tensor.ones(dtype, numFeatures)) : null;
        this.bias = affine == Affine.WITH ? registerParameter("bias", Tensor.zeros(dtype, numFeatures)) : null;
        this.runningMean = registerBuffer("running_mean", Tensor.zeros(dtype, numFeatures));
        this.runningVar = registerBuffer("running_var", Tensor.ones(dtype, numFeatures));
        this.numBatchesTracked = registerBuffer("num_batches_tracked", Tensor.zeros(DType.FLOAT64));
    }

    @Override
    public Tensor forward(Tensor x) {
        if ((x.dim() != 2 && x.dim() != 3) || x.size(1) != numFeatures) {
            throw new IllegalArgumentException("BatchNorm1d" + where() + " expects [N, " + numFeatures + "] or [N, "
                    + numFeatures + ", L], got " + Shape.str(x.shape()));
        }
        int[] dims = x.dim() == 2 ? new int[] {0} : new int[] {0, 2};
        int[] perChannel = x.dim() == 2 ? new int[] {1, numFeatures} : new int[] {1, numFeatures, 1};
        Tensor mean;
        Tensor var;
        if (mode() == Mode.TRAIN) {
            int n = x.numel() / numFeatures;
            if (n <= 1) {
                throw new IllegalArgumentException("BatchNorm1d" + where() + ": Expected more than 1 value per channel "
                        + "when training, got input size " + Shape.str(x.shape()) + " (use a batch of 2 or more, or eval())");
            }
            mean = x.mean(dims, KeepDim.KEEP);                                // (1)
            Tensor centred = x.sub(mean);
            var = centred.mul(centred).mean(dims, KeepDim.KEEP);
            updateRunning(mean.detach().reshape(numFeatures), var.detach().reshape(numFeatures), n); // (3)
        } else {
            mean = runningMean.reshape(perChannel);
            var = runningVar.reshape(perChannel);
        }
        Tensor y = x.sub(mean).div(var.add(eps).sqrt());                      // (2)
        if (weight != null) {
            y = y.mul(weight.reshape(perChannel)).add(bias.reshape(perChannel));
        }
        return y;
    }

    private void updateRunning(Tensor mean, Tensor var, int n) {
        runningMean.copyFrom(runningMean.mul(1 - momentum).add(mean.mul(momentum)));
        runningVar.copyFrom(runningVar.mul(1 - momentum).add(var.mul(momentum * n / (n - 1.0))));
        numBatchesTracked.fill(numBatchesTracked.item() + 1);
    }

    private String where() {
        return path().isEmpty() ? "" : " '" + path() + "'";
    }

    public Tensor runningMean() {
        return runningMean;
    }

    public Tensor runningVar() {
        return runningVar;
    }

    public long numBatchesTracked() {
        return (long) numBatchesTracked.item();
    }

    @Override
    protected String extraRepr() {
        return numFeatures + ", eps=" + eps + ", momentum=" + momentum + ", affine=" + (weight != null ? "True" : "False")
                + ", track_running_stats=True";
    }
}
