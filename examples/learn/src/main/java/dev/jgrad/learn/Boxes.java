package dev.jgrad.learn;

import dev.jgrad.optim.OptimizerRegistry;

import java.util.ArrayList;
import java.util.List;

/**
 * The numbered lines of an optimizer's algorithm box, read from its Javadoc by the {@link OptimizerRegistry}, so
 * that a trace can say which line each number comes from: the box's own text, never a copy of it.
 */
final class Boxes {
    private Boxes() {}

    /** The box of {@code optimizer} from its line (1) on, indented as in the Javadoc relative to (1). */
    static List<String> of(String optimizer) {
        List<String> box = OptimizerRegistry.get(optimizer).box();
        List<String> out = new ArrayList<>();
        int indent = -1;
        for (String line : box) {
            if (indent < 0 && line.strip().startsWith("(1)")) {
                indent = line.indexOf("(1)");
            }
            if (indent >= 0) {
                int cut = 0;
                while (cut < indent && cut < line.length() && line.charAt(cut) == ' ') {
                    cut++;
                }
                out.add(line.substring(cut));
            }
        }
        return out.isEmpty() ? box : out;
    }

    /** The source file whose Javadoc holds the box, relative to the repository root for jgrad's own. */
    static String source(String optimizer) {
        Class<?> type = OptimizerRegistry.get(optimizer).type();
        String file = type.getName().replace('.', '/') + ".java";
        return type.getPackageName().equals("dev.jgrad.optim") ? "optim/src/main/java/" + file : file;
    }
}
