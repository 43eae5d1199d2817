import dev.jgrad.optim.*; import dev.jgrad.tensor.*; import java.util.*; import java.nio.file.*;
public class Gen { public static void main(String[] a) throws Exception {
  Tensor p = Tensor.of(new double[]{0.5, -1.25, 2.0}, 3).requiresGrad(true);
  Tensor q = Tensor.of(new float[]{0.5f, -1.25f}, 2).requiresGrad(true);
  var adam = new AdamW(List.of(p, q), AdamOptions.adamWDefaults().withAmsgrad(true));
  var sgd = new SGD(List.of(p.detach().requiresGrad(true)), SgdOptions.of(0.1).withMomentum(0.9));
  for (int s = 0; s < 3; s++) {
    p.setGrad(Tensor.of(new double[]{0.1*s+0.1, -0.2, 0.3}, 3)); q.setGrad(Tensor.of(new float[]{0.25f, -0.5f*s}, 2));
    adam.step();
    var sp = sgd.paramGroups().get(0).params().get(0); sp.setGrad(Tensor.of(new double[]{0.1*s+0.1, -0.2, 0.3}, 3)); sgd.step();
  }
  Files.writeString(Path.of(a[0], "adamw-v1.json"), StateFiles.toJson(adam.stateDict()));
  Files.writeString(Path.of(a[0], "sgd-v1.json"), StateFiles.toJson(sgd.stateDict()));
}}
