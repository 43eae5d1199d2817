package dev.jgrad.optim;

import dev.jgrad.tensor.Generator;
import dev.jgrad.testing.Gens;
import dev.jgrad.testing.Property;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.apache.commons.math3.linear.QRDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Jacobi's eigendecomposition and Householder's QR (SOAP's eigenbasis and its refresh) against Commons Math, on
 * symmetric matrices of four kinds: generic, singular (a Gram matrix of fewer vectors than its size, as SOAP's first
 * one on a non-square matrix), with a repeated eigenvalue, and with eigenvalues spread over twelve decades. The
 * bounds are in units of u = 2⁻⁵² (float64's unit roundoff), n (the size) and ‖A‖_F; the largest seen is printed.
 */
class DecompositionsTest {
    private static final double U = Math.ulp(1.0);
    private static final double[] WORST = new double[5];   // residual, orthogonality, eigenvalues, vectors, QR (in u·n)

    @AfterAll
    static void printWorst() {
        System.out.printf("worst seen, in units of n·u(·‖A‖_F): residual %.2f, VᵀV − I %.2f, eigenvalues %.2f, "
                + "eigenvectors %.2e (absolute, well separated), QR orthogonality %.2f%n", WORST[0], WORST[1], WORST[2],
                WORST[3], WORST[4]);
    }

    @Test
    void jacobiEigenpairsHaveResidualAndOrthogonalityWithinAFewRoundoffs() {
        Property.named("eigh: AV = VΛ, VᵀV = I, eigenvalues as Commons Math's").tries(200)
                .forAll(Gens.ints(1, 12), Gens.ints(0, 3), Gens.ints(0, 1 << 20), (n, kind, seed) -> {
                    double[] a = symmetric(n, kind, seed);
                    Decompositions.Eigh e = Decompositions.eigh(a, n);
                    double norm = frobenius(a), scale = n * U * Math.max(norm, Double.MIN_NORMAL);
                    double[] av = multiply(a, e.vectors(), n), residual = new double[n * n];
                    for (int i = 0; i < n; i++) {
                        for (int k = 0; k < n; k++) {
                            residual[i * n + k] = av[i * n + k] - e.vectors()[i * n + k] * e.values()[k];
                        }
                    }
                    double res = maxAbs(residual) / scale;
                    double orth = maxAbs(minusIdentity(gram(e.vectors(), n), n)) / (n * U);
                    double[] oracle = new EigenDecomposition(matrix(a, n)).getRealEigenvalues();
                    Arrays.sort(oracle);
                    double values = 0;
                    for (int k = 0; k < n; k++) {
                        values = Math.max(values, Math.abs(oracle[k] - e.values()[k]) / scale);
                    }
                    for (int k = 1; k < n; k++) {
                        assertTrue(e.values()[k - 1] <= e.values()[k], "ascending");
                    }
                    record(0, res);
                    record(1, orth);
                    record(2, values);
                    assertTrue(res <= 8, "‖AV − VΛ‖ = " + res + " n·u·‖A‖");
                    assertTrue(orth <= 8, "‖VᵀV − I‖ = " + orth + " n·u");
                    assertTrue(values <= 32, "eigenvalues differ from Commons Math's by " + values + " n·u·‖A‖");
                });
    }

    /** Where eigenvalues are well separated, each eigenvector is Commons Math's up to sign. */
    @Test
    void wellSeparatedEigenvectorsAreTheOraclesUpToSign() {
        Property.named("eigh: eigenvectors as Commons Math's").tries(100)
                .forAll(Gens.ints(1, 10), Gens.ints(0, 1 << 20), (n, seed) -> {
                    double[] lambda = new double[n];
                    for (int k = 0; k < n; k++) {
                        lambda[k] = k + 1;   // gaps of 1 on a norm of about n^1.5
                    }
                    double[] a = withSpectrum(lambda, n, new Generator(seed));
                    Decompositions.Eigh e = Decompositions.eigh(a, n);
                    EigenDecomposition oracle = new EigenDecomposition(matrix(a, n));
                    for (int k = 0; k < n; k++) {
                        int j = indexOf(oracle.getRealEigenvalues(), e.values()[k]);
                        double[] w = oracle.getEigenvector(j).toArray();
                        double dot = 0;
                        for (int i = 0; i < n; i++) {
                            dot += e.vectors()[i * n + k] * w[i];
                        }
                        double worst = 0;
                        for (int i = 0; i < n; i++) {
                            worst = Math.max(worst, Math.abs(e.vectors()[i * n + k] - Math.signum(dot) * w[i]));
                        }
                        record(3, worst);
                        assertTrue(worst <= 1e-12, "eigenvector " + k + " differs by " + worst);
                    }
                });
    }

    @Test
    void aDiagonalMatrixKeepsItsIdentityBasisAndOrder() {
        Decompositions.Eigh e = Decompositions.eigh(new double[] {3, 0, 0, 0, 3, 0, 0, 0, 3}, 3);
        assertArrayEquals(new double[] {3, 3, 3}, e.values());
        assertArrayEquals(new double[] {1, 0, 0, 0, 1, 0, 0, 0, 1}, e.vectors());
    }

    @Test
    void householderQIsOrthogonalTriangularisesAndIsCommonsMathsUpToColumnSigns() {
        Property.named("qrQ: QᵀQ = I, QᵀA upper triangular, Q as Commons Math's").tries(200)
                .forAll(Gens.ints(1, 12), Gens.ints(0, 1 << 20), (n, seed) -> {
                    Generator gen = new Generator(seed);
                    double[] a = new double[n * n];
                    for (int i = 0; i < a.length; i++) {
                        a[i] = gen.nextGaussian();
                    }
                    double[] q = Decompositions.qrQ(a, n);
                    double orth = maxAbs(minusIdentity(gram(q, n), n)) / (n * U);
                    record(4, orth);
                    assertTrue(orth <= 8, "‖QᵀQ − I‖ = " + orth + " n·u");
                    double[] r = multiply(transpose(q, n), a, n);
                    for (int i = 0; i < n; i++) {
                        for (int j = 0; j < i; j++) {
                            assertEquals(0, r[i * n + j], 32 * n * U * frobenius(a), "R[" + i + "][" + j + "]");
                        }
                    }
                    QRDecomposition qr = new QRDecomposition(matrix(a, n));
                    RealMatrix oracle = qr.getQ();
                    for (int k = 0; k < n; k++) {
                        double sign = Math.signum(r[k * n + k]) * Math.signum(qr.getR().getEntry(k, k));
                        for (int i = 0; i < n; i++) {
                            assertEquals(sign * oracle.getEntry(i, k), q[i * n + k], 1e-10, "Q[" + i + "][" + k + "]");
                        }
                    }
                });
    }

    /** As LAPACK's geqrf: R's diagonal is opposite in sign to the column's lead, so Q ignores column signs. */
    @Test
    void flippingAColumnOfAFlipsRowOfRAndLeavesQAlone() {
        Generator gen = new Generator(7);
        int n = 5;
        double[] a = new double[n * n];
        for (int i = 0; i < a.length; i++) {
            a[i] = gen.nextGaussian();
        }
        double[] flipped = a.clone();
        for (int i = 0; i < n; i++) {
            flipped[i * n + 2] = -flipped[i * n + 2];
        }
        double[] q = Decompositions.qrQ(a, n), qf = Decompositions.qrQ(flipped, n);
        for (int i = 0; i < q.length; i++) {
            assertEquals(q[i], qf[i], 1e-14);
        }
    }

    private static void record(int what, double value) {
        synchronized (WORST) {
            WORST[what] = Math.max(WORST[what], value);
        }
    }

    /** A symmetric n × n matrix: generic (0), singular (1), with a repeated eigenvalue (2), over twelve decades (3). */
    private static double[] symmetric(int n, int kind, int seed) {
        Generator gen = new Generator(seed);
        double[] lambda = new double[n];
        for (int k = 0; k < n; k++) {
            lambda[k] = switch (kind) {
                case 0 -> gen.nextGaussian();
                case 1 -> k < (n + 1) / 2 ? Math.abs(gen.nextGaussian()) : 0;
                case 2 -> k < n / 2 ? 2.5 : gen.nextGaussian();
                default -> Math.pow(10, -8 + 12 * gen.nextDouble());
            };
        }
        return withSpectrum(lambda, n, gen);
    }

    /** U·diag(λ)·Uᵀ for a random orthogonal U (Commons Math's QR of a Gaussian matrix), symmetrised exactly. */
    private static double[] withSpectrum(double[] lambda, int n, Generator gen) {
        double[] g = new double[n * n];
        for (int i = 0; i < g.length; i++) {
            g[i] = gen.nextGaussian();
        }
        RealMatrix u = new QRDecomposition(matrix(g, n)).getQ();
        double[] a = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                double s = 0;
                for (int k = 0; k < n; k++) {
                    s += u.getEntry(i, k) * lambda[k] * u.getEntry(j, k);
                }
                a[i * n + j] = s;
                a[j * n + i] = s;
            }
        }
        return a;
    }

    private static int indexOf(double[] values, double v) {
        int best = 0;
        for (int i = 1; i < values.length; i++) {
            if (Math.abs(values[i] - v) < Math.abs(values[best] - v)) {
                best = i;
            }
        }
        return best;
    }

    private static RealMatrix matrix(double[] a, int n) {
        double[][] rows = new double[n][n];
        for (int i = 0; i < n; i++) {
            System.arraycopy(a, i * n, rows[i], 0, n);
        }
        return new Array2DRowRealMatrix(rows, false);
    }

    private static double[] multiply(double[] a, double[] b, int n) {
        double[] c = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < n; k++) {
                for (int j = 0; j < n; j++) {
                    c[i * n + j] += a[i * n + k] * b[k * n + j];
                }
            }
        }
        return c;
    }

    private static double[] transpose(double[] a, int n) {
        double[] t = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                t[j * n + i] = a[i * n + j];
            }
        }
        return t;
    }

    private static double[] gram(double[] v, int n) {
        return multiply(transpose(v, n), v, n);
    }

    private static double[] minusIdentity(double[] m, int n) {
        double[] out = m.clone();
        for (int i = 0; i < n; i++) {
            out[i * n + i] -= 1;
        }
        return out;
    }

    private static double maxAbs(double[] a) {
        double m = 0;
        for (double x : a) {
            m = Math.max(m, Math.abs(x));
        }
        return m;
    }

    private static double frobenius(double[] a) {
        double s = 0;
        for (double x : a) {
            s += x * x;
        }
        return Math.sqrt(s);
    }
}
