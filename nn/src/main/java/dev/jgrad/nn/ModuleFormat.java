package dev.jgrad.nn;

import java.util.Locale;
import java.util.Map;

/** PyTorch's module printing (one child per line, indented), plus parameter counts. */
final class ModuleFormat {
    private ModuleFormat() {}

    static String format(Module m) {
        String name = m.getClass().getSimpleName();
        Map<String, Module> children = m.namedChildren();
        if (children.isEmpty()) {
            return name + "(" + m.extraRepr() + ")" + count(m.parameterCount());
        }
        StringBuilder sb = new StringBuilder(name).append('(').append(m.extraRepr()).append('\n');
        children.forEach((key, child) ->
                sb.append("  (").append(key).append("): ").append(format(child).replace("\n", "\n  ")).append('\n'));
        return sb.append(')').append(count(m.parameterCount())).toString();
    }

    private static String count(long n) {
        if (n == 0) {
            return "";
        }
        return String.format(Locale.ROOT, "  [%,d parameter%s]", n, n == 1 ? "" : "s");
    }
}
