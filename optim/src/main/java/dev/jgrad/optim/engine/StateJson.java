package dev.jgrad.optim.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jgrad.optim.OptimizerState;
import dev.jgrad.optim.ParamState;
import dev.jgrad.optim.WeightDecay;
import dev.jgrad.tensor.DType;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@link OptimizerState} as JSON, in PyTorch's names: format 2. Format 1 files (jgrad 0.1.0: Jackson type tags,
 * state named {@code m}, {@code v}, {@code vMax}, {@code momentumBuffer}) are read too; newer formats are
 * refused in one line.
 */
final class StateJson {
    static final int FORMAT = 2;
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private StateJson() {}

    static ObjectNode write(OptimizerState s) {
        ObjectNode root = F.objectNode().put("format", FORMAT).put("optimizer", s.optimizer())
                .put("weight_decay_mode", s.weightDecay().name().toLowerCase(Locale.ROOT));
        ArrayNode groups = root.putArray("param_groups");
        for (OptimizerState.Group g : s.groups()) {
            ObjectNode gn = groups.addObject();
            gn.set("options", value(g.options()));
            gn.set("initial_lr", value(g.initialLr()));
            ArrayNode params = gn.putArray("params");
            for (OptimizerState.Param p : g.params()) {
                ObjectNode pn = params.addObject();
                ArrayNode shape = pn.putArray("shape");
                for (int d : p.shape()) {
                    shape.add(d);
                }
                pn.set("state", p.state() == null ? F.nullNode() : state(p.state()));
            }
            if (!g.state().names().isEmpty()) {   // written only when the optimizer keeps group state
                gn.set("state", state(g.state()));
            }
        }
        return root;
    }

    private static ObjectNode state(ParamState s) {
        ObjectNode n = F.objectNode().put("dtype", s.dtype().name().toLowerCase(Locale.ROOT)).put("numel", s.numel());
        for (String name : s.names()) {
            n.set(name, s.isBuffer(name) ? value(s.values(name)) : value(s.get(name)));
        }
        return n;
    }

    private static JsonNode value(Object v) {
        if (v == null) {
            return F.nullNode();
        }
        if (v instanceof Double d) {
            return Double.isFinite(d) ? F.numberNode(d) : F.textNode(d.toString());
        }
        if (v instanceof Number n) {
            return F.numberNode(n.longValue());
        }
        if (v instanceof Boolean b) {
            return F.booleanNode(b);
        }
        if (v instanceof double[] a) {
            ArrayNode arr = F.arrayNode();
            for (double d : a) {
                arr.add(value(d));
            }
            return arr;
        }
        if (v instanceof List<?> l) {
            ArrayNode arr = F.arrayNode();
            l.forEach(x -> arr.add(value(x)));
            return arr;
        }
        if (v instanceof Map<?, ?> m) {
            ObjectNode o = F.objectNode();
            m.forEach((k, x) -> o.set(k.toString(), value(x)));
            return o;
        }
        return F.textNode(v.toString());
    }

    static OptimizerState read(JsonNode root) {
        if (!root.isObject()) {
            throw new IllegalArgumentException("an optimizer state file holds a JSON object");
        }
        JsonNode format = root.get("format");
        if (format == null) {
            return V1.read(root);
        }
        if (format.asInt() != FORMAT) {
            throw new IllegalArgumentException("optimizer state format " + format + " is not one this jgrad reads (format "
                    + FORMAT + ", or 1 without a 'format' field)");
        }
        String optimizer = text(root, "optimizer");
        WeightDecay mode = constant(WeightDecay.class, root, "weight_decay_mode");
        List<OptimizerState.Group> groups = new ArrayList<>();
        for (JsonNode g : array(root, "param_groups")) {
            @SuppressWarnings("unchecked") // an object node reads as a map
            Map<String, Object> options = (Map<String, Object>) plain(need(g, "options"));
            Object initial = plain(g.get("initial_lr"));
            List<OptimizerState.Param> params = new ArrayList<>();
            for (JsonNode p : array(g, "params")) {
                int[] shape = ints(array(p, "shape"));
                JsonNode st = p.get("state");
                params.add(new OptimizerState.Param(shape, st == null || st.isNull() ? null : state(st)));
            }
            JsonNode gs = g.get("state");
            groups.add(new OptimizerState.Group(options, initial == null ? null : ((Number) initial).doubleValue(), params,
                    gs == null || gs.isNull() ? null : state(gs)));
        }
        return new OptimizerState(optimizer, mode, groups);
    }

    private static ParamState state(JsonNode n) {
        DType dtype = constant(DType.class, n, "dtype");
        ParamState s = new ParamState(dtype, need(n, "numel").asInt());
        n.fields().forEachRemaining(e -> {
            String k = e.getKey();
            if (k.equals("dtype") || k.equals("numel")) {
                return;
            }
            if (e.getValue().isArray()) {
                s.put(k, doubles(e.getValue(), k));
            } else {
                s.set(k, number(e.getValue(), k));
            }
        });
        return s;
    }

    /** A JSON value as Java values: Map, List, Double/Long, Boolean, String, null. */
    static Object plain(JsonNode n) {
        if (n == null || n.isNull()) {
            return null;
        }
        if (n.isObject()) {
            Map<String, Object> m = new LinkedHashMap<>();
            n.fields().forEachRemaining(e -> m.put(e.getKey(), plain(e.getValue())));
            return m;
        }
        if (n.isArray()) {
            List<Object> l = new ArrayList<>();
            n.forEach(x -> l.add(plain(x)));
            return l;
        }
        if (n.isIntegralNumber()) {
            return n.asLong();
        }
        if (n.isNumber()) {
            return n.asDouble();
        }
        if (n.isBoolean()) {
            return n.asBoolean();
        }
        String t = n.asText();
        return switch (t) {
            case "NaN" -> Double.NaN;
            case "Infinity" -> Double.POSITIVE_INFINITY;
            case "-Infinity" -> Double.NEGATIVE_INFINITY;
            default -> t;
        };
    }

    static double number(JsonNode n, String what) {
        if (plain(n) instanceof Number x) {
            return x.doubleValue();
        }
        throw new IllegalArgumentException("'" + what + "' must be a number, got " + n);
    }

    static double[] doubles(JsonNode n, String what) {
        double[] out = new double[n.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = number(n.get(i), what + "[" + i + "]");
        }
        return out;
    }

    private static int[] ints(JsonNode n) {
        int[] out = new int[n.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = n.get(i).asInt();
        }
        return out;
    }

    static JsonNode need(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null) {
            throw new IllegalArgumentException("missing field '" + field + "'");
        }
        return v;
    }

    /** The constant of {@code type} that field {@code field} names, in any case; the valid names if none. */
    static <E extends Enum<E>> E constant(Class<E> type, JsonNode n, String field) {
        String name = text(n, field);
        for (E c : type.getEnumConstants()) {
            if (c.name().equalsIgnoreCase(name)) {
                return c;
            }
        }
        List<String> known = new ArrayList<>();
        for (E c : type.getEnumConstants()) {
            known.add(c.name().toLowerCase(Locale.ROOT));
        }
        throw new IllegalArgumentException("field '" + field + "' must be one of " + String.join(", ", known)
                + ", got '" + name + "'");
    }

    static String text(JsonNode n, String field) {
        return need(n, field).asText();
    }

    static JsonNode array(JsonNode n, String field) {
        JsonNode v = need(n, field);
        if (!v.isArray()) {
            throw new IllegalArgumentException("field '" + field + "' must be a list");
        }
        return v;
    }

    /** Format 1: jgrad 0.1.0's Jackson-tagged SGD and Adam states, renamed to PyTorch's names. */
    private static final class V1 {
        static OptimizerState read(JsonNode root) {
            String optimizer = text(root, "optimizer");
            WeightDecay mode = constant(WeightDecay.class, root, "weightDecay");
            List<OptimizerState.Group> groups = new ArrayList<>();
            for (JsonNode g : array(root, "groups")) {
                JsonNode o = need(g, "options");
                Map<String, Object> options = new LinkedHashMap<>();
                o.fields().forEachRemaining(e -> {
                    switch (e.getKey()) {
                        case "type" -> { }
                        case "beta1" -> options.put("betas", List.of(plain(e.getValue()), plain(need(o, "beta2"))));
                        case "beta2" -> { }
                        case "weightDecay" -> options.put("weight_decay", plain(e.getValue()));
                        default -> options.put(e.getKey(), plain(e.getValue()));
                    }
                });
                List<OptimizerState.Param> params = new ArrayList<>();
                for (JsonNode p : array(g, "params")) {
                    JsonNode st = p.get("state");
                    params.add(new OptimizerState.Param(ints(array(p, "shape")), st == null || st.isNull() ? null : state(st)));
                }
                Object initial = plain(g.get("initialLr"));
                groups.add(new OptimizerState.Group(options, initial == null ? null : ((Number) initial).doubleValue(),
                        params));
            }
            return new OptimizerState(optimizer, mode, groups);
        }

        private static ParamState state(JsonNode n) {
            if (n.has("momentumBuffer") || n.has("numel")) {
                ParamState s = new ParamState(DType.FLOAT64, need(n, "numel").asInt());
                JsonNode b = n.get("momentumBuffer");
                if (b != null && !b.isNull()) {
                    s.put("momentum_buffer", doubles(b, "momentumBuffer"));
                }
                return s;
            }
            JsonNode dt = n.get("dtype");
            DType dtype = dt == null || dt.isNull() ? DType.FLOAT64 : constant(DType.class, n, "dtype");
            double[] m = doubles(need(n, "m"), "m");
            ParamState s = new ParamState(dtype, m.length);
            s.set("step", number(need(n, "step"), "step")).put("exp_avg", m).put("exp_avg_sq", doubles(need(n, "v"), "v"));
            JsonNode vMax = n.get("vMax");
            if (vMax != null && !vMax.isNull()) {
                s.put("max_exp_avg_sq", doubles(vMax, "vMax"));
            }
            return s;
        }
    }
}
