package dev.heritage.research.inpaint;

import dev.heritage.inpaint.Clustering;
import dev.heritage.inpaint.GatedUNet;
import dev.heritage.inpaint.ImageDescriptors;
import dev.heritage.inpaint.KMeans;
import dev.heritage.inpaint.train.InpaintModelWriter;
import dev.heritage.inpaint.train.InpaintTrainer;
import dev.heritage.inpaint.train.InpaintTrainingConfig;
import dev.heritage.inpaint.train.PaintingCollection;
import dev.heritage.inpaint.train.TrainingImage;
import dev.heritage.inpaint.train.WeightsFile;
import dev.heritage.network.NetworkWeights;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Not a test: the clustering experiment in the regime where the network still learns, i.e. from the
 * from-scratch U-Net ({@link GatedUNet#FROM_SCRATCH}) of an earlier run: continued for {@code steps}
 * steps either plainly or conditioned on the k-means cluster (the same steps, data stream and schedule),
 * then both exported for evaluation.
 *
 * <pre>ClusterAblation DATA SCRATCH_BEST_WEIGHTS WORK OUT single|clustered [steps]</pre>
 */
public final class ClusterAblation {
    public static void main(String[] args) throws Exception {
        Path data = Path.of(args[0]);
        Path start = Path.of(args[1]);
        Path work = Path.of(args[2]);
        Path out = Path.of(args[3]);
        boolean clustered = args[4].equals("clustered");
        int steps = args.length > 5 ? Integer.parseInt(args[5]) : 800;
        int k = 5;
        PaintingCollection.Split split = PaintingCollection.read(data.resolve("metadata.csv"), "style")
                .split(PaintingCollection.DEFAULT_SEED, PaintingCollection.DEFAULT_VALIDATION_FRACTION, "style");
        List<TrainingImage> train = TrainInpaintModels.decode(split.train());
        List<TrainingImage> validation = TrainInpaintModels.decode(split.validation());
        List<double[]> descriptors = new ArrayList<>();
        for (TrainingImage t : train) {
            descriptors.add(ImageDescriptors.describe(t.toImage(), null));
        }
        Clustering clustering = KMeans.of(k, PaintingCollection.DEFAULT_SEED).fit(descriptors);
        GatedUNet arch = GatedUNet.FROM_SCRATCH;
        NetworkWeights initial = WeightsFile.read(start, arch.graph(128, 128));
        if (clustered) {
            List<TrainingImage> t2 = new ArrayList<>();
            for (int i = 0; i < train.size(); i++) {
                t2.add(train.get(i).withCondition(clustering.nearest(descriptors.get(i))));
            }
            train = t2;
            List<TrainingImage> v2 = new ArrayList<>();
            for (TrainingImage v : validation) {
                v2.add(v.withCondition(clustering.nearest(ImageDescriptors.describe(v.toImage(), null))));
            }
            validation = v2;
            arch = arch.withConditionChannels(k);
        }
        InpaintTrainingConfig config = InpaintTrainingConfig.defaults(arch, steps, 1500)
                .withSchedule(steps, 1500, 7e-4f, 50)
                .with(arch, 43L);
        InpaintTrainer.Result r = new InpaintTrainer(config)
                .train(
                        train,
                        validation,
                        initial,
                        work.resolve(clustered ? "scratch-b-clustered" : "scratch-b-single"),
                        p -> System.out.printf(
                                Locale.ROOT,
                                "  step %5d  loss %.4f  val L1 %.4f  val PSNR %.3f  %.0f s%n",
                                p.step(),
                                p.trainLoss(),
                                p.validationL1(),
                                p.validationPsnr(),
                                p.seconds()));
        System.out.printf(Locale.ROOT, "best step %d of %d, %.0f s%n", r.bestStep(), r.stepsDone(), r.seconds());
        String id = clustered ? "ablation-scratch-clustered" : "ablation-scratch-single";
        InpaintModelWriter.write(
                out.resolve(id),
                new InpaintModelWriter.Description(
                        id,
                        "0.0.0",
                        "Ablation: from-scratch U-Net continued " + steps + " steps"
                                + (clustered ? ", cluster-conditioned" : ""),
                        Map.of(),
                        List.of(config.toCard()),
                        List.of(r.curve())),
                r,
                clustered ? clustering : null);
        System.out.println("wrote " + out.resolve(id));
    }
}
