package dev.heritage.bench;

import ai.djl.MalformedModelException;
import ai.djl.translate.TranslateException;
import dev.heritage.api.AnnotationResult;
import dev.heritage.api.Annotator;
import dev.heritage.api.Asset;
import dev.heritage.api.HeritageException;
import dev.heritage.api.ImageSource;
import dev.heritage.api.model.ModelZoos;
import dev.heritage.classify.Annotators;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Heritage against what a user would write instead, on the same JPEG files (the 224 × 285 painting,
 * {@code batch} files): {@link #djlRoute} is DJL's ordinary image route to the same MobileNetV2
 * backbone on ONNX Runtime ({@link DjlImageRoute}: the backbone's features only); {@link
 * #heritageAnnotate} is {@code Annotator.annotate} of {@value AnnotateBenchmark#MODEL} on ONNX Runtime
 * answering every task. The floor is {@code AnnotateBenchmark.bareEngine} (ONNX Runtime) of the same
 * run. JMH runs each method in its own fork, so neither route shares a JVM with the other.
 *
 * <p>JMH state: one instance of each nested state per trial; each owns its files and its model and
 * closes them.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class DjlRouteBenchmark {

    /** DJL's image route on the batch's files. */
    @State(Scope.Benchmark)
    public static class Djl {
        @Param({"1", "32"})
        int batch;

        JpegFiles files;
        DjlImageRoute route;

        /** Writes the files, exports the backbone, loads it in DJL. */
        @Setup(Level.Trial)
        public void setup() throws IOException, HeritageException, MalformedModelException {
            files = JpegFiles.write(batch);
            route = DjlImageRoute.open(ModelZoos.open(AnnotateBenchmark.MODEL));
        }

        /** Closes the model and deletes the files. */
        @TearDown(Level.Trial)
        public void tearDown() throws IOException {
            if (route != null) {
                route.close();
            }
            if (files != null) {
                files.close();
            }
        }
    }

    /** Heritage's annotator on ONNX Runtime, reading the batch's files. */
    @State(Scope.Benchmark)
    public static class Heritage {
        @Param({"1", "32"})
        int batch;

        JpegFiles files;
        Annotator annotator;
        List<Asset> assets;

        /** Writes the files and loads the annotator. */
        @Setup(Level.Trial)
        public void setup() throws IOException, HeritageException {
            files = JpegFiles.write(batch);
            annotator = Annotators.load(AnnotateBenchmark.MODEL, AnnotateBenchmark.options("onnxruntime", batch));
            List<Asset> list = new ArrayList<>();
            for (Path f : files.files()) {
                list.add(Asset.builder(f.getFileName().toString())
                        .image(ImageSource.of(f))
                        .build());
            }
            assets = List.copyOf(list);
        }

        /** Closes the annotator and deletes the files. */
        @TearDown(Level.Trial)
        public void tearDown() throws IOException {
            if (annotator != null) {
                annotator.close();
            }
            if (files != null) {
                files.close();
            }
        }
    }

    /**
     * @param d the DJL route
     * @return the backbone's features of every file
     */
    @Benchmark
    public List<float[]> djlRoute(Djl d) throws IOException, TranslateException {
        return d.route.features(d.files.files());
    }

    /**
     * @param h the annotator
     * @return the annotations of every file, every task answered
     */
    @Benchmark
    public List<AnnotationResult> heritageAnnotate(Heritage h) throws HeritageException {
        return h.annotator.annotate(h.assets);
    }
}
