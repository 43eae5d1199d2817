package dev.jgrad.tensor;

import dev.jgrad.autograd.Autograd;
import dev.jgrad.autograd.Graph;
import dev.jgrad.autograd.Node;
import dev.jgrad.autograd.RemovableHandle;
import dev.jgrad.autograd.TensorHooks;
import dev.jgrad.kernel.BinaryOp;
import dev.jgrad.kernel.Strided;
import dev.jgrad.kernel.UnaryOp;
import dev.jgrad.ops.Arithmetic;
import dev.jgrad.ops.Functions;
import dev.jgrad.ops.Indexing;
import dev.jgrad.ops.MatMul;
import dev.jgrad.ops.Reduce;
import dev.jgrad.ops.Softmax;
import dev.jgrad.ops.Views;

import java.util.Arrays;
import java.util.function.UnaryOperator;

/**
 * An n-dimensional array of float32 or float64 values that can record the ops applied to it and
 * back-propagate gradients through them.
 *
 * <p>Data: a {@link Storage} (flat primitive array) read through {@code offset}, {@code shape} and
 * {@code strides}; views (reshape, transpose, narrow, expand) share the storage. Autograd: a leaf
 * created with {@link #requiresGrad(boolean)} collects gradients in {@link #grad()}; a tensor made by
 * an op remembers that op in {@link #gradFn()}. The ops themselves live in {@code dev.jgrad.ops},
 * each with its forward and local backward side by side; the methods here only delegate.
 */
public final class Tensor {
    private final Storage storage;
    private final int offset;
    private final int[] shape;
    private final int[] strides;
    private boolean requiresGrad;
    private boolean retainsGrad;
    private Tensor grad;
    private Node gradFn;

    private Tensor(Storage storage, int offset, int[] shape, int[] strides) {
        this.storage = storage;
        this.offset = offset;
        this.shape = shape;
        this.strides = strides;
    }

    // ---------------------------------------------------------------- factories

    /** A new dense tensor of zeros. */
    public static Tensor zeros(DType dtype, int... shape) {
        int[] s = shape.clone();
        return new Tensor(Storage.allocate(dtype, Shape.numel(s)), 0, s, Strided.denseStrides(s));
    }

    public static Tensor zeros(int... shape) {
        return zeros(DType.FLOAT32, shape);
    }

    public static Tensor ones(DType dtype, int... shape) {
        return full(1.0, dtype, shape);
    }

    public static Tensor ones(int... shape) {
        return ones(DType.FLOAT32, shape);
    }

    public static Tensor full(double value, DType dtype, int... shape) {
        Tensor t = zeros(dtype, shape);
        if (dtype == DType.FLOAT32) {
            Arrays.fill(t.storage.f32(), (float) value);
        } else {
            Arrays.fill(t.storage.f64(), value);
        }
        return t;
    }

    /** A rank-0 tensor (shape {@code []}). */
    public static Tensor scalar(double value, DType dtype) {
        return full(value, dtype);
    }

    public static Tensor scalar(double value) {
        return scalar(value, DType.FLOAT32);
    }

    /** A float32 tensor over a copy of {@code data}, read in row-major order. */
    public static Tensor of(float[] data, int... shape) {
        checkLength(data.length, shape);
        return new Tensor(Storage.wrap(data.clone()), 0, shape.clone(), Strided.denseStrides(shape));
    }

    /** A float64 tensor over a copy of {@code data}, read in row-major order. */
    public static Tensor of(double[] data, int... shape) {
        checkLength(data.length, shape);
        return new Tensor(Storage.wrap(data.clone()), 0, shape.clone(), Strided.denseStrides(shape));
    }

    /** {@code data} converted to {@code dtype}. */
    public static Tensor of(double[] data, DType dtype, int... shape) {
        return of(data, shape).to(dtype);
    }

    private static void checkLength(int length, int[] shape) {
        if (length != Shape.numel(shape)) {
            throw new IllegalArgumentException("of: " + length + " values cannot fill shape " + Shape.str(shape)
                    + " (" + Shape.numel(shape) + " elements)");
        }
    }

    /**
     * start, start + step, ... below end, as a rank-1 tensor. As PyTorch, refuses a non-finite bound
     * or step, a step pointing away from {@code end}, and more elements than a tensor can hold, before
     * allocating; each message names the arguments.
     */
    public static Tensor arange(double start, double end, double step, DType dtype) {
        String args = "arange(start=" + start + ", end=" + end + ", step=" + step + ")";
        if (!Double.isFinite(start) || !Double.isFinite(end)) {
            throw new IllegalArgumentException(args + ": start and end must be finite");
        }
        if (step == 0 || !Double.isFinite(step)) {
            throw new IllegalArgumentException(args + ": step must be finite and non-zero");
        }
        double count = Math.ceil((end - start) / step);
        if (count < 0) {
            throw new IllegalArgumentException(args + ": a step of that sign never reaches end");
        }
        if (count > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(args + ": " + (long) count + " elements, more than a tensor holds ("
                    + Integer.MAX_VALUE + ")");
        }
        int n = (int) count;
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = start + i * step;
        }
        return of(v, dtype, n);
    }

    public static Tensor arange(int end) {
        return arange(0, end, 1, DType.FLOAT32);
    }

    /** Uniform on [low, high) from {@code gen}, filled in row-major order. */
    public static Tensor uniform(Generator gen, double low, double high, DType dtype, int... shape) {
        if (!(low <= high)) {
            throw new IllegalArgumentException("uniform: low must be <= high, got " + low + " and " + high);
        }
        double[] v = new double[Shape.numel(shape)];
        for (int i = 0; i < v.length; i++) {
            v[i] = low + (high - low) * gen.nextDouble();
        }
        return of(v, dtype, shape);
    }

    public static Tensor rand(Generator gen, int... shape) {
        return uniform(gen, 0, 1, DType.FLOAT32, shape);
    }

    /** Normal with the given mean and standard deviation from {@code gen}, filled in row-major order. */
    public static Tensor normal(Generator gen, double mean, double std, DType dtype, int... shape) {
        if (!(std >= 0)) {
            throw new IllegalArgumentException("normal: std must be >= 0, got " + std);
        }
        double[] v = new double[Shape.numel(shape)];
        for (int i = 0; i < v.length; i++) {
            v[i] = mean + std * gen.nextGaussian();
        }
        return of(v, dtype, shape);
    }

    public static Tensor randn(Generator gen, int... shape) {
        return normal(gen, 0, 1, DType.FLOAT32, shape);
    }

    // ---------------------------------------------------------------- layout

    public int[] shape() {
        return shape.clone();
    }

    /** Size of dimension {@code d} (negative counts from the end). */
    public int size(int d) {
        return shape[Shape.dim("size", d, shape.length)];
    }

    public int dim() {
        return shape.length;
    }

    public int numel() {
        return Shape.numel(shape);
    }

    public DType dtype() {
        return storage.dtype();
    }

    public int[] strides() {
        return strides.clone();
    }

    public int offset() {
        return offset;
    }

    public Storage storage() {
        return storage;
    }

    /** The layout descriptor kernels take. */
    public Strided layout() {
        return new Strided(offset, shape, strides);
    }

    /** Whether the elements sit densely in row-major order (size-1 dimensions may have any stride). */
    public boolean isContiguous() {
        int expected = 1;
        for (int d = shape.length - 1; d >= 0; d--) {
            if (shape[d] != 1 && strides[d] != expected) {
                return false;
            }
            expected *= shape[d];
        }
        return true;
    }

    /**
     * A view of the same storage (no copy, no graph): the building block of the view ops. As
     * PyTorch's {@code as_strided}, refuses a view that would read outside the storage.
     */
    public Tensor asStrided(int offset, int[] shape, int[] strides) {
        Strided.checkView("asStrided", offset, shape, strides, storage.length());
        return new Tensor(storage, offset, shape.clone(), strides.clone());
    }

    // ---------------------------------------------------------------- autograd

    public boolean requiresGrad() {
        return requiresGrad;
    }

    /** Marks a leaf as a variable whose gradient backward should compute. Returns this. */
    public Tensor requiresGrad(boolean value) {
        if (gradFn != null && !value) {
            throw new IllegalStateException("requiresGrad: cannot turn off grad on a non-leaf tensor (made by '"
                    + gradFn.op() + "'); use detach()");
        }
        requiresGrad = value;
        return this;
    }

    /** The accumulated gradient, or null before the first backward (or after zeroGrad). */
    public Tensor grad() {
        return grad;
    }

    /** Replaces the gradient (null clears it, as optimizers' zeroGrad does). */
    public void setGrad(Tensor g) {
        if (g != null && (!Arrays.equals(g.shape, shape) || g.dtype() != dtype())) {
            throw new IllegalArgumentException("setGrad: gradient " + Shape.str(g.shape) + " " + g.dtype()
                    + " does not match tensor " + Shape.str(shape) + " " + dtype());
        }
        grad = g;
    }

    /** {@code grad += g}, allocating the gradient on first use. Called by the autograd engine. */
    public void accumulateGrad(Tensor g) {
        if (grad == null) {
            grad = g.copy();
        } else {
            grad.addInPlace(g);
        }
    }

    /** The op that produced this tensor, or null for a leaf. */
    public Node gradFn() {
        return gradFn;
    }

    /** Makes this tensor the output of {@code node}. Called by {@link Autograd#record}. */
    public void attachGradFn(Node node) {
        gradFn = node;
        requiresGrad = true;
    }

    public boolean isLeaf() {
        return gradFn == null;
    }

    /** Asks backward to keep this non-leaf tensor's gradient in {@link #grad()}. Returns this. */
    public Tensor retainGrad() {
        if (!requiresGrad) {
            throw new IllegalStateException("retainGrad: tensor does not require grad");
        }
        if (gradFn != null) {
            retainsGrad = true;
        }
        return this;
    }

    public boolean retainsGrad() {
        return retainsGrad;
    }

    /** Back-propagates from this one-element tensor with gradient 1, then frees the graph. */
    public void backward() {
        Autograd.backward(this, null, Graph.FREE);
    }

    public void backward(Graph graph) {
        Autograd.backward(this, null, graph);
    }

    /** Back-propagates {@code gradient} (same shape as this tensor), then frees the graph. */
    public void backward(Tensor gradient) {
        Autograd.backward(this, gradient, Graph.FREE);
    }

    public void backward(Tensor gradient, Graph graph) {
        Autograd.backward(this, gradient, graph);
    }

    /**
     * Calls {@code hook} with this tensor's gradient each time backward computes it, before it is
     * accumulated or passed on; a non-null result replaces the gradient (same shape and dtype). Costs
     * nothing while no hook is registered anywhere.
     */
    public RemovableHandle registerHook(UnaryOperator<Tensor> hook) {
        return TensorHooks.register(this, hook);
    }

    /** The same data, cut off from the graph. Shares storage, so in-place writes show in both. */
    public Tensor detach() {
        return asStrided(offset, shape, strides);
    }

    // ---------------------------------------------------------------- reading out

    /** The single value of a one-element tensor. */
    public double item() {
        if (numel() != 1) {
            throw new IllegalStateException("item: a tensor with " + numel() + " elements (shape " + Shape.str(shape)
                    + ") cannot be converted to a scalar");
        }
        return dtype() == DType.FLOAT32 ? storage.f32()[offset] : storage.f64()[offset];
    }

    /** The values in row-major order, as doubles. */
    public double[] toDoubleArray() {
        double[] out = new double[numel()];
        copyTo(out);
        return out;
    }

    /** The values in row-major order, as floats. */
    public float[] toFloatArray() {
        float[] out = new float[numel()];
        Views.copyOut(this, out);
        return out;
    }

    /** Row-major values into {@code dst} (length = numel), with no allocation. */
    public void copyTo(double[] dst) {
        if (dst.length != numel()) {
            throw new IllegalArgumentException("copyTo: array of " + dst.length + " for a tensor of " + numel());
        }
        Views.copyOut(this, dst);
    }

    /** PyTorch-style printing: values, then shape, dtype and grad information. */
    @Override
    public String toString() {
        return TensorFormat.format(this);
    }

    // ---------------------------------------------------------------- in place (outside the graph)

    private void checkInPlace(String op) {
        if (requiresGrad && Autograd.isGradEnabled()) {
            throw new IllegalStateException(op + ": a tensor that requires grad can only be modified in place inside "
                    + "Autograd.noGrad() (in-place updates are not recorded in the graph)");
        }
        for (int d = 0; d < strides.length; d++) {
            // A dimension of size 2 or more with stride 0 writes one element twice; an empty view writes none.
            if (strides[d] == 0 && shape[d] > 1 && numel() > 0) {
                throw new IllegalStateException(op + ": cannot write in place into an expanded (broadcast) view");
            }
        }
    }

    /** {@code this += other} (broadcast to this shape). Not recorded; bumps the version. */
    public Tensor addInPlace(Tensor other) {
        checkInPlace("addInPlace");
        Views.writeBinaryInPlace(BinaryOp.ADD, this, other);
        storage.bumpVersion();
        return this;
    }

    /** {@code this *= factor}. Not recorded; bumps the version. */
    public Tensor mulInPlace(double factor) {
        checkInPlace("mulInPlace");
        Views.writeUnaryInPlace(UnaryOp.MUL_SCALAR, factor, this);
        storage.bumpVersion();
        return this;
    }

    /** Copies {@code src} (broadcast to this shape, converted to this dtype). Not recorded; bumps the version. */
    public Tensor copyFrom(Tensor src) {
        checkInPlace("copyFrom");
        Views.copyInto(src, this);
        storage.bumpVersion();
        return this;
    }

    /** Copies row-major values from {@code src} (length = numel). Not recorded; bumps the version. */
    public Tensor copyFrom(double[] src) {
        return copyFrom(src, 0, src.length);
    }

    /** Copies row-major values from {@code src} (length = numel). Not recorded; bumps the version. */
    public Tensor copyFrom(float[] src) {
        return copyFrom(src, 0, src.length);
    }

    /**
     * Copies {@code src[offset .. offset + length)}, row-major, into this tensor's elements
     * ({@code length} must be its numel), converting to its dtype: the way to feed a reused input
     * tensor from a buffer without allocating one of its size. Not recorded; bumps the version, as
     * every in-place write does, so a graph that saved this tensor refuses to backward afterwards.
     */
    public Tensor copyFrom(float[] src, int offset, int length) {
        checkCopySource("float", src.length, offset, length);
        Views.copyIn(src, offset, this);
        storage.bumpVersion();
        return this;
    }

    /** {@link #copyFrom(float[], int, int)} from a {@code double[]}. */
    public Tensor copyFrom(double[] src, int offset, int length) {
        checkCopySource("double", src.length, offset, length);
        Views.copyIn(src, offset, this);
        storage.bumpVersion();
        return this;
    }

    private void checkCopySource(String type, int arrayLength, int offset, int length) {
        checkInPlace("copyFrom");
        if (offset < 0 || length < 0 || offset > arrayLength - length) {
            throw new IndexOutOfBoundsException("copyFrom: " + length + " values from offset " + offset + " of a "
                    + type + "[" + arrayLength + "] (for shape " + Shape.str(shape) + ") are outside the array");
        }
        if (length != numel()) {
            throw new IllegalArgumentException("copyFrom: " + length + " values cannot fill shape " + Shape.str(shape)
                    + " (" + numel() + " elements)");
        }
    }

    /** Sets every element to {@code value}. Not recorded; bumps the version. */
    public Tensor fill(double value) {
        return copyFrom(scalar(value, dtype()));
    }

    // ---------------------------------------------------------------- ops (see dev.jgrad.ops)

    public Tensor add(Tensor o) { return Arithmetic.add(this, o); }
    public Tensor add(double c) { return Arithmetic.add(this, scalar(c, dtype())); }
    public Tensor sub(Tensor o) { return Arithmetic.sub(this, o); }
    public Tensor sub(double c) { return Arithmetic.sub(this, scalar(c, dtype())); }
    public Tensor mul(Tensor o) { return Arithmetic.mul(this, o); }
    public Tensor mul(double c) { return Arithmetic.mul(this, scalar(c, dtype())); }
    public Tensor div(Tensor o) { return Arithmetic.div(this, o); }
    public Tensor div(double c) { return Arithmetic.div(this, scalar(c, dtype())); }
    public Tensor neg() { return Arithmetic.neg(this); }
    public Tensor pow(double exponent) { return Arithmetic.pow(this, exponent); }
    public Tensor maximum(Tensor o) { return Arithmetic.maximum(this, o); }
    public Tensor minimum(Tensor o) { return Arithmetic.minimum(this, o); }
    public Tensor exp() { return Functions.exp(this); }
    public Tensor log() { return Functions.log(this); }
    public Tensor sqrt() { return Functions.sqrt(this); }
    public Tensor abs() { return Functions.abs(this); }
    public Tensor tanh() { return Functions.tanh(this); }
    public Tensor sigmoid() { return Functions.sigmoid(this); }
    public Tensor relu() { return Functions.relu(this); }
    public Tensor clamp(double min, double max) { return Functions.clamp(this, min, max); }
    public Tensor matmul(Tensor o) { return MatMul.matmul(this, o); }

    public Tensor sum() { return Reduce.sum(this, allDims(), KeepDim.DROP); }
    public Tensor sum(int dim) { return Reduce.sum(this, new int[] {dim}, KeepDim.DROP); }
    public Tensor sum(int dim, KeepDim keep) { return Reduce.sum(this, new int[] {dim}, keep); }
    public Tensor sum(int[] dims, KeepDim keep) { return Reduce.sum(this, dims, keep); }
    public Tensor mean() { return Reduce.mean(this, allDims(), KeepDim.DROP); }
    public Tensor mean(int dim) { return Reduce.mean(this, new int[] {dim}, KeepDim.DROP); }
    public Tensor mean(int dim, KeepDim keep) { return Reduce.mean(this, new int[] {dim}, keep); }
    public Tensor mean(int[] dims, KeepDim keep) { return Reduce.mean(this, dims, keep); }
    public Tensor amax(int dim) { return Reduce.amax(this, dim, KeepDim.DROP); }
    public Tensor amax(int dim, KeepDim keep) { return Reduce.amax(this, dim, keep); }
    public Reduce.MaxResult max(int dim) { return Reduce.max(this, dim, KeepDim.DROP); }
    public Reduce.MaxResult max(int dim, KeepDim keep) { return Reduce.max(this, dim, keep); }
    public Tensor logsumexp(int dim) { return Softmax.logsumexp(this, dim, KeepDim.DROP); }
    public Tensor logsumexp(int dim, KeepDim keep) { return Softmax.logsumexp(this, dim, keep); }
    public Tensor softmax(int dim) { return Softmax.softmax(this, dim); }
    public Tensor logSoftmax(int dim) { return Softmax.logSoftmax(this, dim); }

    public Tensor argmax(int dim) { return Indexing.argmax(this, dim, KeepDim.DROP); }
    public Tensor gather(int dim, Tensor index) { return Indexing.gather(this, dim, index); }
    public Tensor indexSelect(int dim, int... indices) { return Indexing.indexSelect(this, dim, indices); }
    public Tensor eq(Tensor o) { return Indexing.compare(BinaryOp.EQ, this, o); }
    public Tensor gt(Tensor o) { return Indexing.compare(BinaryOp.GT, this, o); }
    public Tensor lt(Tensor o) { return Indexing.compare(BinaryOp.LT, this, o); }
    public Tensor ge(Tensor o) { return Indexing.compare(BinaryOp.GE, this, o); }
    public Tensor le(Tensor o) { return Indexing.compare(BinaryOp.LE, this, o); }
    public Tensor gt(double c) { return gt(scalar(c, dtype())); }
    public Tensor lt(double c) { return lt(scalar(c, dtype())); }

    public Tensor reshape(int... newShape) { return Views.reshape(this, newShape); }
    public Tensor flatten() { return reshape(-1); }
    public Tensor transpose(int d0, int d1) { return Views.transpose(this, d0, d1); }
    /** Transpose of a matrix (rank ≤ 2), as PyTorch's {@code t()}. */
    public Tensor t() { return Views.t(this); }
    public Tensor narrow(int dim, int start, int length) { return Views.narrow(this, dim, start, length); }
    /** Rows {@code from} (inclusive) to {@code to} (exclusive) along dimension 0, as a view. */
    public Tensor rows(int from, int to) { return narrow(0, from, to - from); }
    public Tensor expand(int... newShape) { return Views.expand(this, newShape); }
    public Tensor unsqueeze(int dim) { return Views.unsqueeze(this, dim); }
    public Tensor squeeze(int dim) { return Views.squeeze(this, dim); }
    /** This tensor if already contiguous, else a dense copy (differentiable). */
    public Tensor contiguous() { return Views.contiguous(this); }
    /** A dense copy with its own storage (differentiable, like PyTorch's {@code clone()}). */
    public Tensor copy() { return Views.copy(this); }
    /** Converted to {@code target} (differentiable; this tensor itself if already of that dtype). */
    public Tensor to(DType target) { return Views.to(this, target); }

    private int[] allDims() {
        int[] d = new int[shape.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = i;
        }
        return d;
    }
}
