package dev.jgrad.optim.replay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jgrad.optim.Optimizer;
import dev.jgrad.optim.OptimizerRegistry;
import dev.jgrad.optim.ParamState;
import dev.jgrad.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The replay compares every state entry PyTorch recorded; this checks the converse: after each recorded
 * open-loop run, jgrad keeps exactly the entries PyTorch 1.13 kept, by name (a momentum buffer only with
 * momentum, {@code grad_avg} only when centered, {@code max_exp_avg_sq} only with AMSGrad, ...), so a state
 * file carries nothing PyTorch's would not.
 */
class ReferenceStateKeysTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void jgradKeepsExactlyTheStateEntriesPyTorchKept() throws Exception {
        int checked = 0;
        for (String file : new String[] {"/reference/optim-trajectories.json", "/reference/optim-zoo-trajectories.json"}) {
            JsonNode root;
            try (InputStream in = getClass().getResourceAsStream(file)) {
                root = JSON.readTree(in);
            }
            for (JsonNode c : root.get("open_loop")) {
                if (!c.has("final_state")) {
                    continue;
                }
                double[] theta0 = JSON.convertValue(c.get("theta0"), double[].class);
                int[] shape = c.has("shape") ? JSON.convertValue(c.get("shape"), int[].class) : new int[] {theta0.length};
                Tensor p = Tensor.of(theta0, shape).requiresGrad(true);
                @SuppressWarnings("unchecked")
                Map<String, Object> options = JSON.convertValue(c.get("options"), Map.class);
                Optimizer<?> opt = OptimizerRegistry.get(c.get("optimizer").textValue()).create(List.of(p), options);
                for (JsonNode g : c.get("grads")) {
                    p.setGrad(g.isNull() ? null : Tensor.of(JSON.convertValue(g, double[].class), shape));
                    opt.step();
                }
                Set<String> recorded = new TreeSet<>();
                c.get("final_state").fieldNames().forEachRemaining(recorded::add);
                Set<String> kept = new TreeSet<>(opt.state(p).map(ParamState::names).orElse(List.of()));
                assertEquals(recorded, kept, c.get("name").textValue() + " (" + c.get("optimizer").textValue() + ")");
                checked++;
            }
        }
        assertTrue(checked >= 30, "cases checked: " + checked);
    }
}
