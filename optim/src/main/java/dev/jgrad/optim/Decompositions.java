package dev.jgrad.optim;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * The two matrix factorisations the optimizer shelf needs, in float64 on small square row-major matrices:
 * the eigendecomposition of a symmetric matrix (cyclic Jacobi rotations; SOAP's first eigenbasis, Muon's
 * traced singular values) and the Q of a QR factorisation (Householder reflections; SOAP's eigenbasis refresh).
 * Both are textbook algorithms chosen for accuracy and brevity over speed: Jacobi is O(n³) per sweep and
 * needs about 6–10 sweeps: SOAP's first step on a 500 × 784 layer (both Gram matrices) is tens of seconds, once
 * (measured in {@code docs/optimizers/soap.md}).
 *
 * <p>Accuracy, measured against Commons Math in {@code DecompositionsTest}: the residual ‖AV − VΛ‖ stays within
 * 0.4·n·ε·‖A‖_F and the loss of orthogonality ‖VᵀV − I‖ within 1.8·n·ε (ε = 2⁻⁵²), because the sweep stops only when
 * every off-diagonal entry is below ε·‖A‖_F / n; the eigenvalues are then accurate to about ε·‖A‖ and each
 * eigenvector to ε·‖A‖ divided by its distance to the nearest other eigenvalue.
 */
final class Decompositions {
    private Decompositions() {}

    /**
     * The eigenvalues of a symmetric matrix, ascending, with the eigenvectors as the columns of a row-major n × n
     * matrix in the same order. Equal eigenvalues keep the order Jacobi left them in (a diagonal matrix keeps its
     * identity basis, as LAPACK's {@code syevd} does). Each column's sign is arbitrary.
     */
    record Eigh(double[] values, double[] vectors) {}

    /** Sweeps before giving up; quadratic convergence needs about ten for n up to a few thousand. */
    private static final int MAX_SWEEPS = 60;

    /** The eigendecomposition of the symmetric n × n row-major matrix {@code a} (only its upper triangle is read). */
    static Eigh eigh(double[] a, int n) {
        double[] s = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = i; j < n; j++) {
                s[i * n + j] = a[i * n + j];
                s[j * n + i] = a[i * n + j];
            }
        }
        double[] v = new double[n * n];
        for (int i = 0; i < n; i++) {
            v[i * n + i] = 1;
        }
        double norm = 0;
        for (double x : s) {
            norm += x * x;
        }
        double negligible = Math.ulp(1.0) * Math.sqrt(norm) / Math.max(1, n);   // below this, s_pq is already zero
        for (int sweep = 0; sweep < MAX_SWEEPS; sweep++) {
            boolean rotated = false;
            for (int p = 0; p < n; p++) {
                for (int q = p + 1; q < n; q++) {
                    if (Math.abs(s[p * n + q]) > negligible) {
                        rotate(s, v, n, p, q);
                        rotated = true;
                    }
                }
            }
            if (!rotated) {
                break;
            }
        }
        double[] d = new double[n];
        for (int i = 0; i < n; i++) {
            d[i] = s[i * n + i];
        }
        Integer[] order = IntStream.range(0, n).boxed().sorted(Comparator.comparingDouble(i -> d[i]))
                .toArray(Integer[]::new);
        double[] values = new double[n], vectors = new double[n * n];
        for (int k = 0; k < n; k++) {
            values[k] = d[order[k]];
            for (int i = 0; i < n; i++) {
                vectors[i * n + k] = v[order[k] * n + i];   // v holds Vᵀ: eigenvector j is its row j
            }
        }
        return new Eigh(values, vectors);
    }

    /**
     * One Jacobi rotation J in the (p, q) plane with (JᵀSJ)_pq = 0: S ← JᵀSJ, V ← VJ. The angle θ solves
     * cot 2θ = (s_qq − s_pp) / 2s_pq; t = tan θ is taken as the smaller root, so |θ| ≤ π/4 and the rotation
     * moves the matrix as little as possible (what makes Jacobi converge and stay accurate). S is symmetric, so only
     * rows p and q are computed (contiguous) and mirrored into the columns; the 2 × 2 block is updated in
     * Rutishauser's form s_pp − t·s_pq, s_qq + t·s_pq. V is kept transposed ({@code vt}: row k is eigenvector k),
     * so its update is contiguous too.
     */
    private static void rotate(double[] s, double[] vt, int n, int p, int q) {
        double apq = s[p * n + q];
        double cot2 = (s[q * n + q] - s[p * n + p]) / (2 * apq);
        double t = Math.signum(cot2 == 0 ? 1 : cot2) / (Math.abs(cot2) + Math.hypot(cot2, 1));
        double c = 1 / Math.hypot(t, 1), sn = t * c;
        for (int k = 0; k < n; k++) {           // rows p and q of JᵀSJ, outside the 2 × 2 block
            if (k != p && k != q) {
                double pk = s[p * n + k], qk = s[q * n + k];
                double np = c * pk - sn * qk, nq = sn * pk + c * qk;
                s[p * n + k] = np;
                s[q * n + k] = nq;
                s[k * n + p] = np;              // mirrored: S stays exactly symmetric
                s[k * n + q] = nq;
            }
        }
        s[p * n + p] -= t * apq;
        s[q * n + q] += t * apq;
        s[p * n + q] = 0;                       // exactly zero by construction; rounding is not allowed to revive it
        s[q * n + p] = 0;
        for (int k = 0; k < n; k++) {           // V ← V·J, on Vᵀ's rows p and q
            double kp = vt[p * n + k], kq = vt[q * n + k];
            vt[p * n + k] = c * kp - sn * kq;
            vt[q * n + k] = sn * kp + c * kq;
        }
    }

    /**
     * Q of A = QR for a square n × n row-major matrix, by Householder reflections H_j = I − 2uuᵀ that zero column j
     * below the diagonal, Q = H₀H₁⋯H_{n−2}. As LAPACK's {@code geqrf}, R's diagonal gets the sign opposite to the
     * column's leading entry, the last 1 × 1 block is left alone, and a column already zero is not reflected.
     */
    static double[] qrQ(double[] a, int n) {
        double[] r = a.clone();
        double[][] reflectors = new double[n][];
        for (int j = 0; j < n - 1; j++) {
            double norm = 0;
            for (int i = j; i < n; i++) {
                norm = Math.hypot(norm, r[i * n + j]);
            }
            if (norm == 0) {
                continue;
            }
            double x0 = r[j * n + j];
            double beta = x0 >= 0 ? -norm : norm;       // R_jj = beta, opposite to x0: no cancellation in x0 − beta
            double[] u = new double[n];
            u[j] = x0 - beta;
            for (int i = j + 1; i < n; i++) {
                u[i] = r[i * n + j];
            }
            double unorm = 0;
            for (int i = j; i < n; i++) {
                unorm = Math.hypot(unorm, u[i]);
            }
            for (int i = j; i < n; i++) {
                u[i] /= unorm;
            }
            reflect(r, n, u, j);
            reflectors[j] = u;
        }
        double[] q = new double[n * n];
        for (int i = 0; i < n; i++) {
            q[i * n + i] = 1;
        }
        for (int j = n - 2; j >= 0; j--) {          // Q = H₀(H₁(⋯(H_{n−2}·I))): each H_j touches rows j.. only
            if (reflectors[j] != null) {
                reflect(q, n, reflectors[j], j);
            }
        }
        return q;
    }

    /** M ← (I − 2uuᵀ)M for a unit u that is zero above row {@code from}. */
    private static void reflect(double[] m, int n, double[] u, int from) {
        for (int col = 0; col < n; col++) {
            double dot = 0;
            for (int i = from; i < n; i++) {
                dot += u[i] * m[i * n + col];
            }
            if (dot == 0) {
                continue;
            }
            for (int i = from; i < n; i++) {
                m[i * n + col] -= 2 * dot * u[i];
            }
        }
    }

    /** The singular values of an n × p row-major matrix, ascending: √ of its r × r Gram matrix's eigenvalues. */
    static double[] singularValues(double[] o, int n, int p) {
        boolean tall = n > p;
        int r = Math.min(n, p), k = Math.max(n, p);
        double[] gram = new double[r * r];
        for (int i = 0; i < r; i++) {
            for (int j = 0; j < r; j++) {
                double sum = 0;
                for (int t = 0; t < k; t++) {
                    sum += tall ? o[t * p + i] * o[t * p + j] : o[i * p + t] * o[j * p + t];
                }
                gram[i * r + j] = sum;
            }
        }
        double[] out = eigh(gram, r).values();
        for (int i = 0; i < r; i++) {
            out[i] = Math.sqrt(Math.max(0, out[i]));
        }
        Arrays.sort(out);
        return out;
    }
}
