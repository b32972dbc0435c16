package dev.heritage.research.inpaint;

import dev.heritage.api.ImageSource;
import dev.heritage.inpaint.Clustering;
import dev.heritage.inpaint.GatedUNet;
import dev.heritage.inpaint.ImageDescriptors;
import dev.heritage.inpaint.KMeans;
import dev.heritage.inpaint.train.InpaintModelWriter;
import dev.heritage.inpaint.train.InpaintTrainer;
import dev.heritage.inpaint.train.InpaintTrainingConfig;
import dev.heritage.inpaint.train.PaintingCollection;
import dev.heritage.inpaint.train.TrainingImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Not a test: trains the zoo's inpainting models on the WikiArt subset and writes their model
 * directories. Every phase checkpoints into its own folder under the work folder, so running the same
 * command again after a crash resumes where it stopped (finished phases are skipped).
 *
 * <p>How the zoo models were made (about 38 minutes on 2 shared cores; {@code J} runs a class with the
 * module's test class path, PyTorch on one thread: see {@code TRAINING.md} beside the models):
 * <pre>
 * W=/work/main/target/inpaint-train/refiner; D=/work/shared/data/wikiart-10styles
 * J -Dphase=a             dev.heritage.research.inpaint.TrainInpaintModels $D $W     # 24 min
 * J -Dphase=b-single      dev.heritage.research.inpaint.TrainInpaintModels $D $W &   # these two in
 * J -Dphase=b-clustered   dev.heritage.research.inpaint.TrainInpaintModels $D $W     # parallel, 9.5 min
 * J -Dphase=all           dev.heritage.research.inpaint.TrainInpaintModels $D $W heritage-inpaint/src/main/resources/heritage/models
 * </pre>
 * Any of these, run again after a crash, resumes from the last checkpoint of its phase.
 *
 * Phases: (1) split, decode; (2) descriptors and k-means; (3) the single model, {@code A} steps;
 * (4a) the single model continued for {@code B} steps; (4b) the cluster-conditioned model, initialised
 * from (3), {@code B} steps: the same compute as (4a), the only difference being the cluster input;
 * (5) export both. System properties: {@code steps.a}, {@code seconds.a}, {@code steps.b},
 * {@code seconds.b}, {@code k}, {@code limit} (images, for smoke runs).
 */
public final class TrainInpaintModels {
    private TrainInpaintModels() {}

    public static void main(String[] args) throws Exception {
        Path data = Path.of(args[0]);
        Path work = Path.of(args[1]);
        Path output = args.length > 2 ? Path.of(args[2]) : null;
        int stepsA = Integer.getInteger("steps.a", 3000);
        double secondsA = Double.parseDouble(System.getProperty("seconds.a", "1440"));
        int stepsB = Integer.getInteger("steps.b", 800);
        double secondsB = Double.parseDouble(System.getProperty("seconds.b", "570"));
        int k = Integer.getInteger("k", 5);
        int limit = Integer.getInteger("limit", Integer.MAX_VALUE);
        long wall0 = System.nanoTime();
        Files.createDirectories(work);

        PaintingCollection collection = PaintingCollection.read(data.resolve("metadata.csv"), "style");
        PaintingCollection.Split split = collection.split(
                PaintingCollection.DEFAULT_SEED, PaintingCollection.DEFAULT_VALIDATION_FRACTION, "style");
        System.out.printf(
                Locale.ROOT,
                "split: %d train, %d validation%n",
                split.train().size(),
                split.validation().size());
        List<PaintingCollection.Item> trainItems =
                split.train().subList(0, Math.min(limit, split.train().size()));
        List<PaintingCollection.Item> valItems = split.validation()
                .subList(
                        0, Math.min(Math.max(16, limit / 10), split.validation().size()));
        List<TrainingImage> train = decode(trainItems);
        List<TrainingImage> validation = decode(valItems);
        System.out.printf(
                Locale.ROOT,
                "decoded %d + %d images in %.1f s%n",
                train.size(),
                validation.size(),
                (System.nanoTime() - wall0) / 1e9);

        // Clusters on the training images' descriptors.
        Path clusterFile = work.resolve("clusters").resolve(Clustering.FILE_NAME);
        List<double[]> descriptors = new ArrayList<>();
        for (TrainingImage t : train) {
            descriptors.add(ImageDescriptors.describe(t.toImage(), null));
        }
        Clustering clustering = KMeans.of(k, PaintingCollection.DEFAULT_SEED).fit(descriptors);
        Files.createDirectories(clusterFile.getParent());
        clustering.write(clusterFile);
        System.out.println("clusters: " + clustering);
        Map<String, int[]> styleByCluster = new TreeMap<>();
        List<TrainingImage> trainConditioned = new ArrayList<>();
        for (int i = 0; i < train.size(); i++) {
            int c = clustering.nearest(descriptors.get(i));
            trainConditioned.add(train.get(i).withCondition(c));
            styleByCluster.computeIfAbsent(trainItems.get(i).label(), s -> new int[k])[c]++;
        }
        styleByCluster.forEach(
                (s, counts) -> System.out.printf(Locale.ROOT, "  %-26s %s%n", s, Arrays.toString(counts)));
        List<TrainingImage> validationConditioned = new ArrayList<>();
        for (TrainingImage v : validation) {
            validationConditioned.add(
                    v.withCondition(clustering.nearest(ImageDescriptors.describe(v.toImage(), null))));
        }

        String phase = System.getProperty("phase", "all");
        GatedUNet arch = GatedUNet.DEFAULT;
        InpaintTrainingConfig configA = InpaintTrainingConfig.defaults(arch, stepsA, secondsA);
        InpaintTrainer.Result a = new InpaintTrainer(configA)
                .train(train, validation, null, work.resolve("single-a"), TrainInpaintModels::print);
        System.out.printf(
                Locale.ROOT, "phase A: best step %d of %d, %.0f s%n", a.bestStep(), a.stepsDone(), a.seconds());

        if (phase.equals("a")) {
            return;
        }
        InpaintTrainingConfig configB =
                configA.withSchedule(stepsB, secondsB, 7e-4f, 50).with(arch, 43L);
        InpaintTrainer.Result b1 = null;
        if (!phase.equals("b-clustered")) {
            b1 = new InpaintTrainer(configB)
                    .train(train, validation, a.weights(), work.resolve("single-b"), TrainInpaintModels::print);
            System.out.printf(
                    Locale.ROOT,
                    "phase B single: best step %d of %d, %.0f s%n",
                    b1.bestStep(),
                    b1.stepsDone(),
                    b1.seconds());
        }
        GatedUNet conditioned = arch.withConditionChannels(k);
        InpaintTrainingConfig configC = configB.with(conditioned, 43L);
        InpaintTrainer.Result b2 = null;
        if (!phase.equals("b-single")) {
            b2 = new InpaintTrainer(configC)
                    .train(
                            trainConditioned,
                            validationConditioned,
                            a.weights(),
                            work.resolve("clustered-b"),
                            TrainInpaintModels::print);
            System.out.printf(
                    Locale.ROOT,
                    "phase B clustered: best step %d of %d, %.0f s%n",
                    b2.bestStep(),
                    b2.stepsDone(),
                    b2.seconds());
        }
        if (b1 == null || b2 == null) {
            return;
        }
        System.out.printf(
                Locale.ROOT, "training wall time (this invocation): %.1f min%n", (System.nanoTime() - wall0) / 60e9);

        if (output != null) {
            Map<String, Object> provenance = provenance(split, data);
            InpaintModelWriter.Description single = new InpaintModelWriter.Description(
                    "paintings-inpaint",
                    "1.0.0",
                    "Learned inpainting of damaged paintings: a small U-Net of gated convolutions that refines a"
                            + " classical fill. Inputs: RGB with the damage zeroed and the mask (4 channels), and the"
                            + " image filled by Telea's method (3 channels); output: a residual correction added to"
                            + " that fill. Trained on WikiArt paintings with realistic synthetic damage (brush"
                            + " losses, scratches, blotches, missing pieces), L1 loss inside the mask.",
                    provenance,
                    List.of(configA.toCard(), configB.toCard()),
                    List.of(a.curve(), b1.curve()));
            InpaintModelWriter.write(output.resolve("paintings-inpaint"), single, b1, null);
            InpaintModelWriter.Description clustered = new InpaintModelWriter.Description(
                    "paintings-inpaint-clustered",
                    "1.0.0",
                    "Clustering-based inpainting after Belhi et al. (2023): paintings are grouped by k-means on colour"
                            + " and texture descriptors (k=" + k + "); a damaged image is routed to its nearest"
                            + " centroid (intact pixels only) and inpainted by the gated U-Net (a refiner of the"
                            + " Telea fill) conditioned on that cluster (one-hot input channels), fine-tuned from"
                            + " the single model with the same compute as the single model's own continuation.",
                    provenance,
                    List.of(configA.toCard(), configC.toCard()),
                    List.of(a.curve(), b2.curve()));
            InpaintModelWriter.write(output.resolve("paintings-inpaint-clustered"), clustered, b2, clustering);
            System.out.println("wrote " + output);
        }
    }

    private static void print(InpaintTrainer.Point p) {
        System.out.printf(
                Locale.ROOT,
                "  step %5d  loss %.4f  val L1 %.4f  val PSNR %.3f  lr %.2e  %.0f s%n",
                p.step(),
                p.trainLoss(),
                p.validationL1(),
                p.validationPsnr(),
                p.learningRate(),
                p.seconds());
    }

    static Map<String, Object> provenance(PaintingCollection.Split split, Path data) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("dataset", "WikiArt 10-styles subset (8,869 paintings at 224x224, 10 styles), " + data.getFileName());
        m.put(
                "dataLicence",
                "WikiArt images are for non-commercial research and educational use only; copyright"
                        + " of individual works varies.");
        m.put("split", split.toCard());
        return m;
    }

    static List<TrainingImage> decode(List<PaintingCollection.Item> items) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<TrainingImage>> futures = new ArrayList<>();
            for (PaintingCollection.Item item : items) {
                futures.add(pool.submit(() -> TrainingImage.decode(item.id(), ImageSource.of(item.image()))));
            }
            List<TrainingImage> out = new ArrayList<>();
            for (Future<TrainingImage> f : futures) {
                out.add(f.get());
            }
            return out;
        } finally {
            pool.shutdown();
        }
    }
}
