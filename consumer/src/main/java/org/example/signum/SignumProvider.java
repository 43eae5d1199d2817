package org.example.signum;

import dev.jgrad.optim.OptimizerProvider;
import dev.jgrad.optim.OptimizerRegistry.Column;
import dev.jgrad.optim.OptimizerRegistry;

import java.util.List;

/**
 * Makes {@link Signum} known to jgrad's tools: named in this jar's
 * {@code META-INF/services/dev.jgrad.optim.OptimizerProvider}, so that
 * {@code java -cp jgrad-consumer.jar:jgrad.jar dev.jgrad.cli.Main explain --optimizer signum ...} finds it.
 */
public final class SignumProvider implements OptimizerProvider {

    @Override
    public List<OptimizerRegistry.Entry<?>> optimizers() {
        return List.of(OptimizerRegistry.Entry.of("Signum", Signum.class, Signum.Options.class, Signum.Options.DEFAULTS,
                        Signum::new)
                .withBox(Signum.BOX)
                .withColumns(new Column("g", "g (1,2)"), new Column("m", "m (3)"), new Column("theta", "θ (4)")));
    }
}
