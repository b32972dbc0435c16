package dev.heritage.cli.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.heritage.api.AnnotationResult;
import dev.heritage.api.Annotator;
import dev.heritage.api.AnnotatorOptions;
import dev.heritage.api.Asset;
import dev.heritage.api.ImageDecoder;
import dev.heritage.api.ImageSource;
import dev.heritage.api.Mask;
import dev.heritage.api.Reconstructor;
import dev.heritage.classify.Annotators;
import dev.heritage.engine.tck.CloseUnderLoad;
import dev.heritage.inpaint.Reconstructors;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import javax.imageio.ImageIO;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 23, case 1, on the public resources a server holds: the zoo {@code Annotator} and the learned
 * {@code Reconstructor}, closed while threads call them, on each engine, many times, in a child JVM
 * (a native crash would otherwise kill the test runner). Every call must return the sequential
 * result or fail with {@link IllegalStateException}; the child must exit normally.
 */
class ResourceCloseUnderLoadTest {
    private static final int ROUNDS = 2;
    private static final int THREADS = 2;
    /** A real inpainting network (a gated U-Net in every engine's format), to close while it runs. */
    static final Path NETWORK_FIXTURE = fixture();

    private static Path fixture() {
        try {
            return Path.of(ResourceCloseUnderLoadTest.class
                            .getResource("gated-unet/model.json")
                            .toURI())
                    .getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"onnxruntime", "pytorch", "tensorflow"})
    void closingWhileThreadsCallNeverCrashesTheJvm(String engine) throws Exception {
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(
                javaBin,
                "-Xmx1g",
                "-XX:ErrorFile=" + System.getProperty("java.io.tmpdir") + "/hs_err_resource_close_%p.log"));
        for (String p : List.of("ai.djl.offline", "heritage.cache.dir", "java.io.tmpdir")) {
            if (System.getProperty(p) != null) {
                command.add("-D" + p + "=" + System.getProperty(p));
            }
        }
        command.addAll(List.of(
                "-cp",
                System.getProperty("java.class.path"),
                ResourceCloseUnderLoadTest.class.getName(),
                engine,
                Integer.toString(ROUNDS),
                Integer.toString(THREADS)));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int code = process.waitFor();
        assertEquals(0, code, "the child JVM exited with " + code + " (134/139: a native crash):\n" + output);
        assertTrue(output.contains("RESOURCE-CLOSE ok " + engine), output);
    }

    /**
     * The child: {@code ROUNDS} times each, load the annotator / reconstructor, start callers, close.
     *
     * @param args engine, rounds, threads
     * @throws Exception if a model cannot be loaded
     */
    public static void main(String[] args) throws Exception {
        String engine = args[0];
        int rounds = Integer.parseInt(args[1]);
        int threads = Integer.parseInt(args[2]);
        byte[] jpeg;
        try (InputStream in =
                ResourceCloseUnderLoadTest.class.getResourceAsStream("/dev/heritage/cli/demo/munch_the_scream.jpg")) {
            jpeg = in.readAllBytes();
        }
        // A small crop keeps each call short, so rounds are cheap; the engines' work is the same kind.
        BufferedImage full = ImageDecoder.decode(ImageSource.of(jpeg, "munch.jpg"));
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageIO.write(
                full.getSubimage(0, 0, Math.min(96, full.getWidth()), Math.min(96, full.getHeight())), "png", png);
        ImageSource image = ImageSource.of(png.toByteArray(), "munch-crop.png");
        Asset asset = Asset.builder("munch").image(image).build();
        AtomicReference<Throwable> wrong = new AtomicReference<>();
        AtomicInteger completed = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        AnnotationResult expected = null;
        for (int round = 0; round < rounds && wrong.get() == null; round++) {
            Annotator annotator = Annotators.load(
                    "paintings-multitask",
                    AnnotatorOptions.builder().engine(engine).build());
            if (expected == null) {
                expected = annotator.annotate(asset);
            }
            AnnotationResult want = expected;
            CloseUnderLoad.hammer(
                    threads,
                    5L * (round % 4),
                    () -> {
                        AnnotationResult got = annotator.annotate(asset);
                        if (!got.equals(want)) {
                            throw new AssertionError("an annotation during close differs from the sequential one");
                        }
                    },
                    annotator::close,
                    wrong,
                    completed,
                    refused);
        }
        BufferedImage decoded = ImageDecoder.decode(image);
        boolean[] damaged = new boolean[decoded.getWidth() * decoded.getHeight()];
        for (int i = 0; i < damaged.length; i += 7) {
            damaged[i] = true;
        }
        Mask mask = Mask.of(decoded.getWidth(), decoded.getHeight(), damaged);
        for (int round = 0; round < rounds && wrong.get() == null; round++) {
            Reconstructor reconstructor = Reconstructors.load(NETWORK_FIXTURE.toString(), engine);
            CloseUnderLoad.hammer(
                    threads,
                    5L * (round % 4),
                    () -> reconstructor.reconstruct(image, mask),
                    reconstructor::close,
                    wrong,
                    completed,
                    refused);
        }
        if (wrong.get() != null) {
            System.out.println("RESOURCE-CLOSE failed on " + engine + ": " + wrong.get());
            wrong.get().printStackTrace(System.out);
            System.exit(1);
        }
        System.out.println(
                "RESOURCE-CLOSE ok " + engine + " completed=" + completed.get() + " refused=" + refused.get());
        System.exit(0);
    }
}
