package dev.jgrad.optim.replay;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jgrad.io.AtomicFile;
import dev.jgrad.optim.HessianFed;
import dev.jgrad.optim.Optimizer;
import dev.jgrad.optim.OptimizerState;
import dev.jgrad.optim.ParamState;
import dev.jgrad.tensor.Tensor;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.IntFunction;

/**
 * Replays optimizer trajectories recorded with PyTorch and reports how far jgrad's are from them.
 *
 * <p>A trajectory file ({@code optim-trajectories.json} schema) has up to three sections:
 * <ul>
 * <li>{@code open_loop}: given {@code theta0} (of {@code shape}, row-major, if given; else a vector) and the
 *     gradient of every step, the parameter after
 *     every step, the optimizer's {@code final_state} ({@code step}, {@code exp_avg},
 *     {@code exp_avg_sq}, {@code max_exp_avg_sq}, {@code momentum_buffer}) and, optionally, its
 *     {@code final_group}: group-level numbers by name, compared with the first group's state (Prodigy's
 *     {@code d}), else with its options; with {@code hessian_grads} (SophiaG), per step null or the gradient
 *     given to {@link HessianFed#updateHessian()} right after that step;</li>
 * <li>{@code closed_loop}: the gradients come from jgrad's autograd on the named function (Rosenbrock),
 *     evaluated through {@link Optimizer#step(Optimizer.Closure)}, so the loss before every step is compared
 *     too, and with {@code closure_evaluations_per_step} (LBFGS) the number of evaluations each step made;</li>
 * <li>{@code param_groups}: several groups with their own options over {@code defaults}, where a
 *     gradient may be null (the parameter is skipped that step).</li>
 * </ul>
 * Everything runs in float64; a case passes if every compared value is within {@link #TOLERANCE}
 * relative error. One thing is fitted before comparing, and reported ({@link CaseResult#fitted()}): where SOAP's
 * first eigenbasis is not unique (a two-dimensional eigenspace of a repeated eigenvalue, as the null space of a
 * non-square matrix's first Gram matrix), the basis within it, one angle ({@code NullSpaceFit}). A failed case names the first value beyond it ({@link CaseResult#firstFailure()}): the step,
 * the element of θ, the loss or the closure count, or the state entry by its key. docs/optimizers/write-your-own.md
 * has the schema field by field and a script that records cases in it.
 *
 * <pre>{@code
 * ReplayReport report = TrajectoryReplay.run(Path.of("optim-trajectories.json"));
 * System.out.print(report.table());
 * System.exit(report.passed() ? 0 : 1);   // TrajectoryFileException: print getMessage(), exit 2
 * }</pre>
 */
public final class TrajectoryReplay {
    /** The largest relative error a case may show and still pass. */
    public static final double TOLERANCE = 1e-10;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> TOP = Set.of("generator", "open_loop", "closed_loop", "param_groups");
    private static final Set<String> OPEN = Set.of("name", "optimizer", "options", "theta0", "grads",
            "expected_after_each_step", "final_state", "shape", "final_group", "hessian_grads");
    private static final Set<String> CLOSED = Set.of("name", "optimizer", "options", "function", "start", "steps",
            "loss_before_each_step", "expected_after_each_step", "closure_evaluations_per_step");
    private static final Set<String> GROUPS = Set.of("name", "optimizer", "defaults", "groups", "grads", "note",
            "expected_after_each_step");

    private TrajectoryReplay() {}

    /** Replays every case of {@code file}; the file is named in results and errors as given. */
    public static ReplayReport run(Path file) throws TrajectoryFileException {
        try (InputStream in = Files.newInputStream(file)) {
            return run(in, file.toString());
        } catch (IOException e) {
            throw new TrajectoryFileException(file.toString(), "cannot read the file: " + AtomicFile.reason(e), e);
        }
    }

    /** Replays every case read from {@code in}; {@code name} stands for the file in results and errors. */
    public static ReplayReport run(InputStream in, String name) throws TrajectoryFileException {
        JsonNode root;
        try {
            root = JSON.readTree(in);
        } catch (JsonProcessingException e) {
            var loc = e.getLocation();
            throw new TrajectoryFileException(name, "not valid JSON" + (loc == null ? "" : " at line " + loc.getLineNr()
                    + ", column " + loc.getColumnNr()) + ": " + e.getOriginalMessage().lines().findFirst().orElse(""), e);
        } catch (IOException e) {
            throw new TrajectoryFileException(name, "cannot read the file: " + AtomicFile.reason(e), e);
        }
        if (root == null || root.isMissingNode()) {
            throw new TrajectoryFileException(name, "the file is empty", null);
        }
        try {
            return replay(new Json(root, ""), name);
        } catch (Json.Malformed e) {
            throw new TrajectoryFileException(name, e.getMessage(), null);
        }
    }

    private static ReplayReport replay(Json root, String name) {
        root.onlyFields(TOP);
        String generator = root.has("generator") ? root.field("generator").text() : "generator not stated";
        List<CaseResult> results = new ArrayList<>();
        if (root.has("open_loop")) {
            for (Json c : root.field("open_loop").array()) {
                results.add(openLoop(c));
            }
        }
        if (root.has("closed_loop")) {
            for (Json c : root.field("closed_loop").array()) {
                results.add(closedLoop(c));
            }
        }
        if (root.has("param_groups")) {
            for (Json c : root.field("param_groups").array()) {
                results.add(paramGroups(c));
            }
        }
        if (results.isEmpty()) {
            throw root.error("no cases: expected open_loop, closed_loop or param_groups entries");
        }
        Set<String> names = new HashSet<>();
        for (CaseResult r : results) {
            if (!names.add(r.name())) {
                throw root.error("two cases are named '" + r.name() + "'");
            }
        }
        return new ReplayReport(name, generator, results);
    }

    private static Json named(Json c) {
        String n = c.field("name").text();
        return new Json(c.node, c.where + " (" + n + ")");
    }

    private static CaseResult openLoop(Json raw) {
        Json c = named(raw).onlyFields(OPEN);
        String optimizer = Optimizers.checkName(c.field("optimizer"));
        double[] theta0 = c.field("theta0").numbers(-1);
        List<Json> grads = c.field("grads").array();
        List<Json> expected = c.field("expected_after_each_step").array();
        sameLength(c, grads.size(), expected.size());
        int[] shape = c.has("shape") ? c.field("shape").integers() : new int[] {theta0.length};   // row-major
        int numel = 1;
        for (int d : shape) {
            numel *= d;
        }
        if (numel != theta0.length) {
            throw c.field("shape").error("theta0 has " + theta0.length + " values for shape of " + numel);
        }
        List<Json> hessianGrads = c.has("hessian_grads") ? c.field("hessian_grads").array() : null;
        if (hessianGrads != null) {
            sameLength(c.field("hessian_grads"), grads.size(), hessianGrads.size());
        }
        OpenLoop run = new OpenLoop(c, optimizer, theta0, shape, grads, expected, hessianGrads);
        NullSpaceFit.Plane[] plane = {null};
        ErrorMeter err = run.replay((opt, param) -> plane[0] = NullSpaceFit.find(opt, param));
        if (plane[0] == null) {
            return result(c, "open_loop", optimizer, grads.size(), err, null);
        }
        if (!plane[0].fittable()) {
            return result(c, "open_loop", optimizer, grads.size(), err, "the first basis has " + plane[0].pairs()
                    + " degenerate eigenspace(s), one of dimension " + plane[0].dimension() + ": not fitted (only one of "
                    + "dimension 2 is)");
        }
        NullSpaceFit.Plane p = plane[0];
        double phi = NullSpaceFit.fitAngle(a -> run.replay((opt, param) -> NullSpaceFit.rotate(opt, param, p, a)).maxRel());
        ErrorMeter fitted = run.replay((opt, param) -> NullSpaceFit.rotate(opt, param, p, phi));
        return result(c, "open_loop", optimizer, grads.size(), fitted, String.format(Locale.ROOT,
                "null-space basis fitted, φ = %.6f rad (columns %d, %d of a %d × %d basis), 1 parameter fitted from "
                        + "%d steps × %d values%s; unfitted (jgrad's own basis) max rel err %.2e", phi, p.a(), p.b(), p.d(),
                p.d(), grads.size(), theta0.length, c.has("final_state") ? " and the final state" : "", err.maxRel()));
    }

    /**
     * One open-loop case, ready to replay as often as needed: the null-space fit replays it once per angle tried.
     * {@link #replay} calls {@code afterBasis} once, right after the first step that leaves the parameter's state
     * holding {@code Q} (SOAP's first eigenbasis), before any value is compared with it.
     */
    private record OpenLoop(Json c, String optimizer, double[] theta0, int[] shape, List<Json> grads,
                            List<Json> expected, List<Json> hessianGrads) {
        ErrorMeter replay(BiConsumer<Optimizer<?>, Tensor> afterBasis) {
            Tensor param = Tensor.of(theta0, shape).requiresGrad(true);
            Optimizer<?> opt = Optimizers.create(optimizer, c.field("options"), nulls(1), List.of(param));
            if (hessianGrads != null && !(opt instanceof HessianFed)) {
                throw c.field("hessian_grads").error(optimizer + " takes no Hessian estimate");
            }
            ErrorMeter err = new ErrorMeter();
            boolean basis = false;
            for (int k = 0; k < grads.size(); k++) {
                setGrad(param, grads.get(k));
                opt.step();
                if (!basis && opt.state(param).map(s -> s.has("Q")).orElse(false)) {
                    basis = true;
                    afterBasis.accept(opt, param);
                }
                err.compare(element("step " + (k + 1) + ", θ", shape), param.toDoubleArray(),
                        expected.get(k).numbers(theta0.length));
                if (hessianGrads != null && !hessianGrads.get(k).isNull()) {   // the estimator's gradient, after the step
                    setGrad(param, hessianGrads.get(k));
                    ((HessianFed) opt).updateHessian();
                }
            }
            if (c.has("final_state")) {
                compareState(c.field("final_state"), opt, param, err);
            }
            if (c.has("final_group")) {
                compareGroup(c.field("final_group"), opt, err);
            }
            return err;
        }
    }

    private static CaseResult closedLoop(Json raw) {
        Json c = named(raw).onlyFields(CLOSED);
        String optimizer = Optimizers.checkName(c.field("optimizer"));
        Json function = c.field("function");
        if (!function.text().replace(" ", "").startsWith("rosenbrock")) {
            throw function.error("unknown function '" + function.text() + "' (known: " + Rosenbrock.NAME + ")");
        }
        double[] start = c.field("start").numbers(2);
        int steps = c.field("steps").integer();
        if (steps < 0) {
            throw c.field("steps").error("expected a step count >= 0, got " + steps);
        }
        double[] losses = c.field("loss_before_each_step").numbers(steps);
        List<Json> expected = c.field("expected_after_each_step").array();
        sameLength(c, steps, expected.size());
        int[] counts = c.has("closure_evaluations_per_step") ? c.field("closure_evaluations_per_step").integers() : null;
        if (counts != null) {
            sameLength(c.field("closure_evaluations_per_step"), steps, counts.length);
        }
        Tensor param = Tensor.of(start, 2).requiresGrad(true);
        Optimizer<?> opt = Optimizers.create(optimizer, c.field("options"), nulls(1), List.of(param));
        int[] evaluations = {0};
        Optimizer.Closure closure = () -> {   // PyTorch's closure: clear, forward, backward, return the loss
            evaluations[0]++;
            opt.zeroGrad();
            Tensor loss = Rosenbrock.loss(param);
            loss.backward();
            return loss.item();
        };
        ErrorMeter err = new ErrorMeter();
        for (int k = 0; k < steps; k++) {
            evaluations[0] = 0;
            String step = "step " + (k + 1);
            err.compare(step + ", loss", opt.step(closure), losses[k]);   // the loss of the step's first evaluation
            err.compare(element(step + ", θ", new int[] {2}), param.toDoubleArray(), expected.get(k).numbers(2));
            if (counts != null && evaluations[0] != counts[k]) {
                err.mismatch(step + ", closure evaluations", "jgrad " + evaluations[0] + ", recorded " + counts[k]);
            }
        }
        return result(c, "closed_loop", optimizer, steps, err, null);
    }

    private static CaseResult paramGroups(Json raw) {
        Json c = named(raw).onlyFields(GROUPS);
        String optimizer = Optimizers.checkName(c.field("optimizer"));
        Json defaults = c.has("defaults") ? c.field("defaults")
                : new Json(JsonNodeFactory.instance.objectNode(), c.where + ".defaults");
        List<Json> groups = c.field("groups").array();
        List<Json> grads = c.field("grads").array();
        List<Json> expected = c.field("expected_after_each_step").array();
        if (groups.isEmpty()) {
            throw c.field("groups").error("expected at least one group");
        }
        if (grads.size() != groups.size() || expected.size() != groups.size()) {
            throw c.error(groups.size() + " groups but " + grads.size() + " gradient lists and " + expected.size()
                    + " expected lists (one per group)");
        }
        Set<String> groupKeys = new HashSet<>(Optimizers.optionKeys(optimizer));
        groupKeys.addAll(Set.of("theta0", "shape"));
        List<Tensor> params = new ArrayList<>();
        List<Json> overrides = new ArrayList<>();
        for (Json g : groups) {
            g.onlyFields(groupKeys);
            int[] shape = g.field("shape").integers();
            double[] theta0 = g.field("theta0").numbers(-1);
            int numel = 1;
            for (int d : shape) {
                numel *= d;
            }
            if (numel != theta0.length) {
                throw g.error("theta0 has " + theta0.length + " values for shape of " + numel);
            }
            params.add(Tensor.of(theta0, shape).requiresGrad(true));
            overrides.add(withoutFields(g, "theta0", "shape"));
        }
        Optimizer<?> opt = Optimizers.create(optimizer, defaults, overrides, params);
        int steps = grads.get(0).array().size();
        List<List<Json>> gradSteps = new ArrayList<>();
        List<List<Json>> expectedSteps = new ArrayList<>();
        for (int i = 0; i < groups.size(); i++) {
            gradSteps.add(grads.get(i).array());
            expectedSteps.add(expected.get(i).array());
            sameLength(grads.get(i), steps, gradSteps.get(i).size());
            sameLength(expected.get(i), steps, expectedSteps.get(i).size());
        }
        ErrorMeter err = new ErrorMeter();
        for (int k = 0; k < steps; k++) {
            for (int i = 0; i < params.size(); i++) {
                setGrad(params.get(i), gradSteps.get(i).get(k));
            }
            opt.step();
            for (int i = 0; i < params.size(); i++) {
                Tensor p = params.get(i);
                err.compare(element("step " + (k + 1) + ", group " + i + ", θ", p.shape()), p.toDoubleArray(),
                        expectedSteps.get(i).get(k).numbers(p.numel()));
            }
        }
        return result(c, "param_groups", optimizer, steps, err, null);
    }

    /**
     * Compares the recorded final state, by PyTorch's key names, with the optimizer's state of {@code param}; a
     * recorded key that jgrad does not keep fails the case, naming the key and the keys jgrad keeps.
     */
    private static void compareState(Json finalState, Optimizer<?> opt, Tensor param, ErrorMeter err) {
        if (!finalState.node.isObject()) {
            throw finalState.error("expected an object");
        }
        ParamState state = opt.state(param).orElse(null);
        for (String key : finalState.fieldNames()) {
            Json v = finalState.field(key);
            String where = "final_state '" + key + "'";
            if (state == null || !state.has(key)) {   // recorded, but not kept here: the case fails
                err.mismatch(where, state == null ? opt.name() + " keeps no state for the parameter"
                        : opt.name() + " keeps no entry of that name (its state: " + String.join(", ", state.names()) + ")");
                continue;
            }
            if (state.isBuffer(key)) {
                double[] actual = state.values(key);
                err.compare(element(where, param.shape()), actual, v.numbers(actual.length));
            } else {
                err.compare(where, state.get(key), v.number());
            }
        }
    }

    /**
     * Compares the recorded group-level numbers ({@code final_group}, by the authors' names) with what the state dict
     * saves for the group: its state (Prodigy's {@code d}, Schedule-Free's {@code weight_sum}), else its options.
     */
    private static void compareGroup(Json finalGroup, Optimizer<?> opt, ErrorMeter err) {
        if (!finalGroup.node.isObject()) {
            throw finalGroup.error("expected an object");
        }
        OptimizerState.Group saved = opt.stateDict().groups().get(0);
        for (String key : finalGroup.fieldNames()) {
            double expected = finalGroup.field(key).number();
            String where = "final_group '" + key + "'";
            if (saved.state().has(key) && !saved.state().isBuffer(key)) {
                err.compare(where, saved.state().get(key), expected);
            } else if (saved.options().get(key) instanceof Number n) {
                err.compare(where, n.doubleValue(), expected);
            } else {   // recorded, but not kept here: the case fails
                err.mismatch(where, opt.name() + " keeps no group number or option of that name (its group state: "
                        + String.join(", ", saved.state().names()) + ")");
            }
        }
    }

    /** Names element i of a tensor of {@code shape} (row-major): "θ[i]", or "θ[row, column]" for a matrix. */
    private static IntFunction<String> element(String what, int[] shape) {
        return i -> shape.length == 2 ? what + "[" + i / shape[1] + ", " + i % shape[1] + "]" : what + "[" + i + "]";
    }

    private static void setGrad(Tensor param, Json grad) {
        param.setGrad(grad.isNull() ? null : Tensor.of(grad.numbers(param.numel()), param.shape()));
    }

    private static void sameLength(Json at, int expected, int actual) {
        if (expected != actual) {
            throw at.error("expected " + expected + " steps, got " + actual);
        }
    }

    private static Json withoutFields(Json g, String... drop) {
        var copy = ((ObjectNode) g.node).deepCopy();
        copy.remove(List.of(drop));
        return new Json(copy, g.where);
    }

    private static List<Json> nulls(int n) {
        List<Json> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(null);
        }
        return out;
    }

    private static CaseResult result(Json c, String kind, String optimizer, int steps, ErrorMeter err, String fitted) {
        return new CaseResult(c.field("name").text(), kind, optimizer, steps, err.maxRel(), err.maxAbs(),
                err.maxRel() <= TOLERANCE, err.firstFailure(), fitted);
    }

}
