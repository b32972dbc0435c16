package dev.heritage.iiif;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.heritage.api.DecodeLimits;
import dev.heritage.api.FieldKind;
import dev.heritage.api.ImageDecoder;
import dev.heritage.classify.collection.CollectionRow;
import dev.heritage.classify.collection.CollectionSchema;
import dev.heritage.classify.collection.RowError;
import java.awt.image.BufferedImage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Canvases as rows, against a real server on 127.0.0.1 serving the bundled painting at Image API
 * paths: the image fetched through the service's {@code !1024,1024} request, or the static image;
 * a broken canvas is an error row and the others are read; byte cap and pixel limit give error rows.
 */
class IiifRowsTest {
    /** The schema of the zoo model's inputs and tasks, as AnnotationSchema.of(card) gives it. */
    static final CollectionSchema SCHEMA = CollectionSchema.builder()
            .field("style", FieldKind.CATEGORICAL)
            .field("title", FieldKind.TEXT)
            .field("artist", FieldKind.TEXT)
            .field("decade", FieldKind.TEXT)
            .field("century", FieldKind.TEXT)
            .field("year", FieldKind.YEAR)
            .build();

    private IiifTestServer server;

    @BeforeEach
    void start() throws Exception {
        server = IiifTestServer.start()
                .manifest("/v3-service.json", "v3-service.json")
                .manifest("/v3-static.json", "v3-static.json")
                .manifest("/v2.json", "v2.json")
                .serve("/iiif/scream/full/!1024,1024/0/default.jpg", "image/jpeg", IiifTestServer.scream())
                .serve("/iiif2/scream/full/!1024,1024/0/default.jpg", "image/jpeg", IiifTestServer.scream())
                .serve("/static/scream.jpg", "image/jpeg", IiifTestServer.scream());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private static IiifFetchOptions.Builder options() {
        return IiifFetchOptions.builder().optAllowPrivateNetwork(true).optBackoff(Duration.ofMillis(10));
    }

    private List<CollectionRow> rows(String manifest, IiifFetchOptions options) throws Exception {
        IiifRows source = IiifRows.open(server.url(manifest), SCHEMA, options);
        List<CollectionRow> out = new ArrayList<>();
        for (CollectionRow r; (r = source.next()) != null; ) {
            out.add(r);
        }
        return out;
    }

    @Test
    void aPresentation3CanvasWithAServiceIsFetchedAtTheBoundedSizeAndABrokenOneIsAnErrorRow() throws Exception {
        List<CollectionRow> rows = rows("/v3-service.json", options().build());
        assertEquals(2, rows.size());
        CollectionRow front = rows.get(0);
        assertTrue(front.ok(), front.errors().toString());
        assertEquals(
                "https://museum.example.org/iiif/scream/canvas/1", front.asset().id());
        assertEquals(1, server.hits("/iiif/scream/full/!1024,1024/0/default.jpg"));
        BufferedImage image = ImageDecoder.decode(front.asset().image());
        assertEquals(352, image.getWidth());
        assertEquals(448, image.getHeight());
        assertEquals(
                Map.of("style", "Expressionism", "title", "The Scream", "artist", "Edvard Munch", "year", "1893"),
                front.asset().fields());
        assertNull(front.imagePath(), "nothing is written to disk");

        CollectionRow back = rows.get(1);
        assertFalse(back.ok(), "a canvas whose image is not found has no asset");
        RowError e = back.errors().get(0);
        assertEquals(RowError.Type.IMAGE_FETCH, e.type());
        assertEquals("https://museum.example.org/iiif/scream/canvas/2", e.id());
        assertTrue(
                e.message().contains("404") && e.message().contains("/iiif/missing/full/!1024,1024/0/default.jpg"),
                e.message());
    }

    @Test
    void aStaticImageWithoutAServiceIsFetchedFromItsOwnUrl() throws Exception {
        IiifRows source =
                IiifRows.open(server.url("/v3-static.json"), SCHEMA, options().build());
        CollectionRow row = source.next();
        assertTrue(row.ok(), row.errors().toString());
        assertEquals(1, server.hits("/static/scream.jpg"));
        assertEquals(
                Map.of("title", "The Scream", "artist", "Edvard Munch"),
                row.asset().fields());
        assertEquals(
                List.of("manifest, metadata 'Date': 'nineteenth century' is not a year (expected a whole number such"
                        + " as 1889 or -350); left out of field year"),
                source.warnings());
        assertNull(source.next());
    }

    @Test
    void aPresentation2CanvasIsFetchedThroughItsImageApi2Service() throws Exception {
        CollectionRow row = rows("/v2.json", options().build()).get(0);
        assertTrue(row.ok(), row.errors().toString());
        assertEquals(
                "https://museum.example.org/iiif2/scream/canvas/p1", row.asset().id());
        assertEquals(1, server.hits("/iiif2/scream/full/!1024,1024/0/default.jpg"));
        assertEquals(
                Map.of("title", "The Scream", "artist", "Edvard Munch", "year", "1893"),
                row.asset().fields());
    }

    @Test
    void anImageOverTheByteCapOrThePixelLimitIsAnErrorRow() throws Exception {
        CollectionRow bytes = rows(
                        "/v3-static.json", options().optMaxImageBytes(10_000).build())
                .get(0);
        assertEquals(RowError.Type.IMAGE_FETCH, bytes.errors().get(0).type());
        assertTrue(
                bytes.errors().get(0).message().contains("longer than 10000 bytes"),
                bytes.errors().toString());

        CollectionRow pixels = rows(
                        "/v3-static.json",
                        options()
                                .optDecodeLimits(DecodeLimits.maxPixels(100_000))
                                .build())
                .get(0);
        assertEquals(RowError.Type.IMAGE_FETCH, pixels.errors().get(0).type());
        assertTrue(
                pixels.errors().get(0).message().contains("352x448 pixels, more than the limit of 100000"),
                pixels.errors().toString());
    }

    @Test
    void somethingThatIsNotAnImageIsAnErrorRow() throws Exception {
        server.serve("/static/scream.jpg", "text/html", "<html>login</html>".getBytes());
        CollectionRow row = rows("/v3-static.json", options().build()).get(0);
        assertTrue(
                row.errors().get(0).message().contains("is not an image Heritage can read"),
                row.errors().toString());
    }

    @Test
    void aServerErrorIsTriedAgainForAnImage() throws Exception {
        server.on("/static/scream.jpg", (x, hit) -> {
            if (hit == 1) {
                x.sendResponseHeaders(503, -1);
            } else {
                IiifTestServer.send(x, 200, "image/jpeg", IiifTestServer.scream(), false);
            }
        });
        assertTrue(rows("/v3-static.json", options().build()).get(0).ok());
        assertEquals(2, server.hits("/static/scream.jpg"));
    }

    @Test
    void anImageOrServiceIdThatIsNotAUrlIsAFetchErrorNotACrash() {
        CanvasImages images = new CanvasImages(new SafeHttpClient(options().build()));
        ImageService spaced = new ImageService("https://images.example.org/a b", "ImageService3", "level1", 3);
        FetchException service =
                assertThrows(FetchException.class, () -> images.fetch(new ImageResource("x", "", spaced)));
        assertEquals(FetchException.Reason.NOT_HTTP, service.reason());
        assertTrue(service.getMessage().contains("is not a URL"), service.getMessage());
        FetchException file = assertThrows(
                FetchException.class, () -> images.fetch(new ImageResource("file:///etc/passwd", "", null)));
        assertEquals(FetchException.Reason.NOT_HTTP, file.reason());
    }

    @Test
    void loopbackIsRefusedByDefaultForTheManifestItself() {
        ManifestException e = assertThrows(
                ManifestException.class,
                () -> IiifRows.open(server.url("/v3-static.json"), SCHEMA, IiifFetchOptions.defaults()));
        assertTrue(e.getMessage().contains("--allow-private-network"), e.getMessage());
        assertEquals(0, server.hits("/v3-static.json"));
    }
}
