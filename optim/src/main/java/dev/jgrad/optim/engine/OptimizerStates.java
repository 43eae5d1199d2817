package dev.jgrad.optim.engine;

import dev.jgrad.optim.Optimizer;
import dev.jgrad.optim.OptimizerOptions;
import dev.jgrad.optim.OptimizerState;
import dev.jgrad.optim.ParamGroup;
import dev.jgrad.optim.ParamState;
import dev.jgrad.optim.WeightDecay;
import dev.jgrad.tensor.Tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/** State dicts: what {@link Optimizer#stateDict()} and {@link Optimizer#loadStateDict} do, kept out of the textbook. */
public final class OptimizerStates {
    private OptimizerStates() {}

    /**
     * What the optimizer being loaded into declares, so that a loaded state can be checked against it.
     *
     * @param <O> its options record
     */
    public interface Declared<O extends OptimizerOptions<O>> {
        /** PyTorch's class name. */
        String name();

        /** How it applies weight decay. */
        WeightDecay weightDecay();

        /** Its options record class. */
        Class<O> optionsType();

        /** A fresh state of {@code param} as its {@code initState} declares it. */
        ParamState paramState(Tensor param, O options);

        /** A fresh group state as its {@code initGroupState} declares it. */
        ParamState groupState(O options);
    }

    /** Refuses a group that shares a tensor with the groups already there. */
    public static <O extends OptimizerOptions<O>> void checkDisjoint(List<ParamGroup<O>> groups, ParamGroup<O> group) {
        Map<Tensor, String> seen = new IdentityHashMap<>();
        for (int gi = 0; gi < groups.size(); gi++) {
            List<Tensor> ps = groups.get(gi).params();
            for (int pi = 0; pi < ps.size(); pi++) {
                seen.put(ps.get(pi), "parameter " + pi + " of group " + gi);
            }
        }
        List<Tensor> ps = group.params();
        for (int pi = 0; pi < ps.size(); pi++) {
            String where = seen.putIfAbsent(ps.get(pi), "parameter " + pi + " of the new group");
            if (where != null) {
                throw new IllegalArgumentException("some parameters appear in more than one parameter group: parameter "
                        + pi + " of the new group (shape " + Arrays.toString(ps.get(pi).shape()) + ") is already "
                        + where);
            }
        }
    }

    /** A deep copy of the groups' options, rates, states and the parameters' states. */
    public static <O extends OptimizerOptions<O>> OptimizerState save(String name, WeightDecay decay,
                                                               List<ParamGroup<O>> groups, Map<Tensor, ParamState> states) {
        List<OptimizerState.Group> out = new ArrayList<>();
        for (ParamGroup<O> g : groups) {
            List<OptimizerState.Param> params = new ArrayList<>();
            for (Tensor p : g.params()) {
                ParamState s = states.get(p);
                params.add(new OptimizerState.Param(p.shape(), s == null ? null : s.copy()));
            }
            Double initialLr = g.initialLr().isPresent() ? g.initialLr().getAsDouble() : null;
            out.add(new OptimizerState.Group(Kwargs.of(g.options()), initialLr, params, g.state()));
        }
        return new OptimizerState(name, decay, out);
    }

    /** Checks everything, then loads: options, initial rates and states (cast to each parameter's state dtype). */
    public static <O extends OptimizerOptions<O>> void load(OptimizerState saved, Declared<O> into,
                                                            List<ParamGroup<O>> groups, Map<Tensor, ParamState> states) {
        String name = into.name();
        if (!saved.optimizer().equals(name) || saved.weightDecay() != into.weightDecay()) {
            throw new IllegalArgumentException("cannot load a state dict saved by " + saved.optimizer() + " (weight decay "
                    + saved.weightDecay() + ") into " + name + " (weight decay " + into.weightDecay() + ")");
        }
        if (saved.groups().size() != groups.size()) {
            throw new IllegalArgumentException("loaded state dict has " + saved.groups().size()
                    + " parameter groups, the optimizer has " + groups.size());
        }
        List<O> options = new ArrayList<>();
        List<List<ParamState>> loaded = new ArrayList<>();
        List<ParamState> groupStates = new ArrayList<>();
        for (int gi = 0; gi < groups.size(); gi++) {
            ParamGroup<O> g = groups.get(gi);
            OptimizerState.Group sg = saved.groups().get(gi);
            try {
                options.add(Kwargs.read(into.optionsType(), g.options(), sg.options(), name));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("group " + gi + " of the loaded state dict: " + e.getMessage(), e);
            }
            loaded.add(checkParams(gi, g, options.get(gi), sg, into));
            groupStates.add(checkGroupState(gi, sg.state(), into.groupState(options.get(gi)), name));
        }
        for (int gi = 0; gi < groups.size(); gi++) {
            ParamGroup<O> g = groups.get(gi);
            g.setOptions(options.get(gi));
            g.state().clear();
            g.state().putAll(groupStates.get(gi));
            Double initialLr = saved.groups().get(gi).initialLr();
            if (initialLr != null) {
                g.setInitialLr(initialLr);
            }
            for (int pi = 0; pi < g.params().size(); pi++) {
                ParamState st = loaded.get(gi).get(pi);
                if (st == null) {
                    states.remove(g.params().get(pi));
                } else {
                    states.put(g.params().get(pi), st);
                }
            }
        }
    }

    private static <O extends OptimizerOptions<O>> List<ParamState> checkParams(int gi, ParamGroup<O> g, O options,
                                                                                OptimizerState.Group sg, Declared<O> into) {
        if (sg.params().size() != g.params().size()) {
            throw new IllegalArgumentException("group " + gi + " of the loaded state dict has " + sg.params().size()
                    + " parameters, the optimizer's group " + gi + " has " + g.params().size());
        }
        List<ParamState> out = new ArrayList<>();
        for (int pi = 0; pi < g.params().size(); pi++) {
            Tensor p = g.params().get(pi);
            OptimizerState.Param sp = sg.params().get(pi);
            if (!Arrays.equals(sp.shape(), p.shape())) {
                throw new IllegalArgumentException("parameter " + pi + " of group " + gi + " has shape "
                        + Arrays.toString(sp.shape()) + " in the loaded state dict but " + Arrays.toString(p.shape())
                        + " in the optimizer");
            }
            ParamState st = sp.state();
            if (st != null && st.numel() != p.numel()) {
                throw new IllegalArgumentException("parameter " + pi + " of group " + gi + " has state for "
                        + st.numel() + " elements, the parameter has " + p.numel());
            }
            if (st != null) {
                ParamState fresh = into.paramState(p, options);
                for (String n : fresh.names()) {
                    if (!st.has(n) && fresh.isBuffer(n)) {
                        throw new IllegalArgumentException("parameter " + pi + " of group " + gi + " has state "
                                + st.names() + " but " + into.name() + " keeps '" + n + "'");
                    }
                    if (fresh.isBuffer(n) && (!st.isBuffer(n) || st.values(n).length != fresh.values(n).length)) {
                        throw new IllegalArgumentException("parameter " + pi + " of group " + gi + " has '" + n + "' of "
                                + (st.isBuffer(n) ? st.values(n).length + " values" : "one number") + "; "
                                + into.name() + " keeps " + fresh.values(n).length + " for it");
                    }
                }
                st = st.castTo(fresh.dtype(), p.shape());
            }
            out.add(st);
        }
        return out;
    }

    private static ParamState checkGroupState(int gi, ParamState saved, ParamState fresh, String name) {
        for (String n : fresh.names()) {
            if (!saved.has(n)) {
                throw new IllegalArgumentException("group " + gi + " of the loaded state dict has group state "
                        + saved.names() + " but " + name + " keeps '" + n + "'");
            }
        }
        return saved;
    }
}
