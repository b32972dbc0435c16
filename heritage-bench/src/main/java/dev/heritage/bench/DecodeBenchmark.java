package dev.heritage.bench;

import dev.heritage.api.DecodeLimits;
import dev.heritage.api.ImageDecoder;
import dev.heritage.api.ImageSource;
import dev.heritage.api.InvalidImageException;
import dev.heritage.api.engine.Tensor;
import dev.heritage.classify.backbone.MobileNetV2;
import dev.heritage.classify.descriptors.HandcraftedDescriptors;
import dev.heritage.classify.model.ImageEvidence;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Image decoding and the annotator's preprocessing, per image: decoding a 224 px and a 2,000 px JPEG
 * (the latter in full and with the decode-time sub-sampling the annotator uses), the backbone's
 * tensor preparation, and the hand-crafted descriptors.
 *
 * <p>JMH state: one instance per benchmark run, not shared across threads.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class DecodeBenchmark {

    byte[] small;
    byte[] large;
    BufferedImage smallImage;
    BufferedImage smallCanonical;
    private final HandcraftedDescriptors descriptors = HandcraftedDescriptors.create();

    /** Makes the JPEGs. */
    @Setup
    public void setup() throws InvalidImageException {
        small = BenchImages.smallJpeg();
        large = BenchImages.largeJpeg();
        smallImage = ImageDecoder.decode(ImageSource.of(small, "small.jpg"), DecodeLimits.defaults());
        smallCanonical = MobileNetV2.canonical(smallImage);
    }

    /** @return the 224 px JPEG decoded as the annotator decodes it */
    @Benchmark
    public BufferedImage decodeSmall() throws InvalidImageException {
        return ImageEvidence.decode(ImageSource.of(small, "small.jpg"));
    }

    /** @return the 2,000 px JPEG decoded in full (no sub-sampling) */
    @Benchmark
    public BufferedImage decodeLargeFull() throws InvalidImageException {
        return ImageDecoder.decode(ImageSource.of(large, "large.jpg"), DecodeLimits.defaults());
    }

    /** @return the 2,000 px JPEG decoded as the annotator decodes it (sub-sampled, shorter side >= 448) */
    @Benchmark
    public BufferedImage decodeLargeSubsampled() throws InvalidImageException {
        return ImageEvidence.decode(ImageSource.of(large, "large.jpg"));
    }

    /**
     * @return the backbone's input tensor of one decoded 224 × 285 image, as the annotator makes it:
     *     averaged down to 224 × 224 ({@link MobileNetV2#canonical}), then the tensor
     */
    @Benchmark
    public Tensor preprocessSmall() {
        return MobileNetV2.preprocess(List.of(MobileNetV2.canonical(smallImage)));
    }

    /** @return decode + preprocess of the 224 px JPEG: what the annotator does before the engine */
    @Benchmark
    public Tensor decodeAndPreprocessSmall() throws InvalidImageException {
        return MobileNetV2.preprocess(List.of(MobileNetV2.canonical(decodeSmall())));
    }

    /** @return decode (sub-sampled) + preprocess of the 2,000 px JPEG */
    @Benchmark
    public Tensor decodeAndPreprocessLarge() throws InvalidImageException {
        return MobileNetV2.preprocess(List.of(MobileNetV2.canonical(decodeLargeSubsampled())));
    }

    /** @return the hand-crafted descriptors of one decoded 224 px image, averaged down as the annotator does */
    @Benchmark
    public float[] descriptorsSmall() {
        return descriptors.compute(smallCanonical);
    }
}
