package dev.jgrad.cli;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** explain's second table: the numbers a rule computes once per tensor, and --shape for the matrix rules. */
class ExplainPerTensorTest {

    /** The rows of the "Shared by every element" table, split into cells (header first). */
    private static List<String[]> shared(String out) {
        int at = out.indexOf("Shared by every element");
        assertTrue(at >= 0, out);
        return out.substring(at).lines().skip(1).filter(l -> !l.isBlank()).map(l -> l.trim().split("\\s+")).toList();
    }

    @Test
    void lambShowsItsTrustRatioAsTheRatioOfTheNormsItShows() {
        CliTest.Run r = CliTest.jgrad("explain", "--optimizer", "lamb", "--theta", "1,2", "--grads", "0.5,1,1,1",
                "--digits", "12");
        assertEquals(0, r.code(), r.err());
        List<String[]> rows = shared(r.out());
        assertEquals(List.of("t", "trust_ratio", "param_norm", "update_norm"), List.of(rows.get(0)));
        assertEquals(3, rows.size(), "one row per step");
        for (String[] row : rows.subList(1, rows.size())) {
            double ratio = Double.parseDouble(row[1]), param = Double.parseDouble(row[2]), update = Double.parseDouble(row[3]);
            assertEquals(param / update, ratio, 1e-9 * ratio);
        }
        assertEquals(Math.sqrt(5), Double.parseDouble(rows.get(1)[2]), 1e-9, "‖θ₀‖ of (1, 2)");
    }

    @Test
    void muonOnAMatrixShowsTheSingularValuesOfItsOrthogonalisedUpdate() {
        CliTest.Run r = CliTest.jgrad("explain", "--optimizer", "muon", "--theta", "1,2,3,4,5,6", "--shape", "2,3",
                "--grads", "1,0,2,0,1,1,0.5,0.5,0.5,1,-1,2");
        assertEquals(0, r.code(), r.err());
        List<String[]> rows = shared(r.out());
        assertEquals(List.of("t", "adjusted_lr", "o_sigma_min", "o_sigma_max"), List.of(rows.get(0)));
        for (String[] row : rows.subList(1, rows.size())) {
            double lo = Double.parseDouble(row[2]), hi = Double.parseDouble(row[3]);
            assertTrue(0.5 <= lo && lo <= hi && hi <= 1.5, String.join(" ", row));
        }
        assertTrue(!r.out().contains("&gt;") && !r.out().contains("&lt;"), "the box shows characters, not escapes");
    }

    /** Adafactor on a matrix: after step 1 (1 − β₂ₜ = 1) the row and column factors are the rows' and columns' mean g². */
    @Test
    void adafactorShowsItsRowAndColumnFactors() {
        CliTest.Run r = CliTest.jgrad("explain", "--optimizer", "adafactor", "--theta", "1,2,3,4,5,6", "--shape", "2,3",
                "--grads", "1,2,3,4,5,6", "--digits", "12");
        assertEquals(0, r.code(), r.err());
        List<String[]> rows = shared(r.out());
        List<String> head = List.of(rows.get(0));
        String[] step1 = rows.get(1);
        double[][] g = {{1, 2, 3}, {4, 5, 6}};
        for (int i = 0; i < 2; i++) {
            double mean = (g[i][0] * g[i][0] + g[i][1] * g[i][1] + g[i][2] * g[i][2]) / 3;
            assertEquals(mean, Double.parseDouble(step1[head.indexOf("row_var_" + i)]), 1e-9 * mean);
        }
        for (int j = 0; j < 3; j++) {
            double mean = (g[0][j] * g[0][j] + g[1][j] * g[1][j]) / 2;
            assertEquals(mean, Double.parseDouble(step1[head.indexOf("col_var_" + j)]), 1e-9 * mean);
        }
    }

    @Test
    void aShapeThatDoesNotFitThetaIsOneLine() {
        CliTest.assertOneLineError(CliTest.jgrad("explain", "--optimizer", "muon", "--theta", "1,2,3", "--shape", "2,2",
                "--grads", "1,1,1"), "--shape 2,2 has 4 elements but θ has 3");
    }
}
