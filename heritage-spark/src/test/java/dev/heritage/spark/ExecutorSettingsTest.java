package dev.heritage.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.heritage.runtime.HeritageCache;
import dev.heritage.zoo.paintings.PaintingsZoo;
import java.awt.image.BufferedImage;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The driver's cache folder reaches the executor through the Spark configuration: in {@code local[2]}
 * with no {@code heritage.cache.dir} of the JVM's own, the zoo model is unpacked under the folder named
 * by {@code spark.heritage.cacheDir}, not the home folder; and a folder the executor has of its own wins.
 */
class ExecutorSettingsTest {
    @TempDir
    Path dir;

    @Test
    void theExecutorUnpacksTheModelUnderTheForwardedFolder() throws Exception {
        assumeTrue(System.getenv(HeritageCache.ENV) == null, "HERITAGE_CACHE_DIR is set for this JVM; it would win");
        Path forwarded = dir.resolve("forwarded-cache");
        Path image = dir.resolve("scream.png");
        try (InputStream in = getClass().getResourceAsStream("/backbone/munch_the_scream.jpg")) {
            BufferedImage scream = ImageIO.read(in);
            ImageIO.write(scream, "png", image.toFile());
        }
        String own = System.getProperty(HeritageCache.PROPERTY);
        ExecutorAnnotators.closeAll();
        ExecutorSettings.forget();
        System.clearProperty(HeritageCache.PROPERTY);
        // What a driver sets with --conf / -Dspark.*: SparkConf reads spark.* system properties.
        System.setProperty(ExecutorSettings.CACHE_DIR, forwarded.toString());
        try (JavaSparkContext spark = HeritageSpark.context("local[2]")) {
            assertEquals(forwarded.toString(), spark.getConf().get(ExecutorSettings.CACHE_DIR));
            ExecutorTally tally = ExecutorTally.register(spark);
            List<AnnotationRow> out = HeritageSpark.annotate(
                    spark,
                    List.of(new AssetRow("scream", image.toString(), Map.of())),
                    SparkAnnotatorConfig.builder(PaintingsZoo.PAINTINGS)
                            .engine("onnxruntime")
                            .build(),
                    1,
                    tally);
            assertEquals(1, out.size());
            assertTrue(!out.get(0).isError(), String.valueOf(out.get(0).errorMessage()));
            assertEquals(forwarded, HeritageCache.directory());
            try (Stream<Path> models = Files.list(forwarded.resolve("models"))) {
                List<Path> unpacked = models.filter(
                                p -> p.getFileName().toString().startsWith(PaintingsZoo.PAINTINGS))
                        .toList();
                assertEquals(1, unpacked.size(), "the zoo model unpacked under the forwarded folder");
                assertTrue(Files.isRegularFile(unpacked.get(0).resolve("model.json")));
            }
            assertEquals(1, tally.byExecutor().get(0).modelLoads());
        } finally {
            ExecutorAnnotators.closeAll();
            System.clearProperty(ExecutorSettings.CACHE_DIR);
            if (own == null) {
                System.clearProperty(HeritageCache.PROPERTY);
            } else {
                System.setProperty(HeritageCache.PROPERTY, own);
            }
            ExecutorSettings.forget();
        }
    }

    @Test
    void anExecutorsOwnFolderWinsOverTheForwardedOne() {
        assumeTrue(System.getenv(HeritageCache.ENV) == null, "HERITAGE_CACHE_DIR is set for this JVM");
        String own = System.getProperty(HeritageCache.PROPERTY);
        try {
            System.setProperty(HeritageCache.PROPERTY, dir.resolve("own").toString());
            SparkConf conf = new SparkConf(false)
                    .set(ExecutorSettings.CACHE_DIR, dir.resolve("driver").toString());
            assertEquals(Map.of(), ExecutorSettings.apply(conf), "nothing is set over the executor's own folder");
            assertEquals(dir.resolve("own"), HeritageCache.directory());
            SparkConf fresh = ExecutorSettings.forward(new SparkConf(false));
            assertEquals(dir.resolve("own").toString(), fresh.get(ExecutorSettings.CACHE_DIR));
        } finally {
            if (own == null) {
                System.clearProperty(HeritageCache.PROPERTY);
            } else {
                System.setProperty(HeritageCache.PROPERTY, own);
            }
        }
    }
}
