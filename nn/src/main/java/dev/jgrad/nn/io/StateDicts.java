package dev.jgrad.nn.io;

import dev.jgrad.nn.LoadReport;
import dev.jgrad.nn.Module;
import dev.jgrad.nn.Strictness;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * A module's parameters to and from a safetensors file, under PyTorch's keys: a file saved here
 * loads into the same architecture in PyTorch with
 * {@code model.load_state_dict(safetensors.torch.load_file(path))}, and the reverse.
 */
public final class StateDicts {
    /** Written to {@code __metadata__}: the tensor layout is PyTorch's, which Hugging Face tools check for. */
    public static final Map<String, String> METADATA = Map.of("format", "pt");

    private StateDicts() {}

    /** Saves {@code module.stateDict()} atomically to {@code file}. */
    public static void save(Module module, Path file) throws IOException {
        SafeTensors.save(module.stateDict(), METADATA, file);
    }

    /** Loads {@code file} into {@code module} (see {@link Module#loadStateDict} for strictness). */
    public static LoadReport load(Module module, Path file, Strictness strictness) throws IOException {
        return module.loadStateDict(SafeTensors.load(file).tensors(), strictness);
    }
}
