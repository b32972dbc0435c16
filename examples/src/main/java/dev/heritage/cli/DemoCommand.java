package dev.heritage.cli;

import dev.heritage.api.AnnotationResult;
import dev.heritage.api.Annotator;
import dev.heritage.api.AnnotatorOptions;
import dev.heritage.api.Asset;
import dev.heritage.api.ImageSource;
import dev.heritage.api.model.ModelZoos;
import dev.heritage.classify.Annotators;
import java.util.LinkedHashMap;
import java.util.Map;
import dev.heritage.api.Mask;
import dev.heritage.api.Reconstruction;
import dev.heritage.api.Reconstructor;
import dev.heritage.api.image.ImageDecoder;
import dev.heritage.inpaint.MaskGenerator;
import dev.heritage.inpaint.ReconstructionMetrics;
import dev.heritage.inpaint.Reconstructors;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code heritage demo}: runs Heritage on the bundled public-domain paintings and writes a report a
 * person can read ({@code report.html}) with every image beside it.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Runs Heritage on bundled public-domain paintings and writes an HTML report.")
final class DemoCommand implements Callable<Integer> {
    private static final String SAMPLES = "demo/";
    private static final long MASK_SEED = 1893L;
    private static final String ANNOTATOR = "paintings-multitask";
    /** The colour painted into damaged areas: old paper. */
    private static final int DAMAGE_RGB = 0xF2EDE3;

    @Option(names = "--output", defaultValue = "target/demo", description = "Folder for the report (default ${DEFAULT-VALUE}).")
    Path output;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    /** One bundled sample. */
    record Sample(String id, String file, String artist, String title, String year, String licence) {
    }

    /** One reconstruction for the report. */
    record Row(Sample sample, double coverage, String method, double psnr, double ssim, double ms, double damagedPsnr) {
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        List<Sample> samples = samples();
        List<Row> rows = new ArrayList<>();
        for (Sample s : samples) {
            BufferedImage original = ImageDecoder.decode(ImageSource.of(resource(s.file()), s.file()));
            Mask mask = MaskGenerator.mixed().generate(MASK_SEED + s.id().hashCode(), original.getWidth(),
                    original.getHeight(), 0.08, 0.18);
            BufferedImage damaged = damage(original, mask);
            AtomicOutput.writePng(output.resolve(s.id() + "-original.png"), original);
            AtomicOutput.writePng(output.resolve(s.id() + "-damaged.png"), damaged);
            AtomicOutput.writePng(output.resolve(s.id() + "-mask.png"), mask.toImage());
            for (String method : Reconstructors.classicalNames()) {
                try (Reconstructor r = Reconstructors.classical(method)) {
                    Path damagedFile = output.resolve(s.id() + "-damaged.png");
                    Reconstruction rec = r.reconstruct(ImageSource.of(damagedFile), mask);
                    Path png = output.resolve(s.id() + "-" + method + ".png");
                    ReconstructCommand.write(rec, damagedFile, output.resolve(s.id() + "-mask.png"), png,
                            output.resolve(s.id() + "-" + method + "-overlay.png"));
                    Row row = new Row(s, mask.coverage(), method, ReconstructionMetrics.psnr(original, rec.image(), mask),
                            ReconstructionMetrics.ssim(original, rec.image(), mask), rec.elapsed().toNanos() / 1e6,
                            ReconstructionMetrics.psnr(original, damaged, mask));
                    rows.add(row);
                    out.printf(Locale.ROOT, "%-34s %-6s damage %4.1f%%  PSNR in mask %5.2f dB (damaged %5.2f dB)  SSIM %.3f  %6.0f ms%n",
                            s.id(), method, 100 * row.coverage(), row.psnr(), row.damagedPsnr(), row.ssim(), row.ms());
                }
            }
        }
        Map<String, List<AnnotationResult>> annotations = annotate(samples, out);
        Path report = output.resolve("report.html");
        AtomicOutput.writeString(report, DemoReport.html(rows, annotations));
        out.println("Report: " + report.toAbsolutePath());
        return HeritageCli.OK;
    }

    /**
     * Annotates every sample twice — from the image alone, then from the image and its title — with
     * the zoo annotator, when this build has it.
     *
     * @return results per sample id (image only, image + title); empty when there is no annotator
     */
    private Map<String, List<AnnotationResult>> annotate(List<Sample> samples, PrintWriter out) throws Exception {
        Map<String, List<AnnotationResult>> results = new LinkedHashMap<>();
        if (ModelZoos.models().stream().noneMatch(c -> c.id().equals(ANNOTATOR))) {
            out.println("No annotator model in this build: the report shows reconstructions only.");
            return results;
        }
        try (Annotator annotator = Annotators.load(ANNOTATOR, AnnotatorOptions.builder().engine("onnxruntime").build())) {
            for (Sample s : samples) {
                ImageSource image = ImageSource.of(resource(s.file()), s.file());
                AnnotationResult alone = annotator.annotate(Asset.builder(s.id()).image(image).build());
                AnnotationResult titled = annotator.annotate(Asset.builder(s.id()).image(image)
                        .field("title", s.title()).build());
                results.put(s.id(), List.of(alone, titled));
                for (AnnotationResult r : List.of(alone, titled)) {
                    StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-34s from %-13s",
                            s.id(), String.join("+", r.inputsUsed())));
                    r.predictions().values().forEach(p -> line.append(String.format(Locale.ROOT, "  %s: %s (%.2f%s)",
                            p.field(), p.value(), p.confidence(), p.needsReview() ? ", review" : "")));
                    out.println(line);
                }
            }
        }
        return results;
    }

    private static BufferedImage damage(BufferedImage original, Mask mask) {
        BufferedImage d = new BufferedImage(original.getWidth(), original.getHeight(), BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < d.getHeight(); y++) {
            for (int x = 0; x < d.getWidth(); x++) {
                d.setRGB(x, y, mask.isDamaged(x, y) ? DAMAGE_RGB : original.getRGB(x, y));
            }
        }
        return d;
    }

    static List<Sample> samples() throws IOException {
        List<Sample> list = new ArrayList<>();
        for (com.fasterxml.jackson.databind.JsonNode n : ReconstructCommand.JSON.readTree(resource("samples.json"))
                .path("samples")) {
            list.add(new Sample(n.path("id").asText(), n.path("image").asText(), n.path("artist").asText(),
                    n.path("title").asText(), n.path("year").asText(), n.path("licence").asText()));
        }
        return list;
    }

    static byte[] resource(String name) throws IOException {
        try (InputStream in = DemoCommand.class.getResourceAsStream(SAMPLES + name)) {
            if (in == null) {
                throw new IOException("Bundled demo file " + SAMPLES + name + " is missing from the jar");
            }
            return in.readAllBytes();
        }
    }
}
