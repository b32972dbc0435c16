package dev.heritage.bench;

import dev.heritage.api.HeritageException;
import dev.heritage.api.Mask;
import dev.heritage.api.Reconstructor;
import dev.heritage.inpaint.ClassicalReconstructor;
import dev.heritage.inpaint.ExemplarReconstructor;
import dev.heritage.inpaint.ImageReconstructor;
import dev.heritage.inpaint.MaskGenerator;
import dev.heritage.inpaint.Reconstructors;
import dev.heritage.inpaint.TeleaReconstructor;
import java.awt.image.BufferedImage;
import java.util.concurrent.TimeUnit;
import org.bytedeco.opencv.opencv_core.Mat;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Reconstructing one image of {@link #megapixels} megapixels under a seeded mixed mask (5–30 %),
 * in memory (no decoding): our Telea, Navier–Stokes-style and exemplar (PatchMatch) inpainting, the zoo's
 * refined reconstructor {@code paintings-inpaint} (Java, no engine), and
 * OpenCV's Telea (radius 5, the bare native call on
 * prepared {@link Mat}s, so conversions count against us only). Divide the time by
 * {@link #megapixels} for milliseconds per megapixel.
 *
 * <p>JMH state: one instance per trial; closes the zoo reconstructors and OpenCV's matrices.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class ReconstructBenchmark {
    /** The benchmark methods, in the order reports list them. */
    public static final String[] METHODS = {"teleaJava", "teleaOpenCv", "navierStokes", "exemplar", "refinedPaintings"};

    /** The seed of the mask. */
    public static final long MASK_SEED = 6;

    @Param({"1.0"})
    double megapixels;

    BufferedImage image;
    Mask mask;
    ClassicalReconstructor telea;
    ClassicalReconstructor ns;
    ClassicalReconstructor exemplar;
    Reconstructor paintingsRefined;
    Mat cvImage;
    Mat cvMask;

    /** Makes the image, the mask and the reconstructors. */
    @Setup
    public void setup() throws HeritageException {
        int h = (int) Math.round(Math.sqrt(megapixels * 1e6 * 448 / 352));
        int w = (int) Math.round(megapixels * 1e6 / h);
        image = BenchImages.scaled(w, h);
        mask = MaskGenerator.mixed().generate(MASK_SEED, w, h, 0.05, 0.30);
        telea = (ClassicalReconstructor) Reconstructors.classical(TeleaReconstructor.METHOD);
        ns = (ClassicalReconstructor) Reconstructors.classical("ns");
        exemplar = (ClassicalReconstructor) Reconstructors.classical(ExemplarReconstructor.METHOD);
        paintingsRefined = Reconstructors.load("paintings-inpaint");
        cvImage = OpenCvTelea.toMat(image);
        cvMask = OpenCvTelea.toMat(mask);
    }

    /** Closes the native resources. */
    @TearDown
    public void tearDown() {
        if (paintingsRefined != null) {
            paintingsRefined.close();
        }
        if (cvImage != null) {
            cvImage.close();
            cvMask.close();
        }
    }

    /** @return our Telea's reconstruction */
    @Benchmark
    public BufferedImage teleaJava() throws HeritageException {
        return telea.inpaint(image, mask);
    }

    /** @return one byte of OpenCV's Telea's reconstruction (the middle row's first), so the call is not elided */
    @Benchmark
    public long teleaOpenCv() {
        try (Mat dst = OpenCvTelea.inpaint(cvImage, cvMask, TeleaReconstructor.DEFAULT_RADIUS)) {
            return dst.data().get(dst.cols() * 3L * (dst.rows() / 2));
        }
    }

    /** @return our Navier–Stokes-style reconstruction */
    @Benchmark
    public BufferedImage navierStokes() throws HeritageException {
        return ns.inpaint(image, mask);
    }

    /** @return our exemplar (PatchMatch) reconstruction */
    @Benchmark
    public BufferedImage exemplar() throws HeritageException {
        return exemplar.inpaint(image, mask);
    }

    /** @return the zoo's refined reconstruction trained on WikiArt ({@code paintings-inpaint}) */
    @Benchmark
    public BufferedImage refinedPaintings() throws HeritageException {
        return ((ImageReconstructor) paintingsRefined).inpaint(image, mask);
    }
}
