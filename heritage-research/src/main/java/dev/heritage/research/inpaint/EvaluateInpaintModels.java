package dev.heritage.research.inpaint;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.heritage.api.Device;
import dev.heritage.api.ImageDecoder;
import dev.heritage.api.ImageSource;
import dev.heritage.api.Reconstructor;
import dev.heritage.api.model.ModelArtifact;
import dev.heritage.inpaint.ClusteredReconstructor;
import dev.heritage.inpaint.LearnedReconstructor;
import dev.heritage.inpaint.NavierStokesReconstructor;
import dev.heritage.inpaint.Reconstructors;
import dev.heritage.inpaint.TeleaReconstructor;
import dev.heritage.inpaint.evaluate.ReconstructionEvaluation;
import dev.heritage.inpaint.train.InpaintModelWriter;
import dev.heritage.inpaint.train.PaintingCollection;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Not a test: evaluates telea, ns, learned and clustered on the WikiArt validation split (the same
 * seeded masks, 5–30 %, for every method), prints the table, writes {@code metrics.json} and records
 * the validation metrics in both models' cards (re-sealing them).
 *
 * <pre>
 * J [-Dclustered=DIR] [-Dextra=NAME=DIR,...] [-Dnorecord=true] dev.heritage.research.inpaint.EvaluateInpaintModels \
 *     /work/shared/data/wikiart-10styles MODELS_DIR OUT_DIR [limit] [engine]
 * </pre>
 * {@code MODELS_DIR} holds {@code paintings-inpaint} (and {@code paintings-inpaint-clustered} unless
 * {@code -Dclustered} names it elsewhere).
 */
public final class EvaluateInpaintModels {
    private EvaluateInpaintModels() {}

    public static void main(String[] args) throws Exception {
        Path data = Path.of(args[0]);
        Path models = Path.of(args[1]);
        Path out = Path.of(args[2]);
        int limit = args.length > 3 ? Integer.parseInt(args[3]) : Integer.MAX_VALUE;
        String engine = args.length > 4 ? args[4] : "onnxruntime";
        boolean record = !Boolean.getBoolean("norecord");
        Files.createDirectories(out);
        PaintingCollection.Split split = PaintingCollection.read(data.resolve("metadata.csv"), "style")
                .split(PaintingCollection.DEFAULT_SEED, PaintingCollection.DEFAULT_VALIDATION_FRACTION, "style");
        List<Path> images = split.validation().stream()
                .limit(limit)
                .map(PaintingCollection.Item::image)
                .toList();
        ReconstructionEvaluation eval = ReconstructionEvaluation.defaults();
        Map<String, Reconstructor> methods = new LinkedHashMap<>();
        methods.put("telea", new TeleaReconstructor());
        methods.put("ns", new NavierStokesReconstructor());
        LearnedReconstructor learned = LearnedReconstructor.open(
                ModelArtifact.open(models.resolve("paintings-inpaint")),
                engine,
                Device.cpu(),
                LearnedReconstructor.defaultTiling());
        Path clusteredDir = Path.of(System.getProperty(
                "clustered", models.resolve("paintings-inpaint-clustered").toString()));
        ClusteredReconstructor clustered = ClusteredReconstructor.open(
                ModelArtifact.open(clusteredDir), engine, Device.cpu(), LearnedReconstructor.defaultTiling());
        methods.put("learned", learned);
        methods.put("clustered", clustered);
        // -Dextra=NAME=DIR,NAME=DIR adds model directories (ablations), reported but not recorded in the cards.
        String extra = System.getProperty("extra");
        List<Reconstructor> extras = new ArrayList<>();
        if (extra != null) {
            for (String item : extra.split(",")) {
                String[] kv = item.split("=", 2);
                Reconstructor x = Reconstructors.load(kv[1], engine);
                extras.add(x);
                methods.put(kv[0], x);
            }
        }
        ReconstructionEvaluation.Result r = eval.evaluate(images, methods, System.out::println);
        r.writeMetrics(out.resolve("metrics.json"));

        // Per cluster: the images each cluster receives, and both models' PSNR on them.
        int k = clustered.clustering().k();
        double[][] sums = new double[k][3];
        for (int i = 0; i < images.size(); i++) {
            BufferedImage img = ImageDecoder.decode(ImageSource.of(images.get(i)));
            String name = images.get(i).getFileName().toString();
            int c = clustered.route(
                    ReconstructionEvaluation.damage(img, eval.mask(name, img.getWidth(), img.getHeight())),
                    eval.mask(name, img.getWidth(), img.getHeight()));
            sums[c][0]++;
            sums[c][1] += r.methods().get("learned").psnr()[i];
            sums[c][2] += r.methods().get("clustered").psnr()[i];
        }
        Map<String, Object> perCluster = new LinkedHashMap<>();
        for (int c = 0; c < k; c++) {
            perCluster.put(
                    "cluster" + c,
                    Map.of(
                            "n",
                            (int) sums[c][0],
                            "learnedPsnrMask",
                            round(sums[c][1] / Math.max(1, sums[c][0])),
                            "clusteredPsnrMask",
                            round(sums[c][2] / Math.max(1, sums[c][0]))));
        }
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("data", "WikiArt 10-styles validation split (seed 42, 10 % stratified by style)");
        report.put("images", images.size());
        report.put(
                "masks",
                "MaskGenerator MIXED, coverage [" + eval.minCoverage() + ", " + eval.maxCoverage() + "], seed "
                        + eval.seed() + " mixed with each file name; damaged pixels blacked out");
        report.put("engine", engine);
        Map<String, Map<String, Object>> main = new LinkedHashMap<>(r.toMetrics());
        Map<String, Map<String, Object>> ablations = new LinkedHashMap<>();
        for (String name : List.copyOf(main.keySet())) {
            if (!List.of("telea", "ns", "learned", "clustered").contains(name)) {
                ablations.put(name, main.remove(name));
            }
        }
        report.put("methods", main);
        if (!ablations.isEmpty()) {
            report.put("ablations", ablations);
        }
        Map<String, Object> paired = new LinkedHashMap<>();
        paired.put("learned-telea", r.pairedPsnr("learned", "telea"));
        paired.put("clustered-telea", r.pairedPsnr("clustered", "telea"));
        paired.put("clustered-learned", r.pairedPsnr("clustered", "learned"));
        report.put("pairedPsnrMask", paired);
        report.put("perCluster", perCluster);
        Files.writeString(
                out.resolve("report.json"),
                new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(report));
        System.out.printf(Locale.ROOT, "%n%-10s %10s %8s %12s %5s%n", "method", "psnrMask", "ssim", "ms/MP", "n");
        r.methods()
                .forEach((name, s) -> System.out.printf(
                        Locale.ROOT,
                        "%-10s %10.3f %8.4f %12.1f %5d%n",
                        name,
                        s.meanPsnr(),
                        s.meanSsim(),
                        s.msPerMegapixel(),
                        s.psnr().length));
        System.out.println("paired PSNR differences: " + paired);
        System.out.println("per cluster: " + perCluster);
        learned.close();
        clustered.close();
        extras.forEach(Reconstructor::close);
        if (extra != null) {
            report.put("extra", extra);
            Map<String, Object> more = new LinkedHashMap<>();
            for (String item : extra.split(",")) {
                String name = item.split("=", 2)[0];
                more.put(name + "-telea", r.pairedPsnr(name, "telea"));
            }
            if (r.methods().containsKey("scratch-single") && r.methods().containsKey("scratch-clustered")) {
                more.put("scratch-clustered-scratch-single", r.pairedPsnr("scratch-clustered", "scratch-single"));
            }
            report.put("pairedPsnrMaskAblations", more);
            Files.writeString(
                    out.resolve("report.json"),
                    new ObjectMapper()
                            .enable(SerializationFeature.INDENT_OUTPUT)
                            .writeValueAsString(report));
            System.out.println("ablations: " + more);
        }
        if (record) {
            for (Path dir : List.of(models.resolve("paintings-inpaint"), clusteredDir)) {
                Map<String, Object> cardReport = new LinkedHashMap<>(report);
                cardReport.remove("extra");
                InpaintModelWriter.putProperty(dir, "metrics", Map.of("validation", cardReport));
            }
            System.out.println("recorded the metrics in both cards");
        }
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
