package dev.heritage.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.heritage.api.AnnotationResult;
import dev.heritage.api.Annotator;
import dev.heritage.api.AnnotatorOptions;
import dev.heritage.api.Asset;
import dev.heritage.api.ImageDecoder;
import dev.heritage.api.ImageSource;
import dev.heritage.api.Mask;
import dev.heritage.api.ModelCard;
import dev.heritage.api.ModelKind;
import dev.heritage.api.Reconstruction;
import dev.heritage.api.Reconstructor;
import dev.heritage.api.io.AtomicFiles;
import dev.heritage.api.model.ModelZoos;
import dev.heritage.classify.Annotators;
import dev.heritage.inpaint.MaskGenerator;
import dev.heritage.inpaint.ReconstructionMetrics;
import dev.heritage.inpaint.Reconstructors;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code heritage demo}: runs Heritage on the bundled public-domain paintings and writes a report a
 * person can read ({@code report.html}) with every image beside it.
 */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        description = "Runs Heritage on bundled public-domain paintings and writes an HTML report.")
final class DemoCommand implements Callable<Integer> {
    private static final String SAMPLES = "demo/";
    private static final long MASK_SEED = 1893L;
    private static final String ANNOTATOR = "paintings-multitask";
    /** The colour painted into damaged areas: old paper. */
    private static final int DAMAGE_RGB = 0xF2EDE3;

    @Option(
            names = "--output",
            defaultValue = "target/demo",
            description = "Folder for the report (default ${DEFAULT-VALUE}).")
    Path output;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    /** One bundled sample. */
    record Sample(
            String id,
            String file,
            String artist,
            String title,
            String year,
            String date,
            String style,
            String licence) {}

    /** One reconstruction for the report. */
    record Row(
            Sample sample, double coverage, String method, double psnr, double ssim, double ms, double damagedPsnr) {}

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        List<Sample> samples = samples();
        List<Row> rows = new ArrayList<>();
        Map<String, List<HtmlReport.Figure>> figures = new LinkedHashMap<>();
        for (Sample s : samples) {
            BufferedImage original = ImageDecoder.decode(ImageSource.of(resource(s.file()), s.file()));
            Mask mask = MaskGenerator.mixed()
                    .generate(MASK_SEED + s.id().hashCode(), original.getWidth(), original.getHeight(), 0.08, 0.18);
            BufferedImage damaged = damage(original, mask);
            AtomicFiles.writeImage(output.resolve(s.id() + "-original.png"), original, "png");
            AtomicFiles.writeImage(output.resolve(s.id() + "-damaged.png"), damaged, "png");
            AtomicFiles.writeImage(output.resolve(s.id() + "-mask.png"), mask.toImage(), "png");
            List<HtmlReport.Figure> shown = new ArrayList<>();
            shown.add(HtmlReport.thumbnail(original, "original", s.id() + "-original.png"));
            shown.add(HtmlReport.thumbnail(damaged, "damaged", s.id() + "-damaged.png"));
            for (String method : reconstructionMethods()) {
                try (Reconstructor r = Reconstructors.load(method)) {
                    Path damagedFile = output.resolve(s.id() + "-damaged.png");
                    Reconstruction rec = r.reconstruct(ImageSource.of(damagedFile), mask);
                    String png = s.id() + "-" + method + ".png";
                    String overlay = s.id() + "-" + method + "-overlay.png";
                    ReconstructCommand.write(
                            rec,
                            damagedFile,
                            output.resolve(s.id() + "-mask.png"),
                            output.resolve(png),
                            output.resolve(overlay));
                    shown.add(HtmlReport.thumbnail(rec.image(), "reconstructed: " + method, png));
                    shown.add(HtmlReport.thumbnail(
                            ImageDecoder.decode(ImageSource.of(output.resolve(overlay))),
                            "synthesised pixels: " + method,
                            overlay));
                    Row row = new Row(
                            s,
                            mask.coverage(),
                            method,
                            ReconstructionMetrics.psnr(original, rec.image(), mask),
                            ReconstructionMetrics.ssim(original, rec.image(), mask),
                            rec.elapsed().toNanos() / 1e6,
                            ReconstructionMetrics.psnr(original, damaged, mask));
                    rows.add(row);
                    out.printf(
                            Locale.ROOT,
                            "%-34s %-17s damage %4.1f%%  PSNR in mask %5.2f dB (damaged %5.2f dB)  SSIM %.3f  %6.0f ms%n",
                            s.id(),
                            method,
                            100 * row.coverage(),
                            row.psnr(),
                            row.damagedPsnr(),
                            row.ssim(),
                            row.ms());
                }
            }
            figures.put(s.id(), shown);
        }
        Optional<ModelCard> annotatorCard = ModelZoos.models().stream()
                .filter(c -> c.id().equals(ANNOTATOR))
                .findFirst();
        List<String> styles = annotatorCard.map(DemoCommand::styles).orElse(List.of());
        Map<String, List<AnnotationResult>> annotations = Map.of();
        List<String> timings = new ArrayList<>();
        if (annotatorCard.isPresent()) {
            annotations = annotate(samples, styles, out, timings);
        } else {
            out.println("No annotator model in this build: the report shows reconstructions only.");
        }
        Path report = output.resolve("report.html");
        AtomicFiles.writeString(report, HtmlReport.render(page(samples, rows, figures, annotations, styles, timings)));
        out.println("Report: " + report.toAbsolutePath());
        return HeritageCli.OK;
    }

    /**
     * The methods the demo shows: every classical one, then every reconstructor model of the zoo in this
     * build (the learned ones, compared with Telea on the same masks).
     */
    static List<String> reconstructionMethods() {
        List<String> methods = new ArrayList<>(Reconstructors.classicalNames());
        ModelZoos.models().stream()
                .filter(c -> c.kind() == ModelKind.RECONSTRUCTOR)
                .map(ModelCard::id)
                .sorted()
                .forEach(methods::add);
        return methods;
    }

    /** The report: per painting its predictions (image alone, then with the title) and its reconstructions. */
    static HtmlReport.Page page(
            List<Sample> samples,
            List<Row> rows,
            Map<String, List<HtmlReport.Figure>> figures,
            Map<String, List<AnnotationResult>> annotations,
            List<String> styles,
            List<String> timings) {
        List<HtmlReport.Entry> entries = new ArrayList<>();
        for (Sample s : samples) {
            HtmlReport.Entry.Builder e = HtmlReport.Entry.builder(s.id())
                    .heading(s.title())
                    .subheading(s.artist() + (s.date().isEmpty() ? "" : ", " + s.date()));
            List<HtmlReport.Figure> shown = figures.getOrDefault(s.id(), List.of());
            if (!shown.isEmpty()) {
                e.thumbnail(shown.get(0));
                shown.subList(1, shown.size()).forEach(e::figure);
            }
            for (AnnotationResult r : annotations.getOrDefault(s.id(), List.of())) {
                Map<String, HtmlReport.Shown> predictions = new LinkedHashMap<>();
                r.predictions().values().forEach(p -> predictions.put(p.field(), HtmlReport.Shown.of(p)));
                e.column(new HtmlReport.Column("from " + String.join(" + ", r.inputsUsed()), predictions));
            }
            if (annotations.containsKey(s.id())) {
                e.truth("style", s.style().isEmpty() ? "(not recorded)" : s.style())
                        .truth("artist", s.artist());
                if (!s.year().isEmpty()) {
                    int year = Integer.parseInt(s.year());
                    e.truth("decade", (year / 10 * 10) + "s").truth("century", (year / 100 + 1) + "th century");
                }
            }
            List<HtmlReport.MetricRow> metrics = new ArrayList<>();
            double coverage = 0;
            double damagedPsnr = 0;
            for (Row r : rows) {
                if (r.sample().id().equals(s.id())) {
                    metrics.add(new HtmlReport.MetricRow(r.method(), r.psnr(), r.ssim(), r.ms()));
                    coverage = r.coverage();
                    damagedPsnr = r.damagedPsnr();
                }
            }
            if (!metrics.isEmpty()) {
                e.metrics(new HtmlReport.Metrics(coverage, damagedPsnr, metrics));
            }
            entries.add(e.note("Licence of the file: " + s.licence()).build());
        }
        List<String> intro = new ArrayList<>();
        intro.add("Each bundled public-domain painting was annotated by the zoo model paintings-multitask twice: from"
                + " the image alone, then from the image and its title. Bars show calibrated confidence;"
                + " predictions below the field's review threshold are flagged for review.");
        if (!styles.isEmpty()) {
            intro.add("The model knows " + styles.size() + " styles, those of its WikiArt training set: "
                    + String.join(", ", styles) + ". The first paintings here lie outside them (Expressionism,"
                    + " Post-Impressionism): their style, and with it artist and decade, cannot be right, and the"
                    + " answers should be flagged for review. The woodblock prints and the Impressionist paintings"
                    + " lie inside them.");
        }
        intro.addAll(timings);
        intro.add("Each painting was then damaged with a seeded, realistic mask (strokes, scratches, blotches, losses)"
                + " and reconstructed. Only the damaged pixels were synthesised; every other pixel is the"
                + " input pixel, bit for bit. The overlay marks what was made up. Click an image for the"
                + " full-size file.");
        return new HtmlReport.Page("Heritage demo", intro, entries, 0);
    }

    /** The annotator's style classes (none when it has no style task). */
    private static List<String> styles(ModelCard card) {
        return card.tasks().stream()
                .filter(t -> t.name().equals("style"))
                .findFirst()
                .map(t -> t.labels())
                .orElse(List.of());
    }

    /**
     * Annotates every sample twice — from the image alone, then from the image and its title — with
     * the zoo annotator, which this build has; then times it on all the images at once, image alone
     * (the calls before it warmed it up, so loading is not counted).
     *
     * @param styles the annotator's style classes, named on the console
     * @param timings receives the timing sentence for the report's introduction
     * @return results per sample id (image only, image + title)
     */
    private Map<String, List<AnnotationResult>> annotate(
            List<Sample> samples, List<String> styles, PrintWriter out, List<String> timings) throws Exception {
        Map<String, List<AnnotationResult>> results = new LinkedHashMap<>();
        out.println(
                "Annotating with " + ANNOTATOR + "; the styles it knows: " + String.join(", ", styles)
                        + ". A painting in another style, or an image that is not a painting, is answered outside those styles or flagged for review.");
        List<Asset> images = new ArrayList<>();
        try (Annotator annotator =
                Annotators.load(ANNOTATOR, AnnotatorOptions.builder().build())) {
            for (Sample s : samples) {
                ImageSource image = ImageSource.of(resource(s.file()), s.file());
                Asset imageOnly = Asset.builder(s.id()).image(image).build();
                images.add(imageOnly);
                AnnotationResult alone = annotator.annotate(imageOnly);
                AnnotationResult titled = annotator.annotate(Asset.builder(s.id())
                        .image(image)
                        .field("title", s.title())
                        .build());
                results.put(s.id(), List.of(alone, titled));
                for (AnnotationResult r : List.of(alone, titled)) {
                    out.println(line(r));
                }
            }
            long t0 = System.nanoTime();
            annotator.annotate(images);
            double ms = (System.nanoTime() - t0) / 1e6 / images.size();
            String sentence = String.format(
                    Locale.ROOT,
                    "Timing on this machine: %s answered %d images in one call, image alone, in %.1f ms per image"
                            + " (already warm; docs/PERFORMANCE.md has the benchmarks).",
                    ANNOTATOR,
                    images.size(),
                    ms);
            out.println(sentence);
            timings.add(sentence);
        }
        return results;
    }

    private static String line(AnnotationResult r) {
        StringBuilder line = new StringBuilder(
                String.format(Locale.ROOT, "%-34s from %-13s", r.assetId(), String.join("+", r.inputsUsed())));
        r.predictions()
                .values()
                .forEach(p -> line.append(String.format(
                        Locale.ROOT,
                        "  %s: %s%s (%.2f%s)",
                        p.field(),
                        p.outside() ? "outside (nearest " : "",
                        p.value() + (p.outside() ? ")" : ""),
                        p.confidence(),
                        p.needsReview() ? ", review" : "")));
        return line.toString();
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
        for (JsonNode n :
                ReconstructCommand.JSON.readTree(resource("samples.json")).path("samples")) {
            String year = n.path("year").asText();
            list.add(new Sample(
                    n.path("id").asText(),
                    n.path("image").asText(),
                    n.path("artist").asText(),
                    n.path("title").asText(),
                    year,
                    n.path("date").asText(year),
                    n.path("style").asText(),
                    n.path("licence").asText()));
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
