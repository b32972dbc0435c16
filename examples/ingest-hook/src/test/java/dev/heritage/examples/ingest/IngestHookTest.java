package dev.heritage.examples.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Runs the hook for real (zoo model, ONNX Runtime) on two public-domain paintings. */
class IngestHookTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CASSATT = "cassatt_summertime.jpg";
    private static final String VAN_GOGH = "van_gogh_the_church_at_auvers.jpg";
    private static IngestHook sharedHook;

    @BeforeAll
    static void loadHook() throws Exception {
        sharedHook = new IngestHook(null, null, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    }

    @AfterAll
    static void closeHook() {
        if (sharedHook != null) {
            sharedHook.close();
        }
    }

    @Test
    void oneRunWritesAWebAnnotationPageBesideEachImageAndRecordsABrokenOne(@TempDir Path folder) throws Exception {
        copyPainting(CASSATT, folder);
        copyPainting(VAN_GOGH, folder);
        Files.writeString(folder.resolve("broken.jpg"), "not a JPEG");
        Files.writeString(folder.resolve("notes.txt"), "not an image");
        ByteArrayOutputStream log = new ByteArrayOutputStream();

        int status = IngestHook.run(new String[] {folder.toString(), "--once", "--target-base",
                "https://collection.example.org/objects/"}, new PrintStream(log, true, StandardCharsets.UTF_8));

        assertThat(status).as(log.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(log.toString(StandardCharsets.UTF_8)).contains("3 image(s) annotated");
        try (var files = Files.list(folder)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder(CASSATT, VAN_GOGH,
                    "broken.jpg", "notes.txt", CASSATT + ".jsonld", VAN_GOGH + ".jsonld", "broken.jpg.jsonld");
        }

        JsonNode page = JSON.readTree(folder.resolve(CASSATT + ".jsonld").toFile());
        assertThat(page.path("type").asText()).isEqualTo("AnnotationPage");
        assertThat(page.path("@context").get(0).asText()).isEqualTo("http://www.w3.org/ns/anno.jsonld");
        assertThat(page.path("errors")).isEmpty();
        List<String> fields = new ArrayList<>();
        for (JsonNode item : page.path("items")) {
            assertThat(item.path("type").asText()).isEqualTo("Annotation");
            assertThat(item.path("motivation").asText()).isEqualTo("classifying");
            assertThat(item.path("target").asText())
                    .isEqualTo("https://collection.example.org/objects/cassatt_summertime");
            assertThat(item.path("machineGenerated").asBoolean()).isTrue();
            assertThat(item.path("creator").path("name").asText()).isEqualTo("paintings-multitask");
            assertThat(item.path("creator").path("engine").path("name").asText()).isEqualTo("onnxruntime");
            JsonNode body = item.path("body").isArray() ? item.path("body").get(0) : item.path("body");
            assertThat(body.path("type").asText()).isEqualTo("TextualBody");
            assertThat(body.path("value").asText()).isNotBlank();
            assertThat(body.path("confidence").asDouble()).isBetween(0.0, 1.0);
            fields.add(body.path("field").asText());
        }
        assertThat(fields).containsExactlyInAnyOrder("style", "artist", "decade", "century");

        JsonNode broken = JSON.readTree(folder.resolve("broken.jpg.jsonld").toFile());
        assertThat(broken.path("items")).isEmpty();
        assertThat(broken.path("errors")).hasSize(1);
        assertThat(broken.path("errors").get(0).path("objectId").asText()).isEqualTo("broken");
        assertThat(broken.path("errors").get(0).path("errorType").asText())
                .isEqualTo(IngestHook.INVALID_IMAGE);
    }

    @Test
    void aSecondPassAnnotatesOnlyWhatIsNewOrReplaced(@TempDir Path folder) throws Exception {
        Path cassatt = copyPainting(CASSATT, folder);
        Path vanGogh = copyPainting(VAN_GOGH, folder);
        assertThat(sharedHook.annotateNewImages(folder))
                .containsExactly(IngestHook.annotationPageOf(cassatt), IngestHook.annotationPageOf(vanGogh));
        String firstPage = Files.readString(IngestHook.annotationPageOf(vanGogh));

        assertThat(sharedHook.annotateNewImages(folder)).isEmpty();

        Files.setLastModifiedTime(cassatt, FileTime.from(Instant.now().plusSeconds(60))); // replaced
        assertThat(sharedHook.annotateNewImages(folder)).containsExactly(IngestHook.annotationPageOf(cassatt));
        assertThat(Files.readString(IngestHook.annotationPageOf(vanGogh))).isEqualTo(firstPage);
    }

    @Test
    @Timeout(120)
    void watchingAnnotatesAnImageThatArrivesLater(@TempDir Path folder) throws Exception {
        Thread watcher = new Thread(() -> {
            try {
                sharedHook.watch(folder);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, "ingest-hook-watch");
        watcher.start();
        try {
            Thread.sleep(500); // lets the watch start; an image arriving before is annotated by its first pass anyway
            Path arrived = folder.resolve(CASSATT);
            Path partial = folder.resolve(".incoming.tmp");
            copyPainting(CASSATT, folder.resolve(".incoming"));
            Files.move(folder.resolve(".incoming").resolve(CASSATT), partial);
            Files.move(partial, arrived, StandardCopyOption.ATOMIC_MOVE);

            Path page = IngestHook.annotationPageOf(arrived);
            Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
            while (!isCompletePage(page) && Instant.now().isBefore(deadline)) {
                Thread.sleep(100);
            }
            assertThat(page).exists();
            assertThat(JSON.readTree(page.toFile()).path("items")).hasSize(4);
        } finally {
            watcher.interrupt();
            watcher.join(30_000);
        }
        assertThat(watcher.isAlive()).as("the watch stops when its thread is interrupted").isFalse();
    }

    @Test
    void saysWhatIsWrongWithTheCommandLine(@TempDir Path folder) {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(log, true, StandardCharsets.UTF_8);

        assertThat(IngestHook.run(new String[] {folder.resolve("missing").toString(), "--once"}, out)).isEqualTo(2);
        assertThat(IngestHook.run(new String[] {"--once"}, out)).isEqualTo(2);
        assertThat(IngestHook.run(new String[] {folder.toString(), "--target-base", "objects/"}, out)).isEqualTo(2);

        assertThat(log.toString(StandardCharsets.UTF_8))
                .contains("missing is not a folder")
                .contains("name the folder of images to annotate")
                .contains("target base must be an absolute IRI")
                .contains("Usage: IngestHook FOLDER");
    }

    private static boolean isCompletePage(Path page) {
        try {
            return Files.isRegularFile(page) && JSON.readTree(page.toFile()).has("errors");
        } catch (IOException stillBeingWritten) {
            return false;
        }
    }

    static Path copyPainting(String name, Path folder) throws IOException {
        Files.createDirectories(folder);
        Path target = folder.resolve(name);
        try (InputStream in = Objects.requireNonNull(IngestHookTest.class.getResourceAsStream("/paintings/" + name),
                name + " is missing from src/test/resources/paintings")) {
            Files.copy(in, target);
        }
        return target;
    }
}
