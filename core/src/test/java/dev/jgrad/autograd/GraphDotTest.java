package dev.jgrad.autograd;

import dev.jgrad.tensor.DType;
import dev.jgrad.tensor.Generator;
import dev.jgrad.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.*;

class GraphDotTest {

    /** A two-layer MLP with a log-softmax loss, written with core ops only (as nn's Linear does). */
    private static final class Mlp {
        final Generator gen = new Generator(7);
        final Tensor x = Tensor.normal(gen, 0, 1, DType.FLOAT32, 4, 3);
        final Tensor w1 = Tensor.normal(gen, 0, 0.5, DType.FLOAT32, 5, 3).requiresGrad(true);
        final Tensor b1 = Tensor.zeros(DType.FLOAT32, 5).requiresGrad(true);
        final Tensor w2 = Tensor.normal(gen, 0, 0.5, DType.FLOAT32, 2, 5).requiresGrad(true);
        final Tensor b2 = Tensor.zeros(DType.FLOAT32, 2).requiresGrad(true);
        final Tensor target = Tensor.of(new float[] {0, 1, 1, 0}, 4, 1);

        Tensor loss() {
            Tensor logits = x.matmul(w1.t()).add(b1).relu().matmul(w2.t()).add(b2);
            return logits.logSoftmax(1).gather(1, target).mean().neg();
        }

        Map<Tensor, String> names() {
            Map<Tensor, String> n = new IdentityHashMap<>();
            n.put(w1, "0.weight");
            n.put(b1, "0.bias");
            n.put(w2, "2.weight");
            n.put(b2, "2.bias");
            return n;
        }
    }

    /** A DOT file as the test reads it back: node labels by id, and edges. */
    record Parsed(Map<String, String> labels, List<String[]> edges) {}

    private static final Pattern NODE = Pattern.compile("\\s*(t\\d+) \\[label=\"((?:[^\"\\\\]|\\\\.)*)\"(, [^\\]]*)?\\];");
    private static final Pattern EDGE = Pattern.compile("\\s*(t\\d+) -> (t\\d+);");

    /**
     * Parses the subset of DOT that GraphDot writes and fails on anything else: the braces, brackets and
     * quotes must balance, every line must be a known statement, and every edge must join declared nodes.
     */
    static Parsed parse(String dot) {
        assertBalanced(dot);
        String[] lines = dot.split("\n");
        assertEquals("digraph autograd {", lines[0]);
        assertEquals("}", lines[lines.length - 1]);
        Map<String, String> labels = new LinkedHashMap<>();
        List<String[]> edges = new ArrayList<>();
        for (int i = 1; i < lines.length - 1; i++) {
            String line = lines[i];
            Matcher node = NODE.matcher(line);
            Matcher edge = EDGE.matcher(line);
            if (node.matches()) {
                assertNull(labels.put(node.group(1), unescape(node.group(2))), "node declared twice: " + line);
            } else if (edge.matches()) {
                assertTrue(labels.containsKey(edge.group(1)), "edge from an undeclared node: " + line);
                assertTrue(labels.containsKey(edge.group(2)), "edge to an undeclared node: " + line);
                edges.add(new String[] {edge.group(1), edge.group(2)});
            } else {
                assertTrue(line.matches("\\s*(node|edge) \\[[^\\]]*\\];"), "not a DOT statement: " + line);
            }
        }
        return new Parsed(labels, edges);
    }

    private static void assertBalanced(String dot) {
        ArrayDeque<Character> open = new ArrayDeque<>();
        boolean inString = false;
        for (int i = 0; i < dot.length(); i++) {
            char c = dot.charAt(i);
            if (inString) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    inString = false;
                }
                continue;
            }
            switch (c) {
                case '"' -> inString = true;
                case '{', '[' -> open.push(c);
                case '}' -> assertEquals('{', open.pop());
                case ']' -> assertEquals('[', open.pop());
                default -> { }
            }
        }
        assertFalse(inString, "unterminated string");
        assertTrue(open.isEmpty(), "unclosed " + open);
    }

    private static String unescape(String s) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '\\') {
                out.append(c);
                continue;
            }
            char next = s.charAt(++i);
            out.append(next == 'n' ? '\n' : next);
        }
        return out.toString();
    }

    /** The graph walked independently of GraphDot: every tensor reachable through gradFn inputs. */
    private static Set<Tensor> reachable(Tensor root) {
        Set<Tensor> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        ArrayDeque<Tensor> todo = new ArrayDeque<>(List.of(root));
        while (!todo.isEmpty()) {
            Tensor t = todo.pop();
            if (!seen.add(t) || t.gradFn() == null) {
                continue;
            }
            todo.addAll(t.gradFn().inputs());
        }
        return seen;
    }

    @Test
    void mlpGraphParsesAndNamesEveryOpWithOneNodePerTensorAndOneEdgePerInput() {
        Mlp mlp = new Mlp();
        Tensor loss = mlp.loss();
        Set<Tensor> tensors = reachable(loss);
        Set<String> ops = new HashSet<>();
        int inputs = 0;
        for (Tensor t : tensors) {
            if (t.gradFn() == null) {
                continue;
            }
            ops.add(t.gradFn().op());
            inputs += t.gradFn().inputs().size();
        }
        assertTrue(ops.containsAll(Set.of("mm", "transpose", "add", "relu", "gather", "sum", "div", "neg")), ops.toString());

        Parsed dot = parse(GraphDot.of(loss));
        assertEquals(tensors.size(), dot.labels().size());
        assertEquals(inputs, dot.edges().size());
        Set<String> firstLines = new HashSet<>();
        for (String label : dot.labels().values()) {
            firstLines.add(label.split("\n")[0]);
        }
        for (String op : ops) {
            assertTrue(firstLines.contains(op), "op " + op + " missing from " + firstLines);
        }
        assertEquals(ops.size(), new HashSet<>(GraphDot.ops(loss)).size());
    }

    @Test
    void labelsCarryOpOrNameShapeAndDtypeAndTheRootIsMarked() {
        Mlp mlp = new Mlp();
        Tensor loss = mlp.loss();
        Parsed dot = parse(GraphDot.of(loss, GraphDot.Options.DEFAULT.withNames(mlp.names())));
        Set<String> labels = new HashSet<>(dot.labels().values());
        assertTrue(labels.contains("0.weight\n[5, 3] float32"), labels.toString());
        assertTrue(labels.contains("2.bias\n[2] float32"), labels.toString());
        assertTrue(labels.contains("neg\n[] float32\n(root)"), labels.toString());
        assertTrue(labels.contains("relu\n[4, 5] float32"), labels.toString());
        // The input batch does not require grad, so the graph never recorded it.
        assertFalse(labels.stream().anyMatch(l -> l.contains("[4, 3]")), labels.toString());
    }

    @Test
    void everyEdgeRunsFromAnOpsInputToItsOutput() {
        Tensor a = Tensor.of(new double[] {1, 2}, 2).requiresGrad(true);
        Tensor b = a.mul(3.0);
        Tensor c = b.add(a).sum();
        Parsed dot = parse(GraphDot.of(c, GraphDot.Options.DEFAULT.withNames(Map.of(a, "a"))));
        Map<String, String> byLabel = new LinkedHashMap<>();
        dot.labels().forEach((id, label) -> byLabel.put(label.split("\n")[0], id));
        Set<String> edges = new HashSet<>();
        for (String[] e : dot.edges()) {
            edges.add(e[0] + "->" + e[1]);
        }
        assertEquals(Set.of(byLabel.get("a") + "->" + byLabel.get("mul"), byLabel.get("mul") + "->" + byLabel.get("add"),
                byLabel.get("a") + "->" + byLabel.get("add"), byLabel.get("add") + "->" + byLabel.get("sum")), edges);
    }

    @Test
    void gradNormsAfterBackwardAreTheTwoNormsOfTheGradients() {
        Mlp mlp = new Mlp();
        Tensor loss = mlp.loss();
        GraphDot.retainGrads(loss);
        loss.backward();
        GraphDot.Options opts = GraphDot.Options.DEFAULT.withNames(mlp.names()).withGradNorms(true);
        Parsed dot = parse(GraphDot.of(loss, opts));
        double norm = 0;
        for (double g : mlp.w1.grad().toDoubleArray()) {
            norm += g * g;
        }
        String expected = String.format(Locale.ROOT, "0.weight\n[5, 3] float32\n‖grad‖ = %.4g", Math.sqrt(norm));
        assertTrue(dot.labels().containsValue(expected), dot.labels().values().toString());
        // retainGrads kept every intermediate gradient, so every node shows one; the root's is 1.
        for (String label : dot.labels().values()) {
            assertTrue(label.contains("‖grad‖ = "), label);
        }
        assertTrue(dot.labels().containsValue("neg\n[] float32\n(root)\n‖grad‖ = 1.000"));
    }

    @Test
    void withoutRetainGradsOnlyLeavesShowGradNormsAndWithoutTheOptionNoneDo() {
        Mlp mlp = new Mlp();
        Tensor loss = mlp.loss();
        loss.backward(); // frees the graph; the nodes still know their inputs
        Parsed withNorms = parse(GraphDot.of(loss, GraphDot.Options.DEFAULT.withGradNorms(true)));
        for (String label : withNorms.labels().values()) {
            assertEquals(label.startsWith("leaf"), label.contains("‖grad‖"), label);
        }
        Parsed plain = parse(GraphDot.of(loss));
        for (String label : plain.labels().values()) {
            assertFalse(label.contains("‖grad‖"), label);
        }
        assertEquals(withNorms.labels().size(), plain.labels().size());
    }

    @Test
    void theGraphIsTheSameBeforeAndAfterBackward() {
        Mlp mlp = new Mlp();
        Tensor loss = mlp.loss();
        String before = GraphDot.of(loss);
        loss.backward();
        assertEquals(before, GraphDot.of(loss));
    }

    @Test
    void namesWithQuotesBackslashesAndNewlinesSurviveEscaping() {
        Tensor a = Tensor.of(new double[] {1}, 1).requiresGrad(true);
        String name = "say \"hi\"\\ there\nsecond line";
        Parsed dot = parse(GraphDot.of(a.exp(), GraphDot.Options.DEFAULT.withNames(Map.of(a, name))));
        assertTrue(dot.labels().containsValue(name + "\n[1] float64"), dot.labels().values().toString());
    }

    @Test
    void aTensorOutsideAnyGraphIsOneNode() {
        Parsed dot = parse(GraphDot.of(Tensor.zeros(2, 2)));
        assertEquals(List.of("leaf\n[2, 2] float32"), new ArrayList<>(dot.labels().values()));
        assertTrue(dot.edges().isEmpty());
    }
}
