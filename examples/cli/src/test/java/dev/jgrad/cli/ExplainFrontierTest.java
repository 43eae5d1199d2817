package dev.jgrad.cli;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * explain on the frontier optimizers: the numbers each computes once per group and step appear in the per-tensor
 * table (Schedule-Free's γₜ, c and weight sum; Prodigy's d, d̂ and dγ; Adan's κ), with the values the boxes say.
 */
class ExplainFrontierTest {

    /** The per-tensor table: header, then one row per step, as cells. */
    private static List<String[]> shared(String out) {
        int at = out.indexOf("Shared by every element");
        assertTrue(at >= 0, out);
        List<String[]> rows = new ArrayList<>();
        for (String l : out.substring(at).lines().skip(1).filter(l -> !l.isBlank()).toList()) {
            rows.add(l.trim().split("\\s+"));
        }
        return rows;
    }

    private static int column(String[] header, String key) {
        for (int i = 0; i < header.length; i++) {
            if (header[i].equals(key)) {
                return i;
            }
        }
        throw new AssertionError("no column " + key + " in " + String.join(" ", header));
    }

    /** Without warm-up and with r = 0, c_{t+1} = 1/t and the weight sum is t·γ². */
    @Test
    void scheduleFreeShowsCAndTheWeightSum() {
        CliTest.Run r = CliTest.jgrad("explain", "--optimizer", "adamwschedulefree", "--lr", "0.1", "--theta", "1,2",
                "--grads", "0.5,-0.2,0.4,0.1,0.3,0.3", "--digits", "12");
        assertEquals(0, r.code(), r.err());
        List<String[]> rows = shared(r.out());
        int c = column(rows.get(0), "c"), sum = column(rows.get(0), "weight_sum");
        assertEquals(4, rows.size(), "a header and one row per step");
        for (int t = 1; t <= 3; t++) {
            assertEquals(1.0 / t, Double.parseDouble(rows.get(t)[c]), 1e-12);
            assertEquals(t * 0.01, Double.parseDouble(rows.get(t)[sum]), 1e-12);
        }
    }

    /** d starts at d₀ = 1e-6 and never decreases; dγ = d·γ before the step. */
    @Test
    void prodigyShowsItsEstimate() {
        CliTest.Run r = CliTest.jgrad("explain", "--optimizer", "prodigy", "--function", "rosenbrock", "--steps", "40",
                "--digits", "12");
        assertEquals(0, r.code(), r.err());
        List<String[]> rows = shared(r.out());
        int d = column(rows.get(0), "d"), dlr = column(rows.get(0), "dlr");
        assertEquals(1e-6, Double.parseDouble(rows.get(1)[dlr]), 0.0, "step 1 runs at d₀γ");
        double last = 1e-6;
        for (String[] row : rows.subList(1, rows.size())) {
            double now = Double.parseDouble(row[d]);
            assertTrue(now >= last, "d decreased: " + last + " → " + now);
            last = now;
        }
        assertTrue(last > 1e-3, "d grew from 1e-6 on Rosenbrock: " + last);
    }

    /** Adan's clip factor κ = min(1, max_grad_norm / (‖g‖ + ε)). */
    @Test
    void adanShowsItsClipFactor() {
        CliTest.Run r = CliTest.jgrad("explain", "--optimizer", "adan", "--option", "max_grad_norm=1", "--theta", "1,2",
                "--grads", "3,4,0.3,0.4", "--digits", "12");
        assertEquals(0, r.code(), r.err());
        List<String[]> rows = shared(r.out());
        int kappa = column(rows.get(0), "kappa");
        assertEquals(1 / (5 + 1e-8), Double.parseDouble(rows.get(1)[kappa]), 1e-12);
        assertEquals(1.0, Double.parseDouble(rows.get(2)[kappa]), 0.0, "‖g‖ = 0.5 is not clipped");
    }
}
