package dev.heritage.examples.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.heritage.api.Annotator;
import dev.heritage.api.AnnotatorOptions;
import dev.heritage.api.engine.EngineProvider;
import dev.heritage.classify.Annotators;
import dev.heritage.classify.output.Generator;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Starts the endpoint for real on 127.0.0.1 (a free port, the zoo model on ONNX Runtime) and calls it
 * with the JDK's HTTP client, as a CMS would.
 */
class AnnotationServerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long MAX_BYTES = 200_000; // the bundled painting is 121 kB
    private static Annotator annotator;
    private static AnnotationServer server;
    private static HttpClient client;
    private static byte[] painting;

    @BeforeAll
    static void start() throws Exception {
        EngineProvider engine = Annotators.engine(null);
        annotator = Annotators.load(AnnotationServer.MODEL, AnnotatorOptions.builder().engine(engine.name()).build());
        server = AnnotationServer.start(annotator, Generator.of(annotator.card(), engine.name(), engine.version()),
                0, MAX_BYTES, 2);
        client = HttpClient.newHttpClient();
        try (InputStream in = Objects.requireNonNull(
                AnnotationServerTest.class.getResourceAsStream("/paintings/cassatt_summertime.jpg"))) {
            painting = in.readAllBytes();
        }
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
        if (annotator != null) {
            annotator.close();
        }
    }

    @Test
    void listensOnTheLoopbackAddressOnly() {
        assertThat(server.address().getAddress().isLoopbackAddress()).isTrue();
        assertThat(server.address().getAddress().getHostAddress()).isEqualTo("127.0.0.1");
    }

    @Test
    void answersTheAnnotationOfAPostedImageWithItsKnownTitle() throws Exception {
        HttpResponse<String> response = post("/annotate?id=obj-17&title=Summertime", "image/jpeg", painting, null);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/json"));
        JsonNode result = JSON.readTree(response.body());
        assertThat(result.path("id").asText()).isEqualTo("obj-17");
        assertThat(result.path("model").asText()).isEqualTo("paintings-multitask");
        assertThat(result.path("inputsUsed")).extracting(JsonNode::asText).containsExactlyInAnyOrder("image", "title");
        assertThat(result.path("predictions").fieldNames()).toIterable()
                .containsExactlyInAnyOrder("style", "artist", "decade", "century");
        JsonNode style = result.path("predictions").path("style");
        assertThat(style.path("value").asText()).isNotBlank();
        assertThat(style.path("confidence").asDouble()).isBetween(0.0, 1.0);
    }

    @Test
    void aKnownFieldIsNotPredictedAgain() throws Exception {
        HttpResponse<String> response = post("/annotate?id=obj-18&style=Impressionism", "image/jpeg", painting, null);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode result = JSON.readTree(response.body());
        assertThat(result.path("predictions").fieldNames()).toIterable()
                .containsExactlyInAnyOrder("artist", "decade", "century");
    }

    @Test
    void answersAWebAnnotationPageWhenAskedForJsonLd() throws Exception {
        HttpResponse<String> response = post("/annotate?id=https%3A%2F%2Fcollection.example.org%2Fobjects%2F17",
                "image/jpeg", painting, AnnotationServer.JSON_LD);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/ld+json"));
        JsonNode page = JSON.readTree(response.body());
        assertThat(page.path("type").asText()).isEqualTo("AnnotationPage");
        assertThat(page.path("items")).hasSize(4);
        for (JsonNode item : page.path("items")) {
            assertThat(item.path("target").asText()).isEqualTo("https://collection.example.org/objects/17");
            assertThat(item.path("creator").path("engine").path("name").asText()).isEqualTo("onnxruntime");
        }
    }

    @Test
    void concurrentRequestsShareOneAnnotatorAndGetTheSameAnswers() throws Exception {
        ExecutorService cms = Executors.newFixedThreadPool(4);
        try {
            List<Future<HttpResponse<String>>> responses = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                responses.add(cms.submit(() -> post("/annotate?id=same", "image/jpeg", painting, null)));
            }
            List<String> bodies = new ArrayList<>();
            for (Future<HttpResponse<String>> r : responses) {
                assertThat(r.get().statusCode()).as(r.get().body()).isEqualTo(200);
                bodies.add(r.get().body());
            }
            assertThat(bodies).allSatisfy(body -> assertThat(body).isEqualTo(bodies.get(0)));
        } finally {
            cms.shutdownNow();
        }
    }

    @Test
    void badRequestsGetA4xxThatSaysWhatToDo() throws Exception {
        assertError(post("/annotate?id=x", "image/jpeg", "not an image".getBytes(), null), 400, "invalid_image");
        assertError(post("/annotate?id=x", "image/jpeg", new byte[0], null), 400, "no_image");
        HttpResponse<String> unknown = post("/annotate?colour=red", "image/jpeg", painting, null);
        assertError(unknown, 400, "unknown_field");
        assertThat(unknown.body()).contains("colour").contains("title").contains("style");
        assertError(post("/annotate?title=a&title=b", "image/jpeg", painting, null), 400, "bad_query");
        assertError(post("/annotate", "multipart/form-data; boundary=x", painting, null), 415, "unsupported_media_type");
        HttpResponse<String> tooLarge = post("/annotate?id=big", "image/jpeg", new byte[(int) MAX_BYTES + 1], null);
        assertError(tooLarge, 413, "too_large");
        assertThat(tooLarge.body()).contains("--max-bytes");
        assertError(post("/elsewhere", "image/jpeg", painting, null), 404, "not_found");

        HttpResponse<String> get = client.send(HttpRequest.newBuilder(uri("/annotate")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertError(get, 405, "method_not_allowed");
        assertThat(get.headers().firstValue("Allow")).hasValue("POST");
    }

    @Test
    void reportsHealth() throws Exception {
        HttpResponse<String> health = client.send(HttpRequest.newBuilder(uri("/health")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(health.body()).path("model").asText()).isEqualTo("paintings-multitask");
    }

    private static void assertError(HttpResponse<String> response, int status, String type) throws IOException {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        JsonNode error = JSON.readTree(response.body()).path("error");
        assertThat(error.path("type").asText()).isEqualTo(type);
        assertThat(error.path("message").asText()).isNotBlank();
    }

    private static HttpResponse<String> post(String pathAndQuery, String contentType, byte[] body, String accept)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(pathAndQuery))
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (accept != null) {
            request.header("Accept", accept);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static URI uri(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + server.port() + pathAndQuery);
    }
}
