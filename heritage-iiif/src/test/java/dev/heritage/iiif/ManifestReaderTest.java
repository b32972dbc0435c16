package dev.heritage.iiif;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Presentation 3 and 2 manifests read from a real HTTP server and from files; bad manifests refused by name. */
class ManifestReaderTest {
    private static IiifTestServer server;
    private static SafeHttpClient http;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() throws Exception {
        server = IiifTestServer.start()
                .manifest("/v3-service.json", "v3-service.json")
                .manifest("/v3-static.json", "v3-static.json")
                .manifest("/v2.json", "v2.json");
        http = new SafeHttpClient(
                IiifFetchOptions.builder().optAllowPrivateNetwork(true).build());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void readsAPresentation3ManifestWithAnImageService() throws Exception {
        IiifManifest m = ManifestReader.read(server.url("/v3-service.json"), http);
        assertEquals(3, m.version());
        assertEquals("The Scream", m.label());
        assertEquals(
                List.of(
                        new MetadataEntry("Artist", "Edvard Munch"),
                        new MetadataEntry("Date", "c. 1893"),
                        new MetadataEntry("Medium", "Oil, tempera and pastel on cardboard"),
                        new MetadataEntry("Style", "Expressionism")),
                m.metadata());
        assertEquals(2, m.canvases().size());
        Canvas front = m.canvases().get(0);
        assertEquals("https://museum.example.org/iiif/scream/canvas/1", front.id());
        assertEquals("Front", front.label());
        assertEquals(3520, front.width());
        assertEquals(4480, front.height());
        assertEquals(
                server.url("/iiif/scream/full/max/0/default.jpg"), front.image().id());
        assertEquals("image/jpeg", front.image().format());
        ImageService s = front.image().service();
        assertEquals(new ImageService(server.url("/iiif/scream"), "ImageService3", "level1", 3), s);
        assertEquals(
                server.url("/iiif/scream/full/!1024,1024/0/default.jpg"),
                s.boundedRequest(1024).toString());
    }

    @Test
    void readsAPresentation3ManifestOfAStaticImage() throws Exception {
        IiifManifest m = ManifestReader.read(server.url("/v3-static.json"), http);
        Canvas c = m.canvases().get(0);
        assertNull(c.image().service());
        assertEquals(server.url("/static/scream.jpg"), c.image().id());
        assertEquals(List.of(new MetadataEntry("Creator", "Edvard Munch")), c.metadata());
        assertEquals("Static painting", m.label());
    }

    @Test
    void readsAPresentation2ManifestWithItsPlainAndArrayMetadata() throws Exception {
        IiifManifest m = ManifestReader.read(server.url("/v2.json"), http);
        assertEquals(2, m.version());
        assertEquals("The Scream (Presentation 2)", m.label());
        assertEquals(
                List.of(
                        new MetadataEntry("Title", "The Scream"),
                        new MetadataEntry("Maker", "Edvard Munch"),
                        new MetadataEntry("Date", "1893")),
                m.metadata());
        Canvas c = m.canvases().get(0);
        assertEquals("https://museum.example.org/iiif2/scream/canvas/p1", c.id());
        assertEquals("p. 1", c.label());
        assertEquals(1760, c.width());
        ImageService s = c.image().service();
        assertEquals(2, s.version());
        assertEquals("http://iiif.io/api/image/2/level2.json", s.profile());
        assertEquals(
                server.url("/iiif2/scream/full/!1024,1024/0/default.jpg"),
                s.boundedRequest(1024).toString());
    }

    @Test
    void readsAManifestFileAndLeavesItAsItWas() throws Exception {
        Path file = dir.resolve("manifest.json");
        String text = server.manifestText("v2.json");
        Files.writeString(file, text);
        IiifManifest m = ManifestReader.read(file.toString(), http);
        assertEquals(
                "https://museum.example.org/iiif2/scream/canvas/p1",
                m.canvases().get(0).id());
        assertEquals(text, Files.readString(file));
    }

    @Test
    void refusesWhatIsNotAManifestSayingWhatIsWrong() throws Exception {
        assertRefused("<html><body>Our collection</body></html>", "is not JSON");
        assertRefused("[1, 2]", "is not a JSON object");
        assertRefused(
                "{\"@context\": \"http://iiif.io/api/presentation/3/context.json\", \"type\": \"Manifest\"}",
                "has no canvases: a Presentation 3 manifest lists them in \"items\"");
        assertRefused(
                "{\"@context\": \"http://iiif.io/api/presentation/2/context.json\", \"@type\": \"sc:Manifest\","
                        + " \"sequences\": []}",
                "has no canvases: a Presentation 2 manifest lists them in");
        assertRefused(
                "{\"@context\": \"http://iiif.io/api/presentation/3/context.json\", \"type\": \"Canvas\","
                        + " \"items\": []}",
                "has type 'Canvas', but a Presentation 3 manifest has type 'Manifest'");
        assertRefused("{\"type\": \"Collection\", \"items\": []}", "is a IIIF collection, not a manifest");
        assertRefused(
                "{\"@context\": \"http://iiif.io/api/image/3/context.json\", \"protocol\":"
                        + " \"http://iiif.io/api/image\", \"type\": \"ImageService3\"}",
                "is an Image API info.json");
        assertRefused("{\"title\": \"something else\"}", "is not a IIIF Presentation manifest");
    }

    @Test
    void aManifestThatCannotBeFetchedIsAManifestErrorNamingTheUrl() {
        ManifestException e =
                assertThrows(ManifestException.class, () -> ManifestReader.read(server.url("/nowhere.json"), http));
        assertTrue(
                e.getMessage().contains(server.url("/nowhere.json"))
                        && e.getMessage().contains("404"),
                e.getMessage());
        ManifestException missing = assertThrows(
                ManifestException.class,
                () -> ManifestReader.read(dir.resolve("none.json").toString(), http));
        assertTrue(missing.getMessage().contains("no such file"), missing.getMessage());
    }

    private void assertRefused(String json, String expected) throws Exception {
        Path file = Files.writeString(dir.resolve("bad.json"), json, StandardCharsets.UTF_8);
        ManifestException e = assertThrows(ManifestException.class, () -> ManifestReader.read(file.toString(), http));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
    }
}
