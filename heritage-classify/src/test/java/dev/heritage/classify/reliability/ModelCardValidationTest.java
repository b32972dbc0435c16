package dev.heritage.classify.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.heritage.api.MalformedModelException;
import dev.heritage.api.ModelIntegrityException;
import dev.heritage.api.model.ModelArtifact;
import dev.heritage.api.model.ModelCards;
import dev.heritage.api.model.ModelZoos;
import dev.heritage.classify.model.AnnotatorModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 23, cases 4 and 12, on a copy of the zoo's {@code paintings-multitask}: every value of the
 * card is checked when it is read, with a message naming the field; the zoo's cached card is pinned
 * to the jar's; a weight file that is a link out of the model directory is refused.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ModelCardValidationTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private Path zooCache;
    private String previousCache;
    private Path original;

    @BeforeAll
    void unpackTheZooModelIntoAPrivateCache() throws Exception {
        // A private cache, so that tampering with it never touches what other tests use.
        zooCache = Files.createTempDirectory("heritage-zoo-cache-");
        previousCache = System.getProperty("heritage.cache.dir");
        System.setProperty("heritage.cache.dir", zooCache.toString());
        original = ModelZoos.open("paintings-multitask").directory();
    }

    @AfterAll
    void restoreTheCache() {
        if (previousCache == null) {
            System.clearProperty("heritage.cache.dir");
        } else {
            System.setProperty("heritage.cache.dir", previousCache);
        }
    }

    /** A copy of the model (real files) whose card {@code edit} changed. */
    private Path copyWith(Path dir, Consumer<ObjectNode> edit) throws Exception {
        Path copy = Files.createDirectories(dir.resolve("model"));
        try (Stream<Path> files = Files.walk(original)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                Path target = copy.resolve(original.relativize(f).toString());
                Files.createDirectories(target.getParent());
                Files.copy(f, target);
            }
        }
        ObjectNode card =
                (ObjectNode) JSON.readTree(copy.resolve(ModelCards.FILE_NAME).toFile());
        edit.accept(card);
        Files.writeString(copy.resolve(ModelCards.FILE_NAME), JSON.writeValueAsString(card));
        return copy;
    }

    private static ObjectNode task(ObjectNode card, int i) {
        return (ObjectNode)
                card.path("properties").path("annotator").path("tasks").get(i);
    }

    static Stream<Arguments> badCards() {
        return Stream.of(
                Arguments.of(
                        "temperature 0",
                        (Consumer<ObjectNode>)
                                c -> ((ObjectNode) task(c, 0).path("calibration")).put("temperature", 0.0),
                        "calibration.temperature"),
                Arguments.of(
                        "temperature NaN",
                        (Consumer<ObjectNode>)
                                c -> ((ObjectNode) task(c, 0).path("calibration")).put("temperature", "NaN"),
                        "calibration.temperature"),
                Arguments.of(
                        "huge bucket count",
                        (Consumer<ObjectNode>) c -> ((ObjectNode) c.path("properties")
                                        .path("annotator")
                                        .path("inputs")
                                        .get(1))
                                .put("buckets", 2_000_000_000),
                        "inputs[title].buckets"),
                Arguments.of(
                        "negative dimension",
                        (Consumer<ObjectNode>)
                                c -> ((ObjectNode) c.path("properties").path("annotator")).put("imageDim", -5),
                        "imageDim"),
                Arguments.of(
                        "huge dimension",
                        (Consumer<ObjectNode>) c ->
                                ((ObjectNode) c.path("properties").path("annotator")).put("backboneDim", 1_000_000_000),
                        "backboneDim"),
                Arguments.of(
                        "empty labels",
                        (Consumer<ObjectNode>) c -> task(c, 0).putArray("labels"),
                        "tasks[style].labels"),
                Arguments.of(
                        "huge bins",
                        (Consumer<ObjectNode>) c -> task(c, 2).put("bins", 1_000_000_000),
                        "tasks[decade].bins"),
                Arguments.of(
                        "empty card labels",
                        (Consumer<ObjectNode>)
                                c -> ((ObjectNode) c.path("tasks").get(0)).putArray("labels"),
                        "tasks[style].labels"),
                Arguments.of("wrong kind", (Consumer<ObjectNode>) c -> c.put("kind", "reconstructor"), "'kind'"),
                Arguments.of(
                        "missing temperature",
                        (Consumer<ObjectNode>) c -> ((ObjectNode) task(c, 1).path("calibration")).remove("temperature"),
                        "properties.annotator.tasks[artist].calibration.temperature is missing"),
                Arguments.of(
                        "text decoded temperature",
                        (Consumer<ObjectNode>)
                                c -> ((ObjectNode) task(c, 1).path("calibration")).put("decodedTemperature", "1.2"),
                        "tasks[artist].calibration.decodedTemperature is '1.2'; expected a finite number"),
                Arguments.of(
                        "missing calibration",
                        (Consumer<ObjectNode>) c -> task(c, 3).remove("calibration"),
                        "tasks[century].calibration is missing; expected an object"),
                Arguments.of(
                        "thresholds not a list",
                        (Consumer<ObjectNode>)
                                c -> ((ObjectNode) task(c, 0).path("calibration")).put("thresholds", 0.5),
                        "tasks[style].calibration.thresholds is '0.5'"),
                Arguments.of(
                        "unknown task kind",
                        (Consumer<ObjectNode>) c -> task(c, 2).put("kind", "month"),
                        "tasks[decade].kind is 'month'; expected one of [categorical, decade, century]"),
                Arguments.of(
                        "missing bin width",
                        (Consumer<ObjectNode>) c -> task(c, 2).remove("binWidth"),
                        "tasks[decade].binWidth is missing; expected a whole number"),
                Arguments.of(
                        "review precision as text",
                        (Consumer<ObjectNode>) c ->
                                ((ObjectNode) c.path("properties").path("annotator")).put("reviewPrecision", "high"),
                        "properties.annotator.reviewPrecision is" + " 'high'"),
                Arguments.of(
                        "descriptors as text",
                        (Consumer<ObjectNode>)
                                c -> ((ObjectNode) c.path("properties").path("annotator")).put("descriptors", "yes"),
                        "properties.annotator.descriptors is 'yes';" + " expected true or false"),
                Arguments.of(
                        "missing backbone",
                        (Consumer<ObjectNode>)
                                c -> ((ObjectNode) c.path("properties").path("annotator")).remove("backbone"),
                        "properties.annotator.backbone is missing"),
                Arguments.of(
                        "inputs not a list",
                        (Consumer<ObjectNode>)
                                c -> ((ObjectNode) c.path("properties").path("annotator")).put("inputs", "style"),
                        "properties.annotator.inputs is 'style'"),
                Arguments.of(
                        "missing min chars",
                        (Consumer<ObjectNode>) c -> ((ObjectNode) c.path("properties")
                                        .path("annotator")
                                        .path("inputs")
                                        .get(1))
                                .remove("minChar"),
                        "inputs[title].minChar is missing"),
                Arguments.of("id with ../", (Consumer<ObjectNode>) c -> c.put("id", "../../etc/evil"), "'id'"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badCards")
    void aBadValueIsRefusedWhenTheCardIsReadNamingTheField(
            String name, Consumer<ObjectNode> edit, String field, @TempDir Path dir) throws Exception {
        Path model = copyWith(dir, edit);
        MalformedModelException e =
                assertThrows(MalformedModelException.class, () -> AnnotatorModel.read(ModelArtifact.open(model)), name);
        assertThat(e.getMessage()).as(name).contains(field);
        assertThat(e.getMessage().lines()).as(name).hasSize(1);
    }

    @Test
    void theUnchangedCopyIsRead(@TempDir Path dir) throws Exception {
        Path model = copyWith(dir, c -> {});
        assertEquals(
                4, AnnotatorModel.read(ModelArtifact.open(model)).spec().tasks().size());
    }

    @Test
    void aModifiedCachedZooCardIsRefusedLikeAModifiedWeightFile() throws Exception {
        Path card = original.resolve(ModelCards.FILE_NAME);
        String before = Files.readString(card);
        try {
            JsonNode n = JSON.readTree(before);
            ((ObjectNode) n.path("tasks").get(0)).putArray("labels").add("Tampered");
            Files.writeString(card, JSON.writeValueAsString(n));
            ModelIntegrityException e =
                    assertThrows(ModelIntegrityException.class, () -> ModelZoos.open("paintings-multitask"));
            assertTrue(e.getMessage().contains("model.json") && e.getMessage().contains("changed"), e.getMessage());
        } finally {
            Files.writeString(card, before);
        }
        assertEquals(original, ModelZoos.open("paintings-multitask").directory(), "the restored card opens again");
    }

    @Test
    void aWeightFileLinkedFromOutsideTheModelIsRefusedEvenWithTheRightDigest(@TempDir Path dir) throws Exception {
        Path model = copyWith(dir, c -> {});
        String weight = JSON.readTree(model.resolve(ModelCards.FILE_NAME).toFile())
                .path("files")
                .fieldNames()
                .next();
        Path inside = model.resolve(weight);
        Path outside = dir.resolve("elsewhere.bin");
        Files.move(inside, outside);
        Files.createSymbolicLink(inside, outside);
        MalformedModelException e = assertThrows(MalformedModelException.class, () -> ModelArtifact.open(model));
        assertTrue(
                e.getMessage().contains("outside the model directory")
                        && e.getMessage().contains(weight),
                e.getMessage());
    }
}
