package dev.heritage.cli.packaging;

import dev.heritage.api.Asset;
import dev.heritage.classify.Annotators;
import dev.heritage.classify.train.AnnotatorTrainer;
import dev.heritage.djl.HeritageZooProvider;
import dev.heritage.engine.onnxruntime.OnnxRuntimeEngineProvider;
import dev.heritage.engine.pytorch.PyTorchEngineProvider;
import dev.heritage.engine.support.DjlEngineProvider;
import dev.heritage.engine.tensorflow.TensorFlowEngineProvider;
import dev.heritage.iiif.IiifRows;
import dev.heritage.inpaint.Reconstructors;
import dev.heritage.inpaint.train.RefinerTrainer;
import dev.heritage.network.NetworkGraph;
import dev.heritage.runtime.HeritageCache;
import dev.heritage.spark.HeritageSpark;
import dev.heritage.zoo.inpaint.InpaintZoo;
import dev.heritage.zoo.paintings.PaintingsZoo;
import java.util.List;

/** The published artifacts the packaging tests look into, each named by one class it holds. */
final class LibraryArtifacts {
    /** One class of each library artifact (no zoo, backbone, command line, benchmark or research). */
    static final List<Class<?>> LIBRARIES = List.of(
            Asset.class,
            HeritageCache.class,
            NetworkGraph.class,
            DjlEngineProvider.class,
            OnnxRuntimeEngineProvider.class,
            PyTorchEngineProvider.class,
            TensorFlowEngineProvider.class,
            Annotators.class,
            IiifRows.class,
            Reconstructors.class,
            HeritageSpark.class,
            HeritageZooProvider.class,
            AnnotatorTrainer.class,
            RefinerTrainer.class);

    /** One class of each zoo artifact: weights, their licence, and a little code to find them. */
    static final List<Class<?>> ZOOS = List.of(PaintingsZoo.class, InpaintZoo.class);

    private LibraryArtifacts() {}
}
