package dev.heritage.examples.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.heritage.api.AnnotationResult;
import dev.heritage.api.Annotator;
import dev.heritage.api.AnnotatorOptions;
import dev.heritage.api.Asset;
import dev.heritage.api.FieldSpec;
import dev.heritage.api.HeritageException;
import dev.heritage.api.ImageSource;
import dev.heritage.api.ImageTooLargeException;
import dev.heritage.api.InvalidImageException;
import dev.heritage.api.engine.EngineProvider;
import dev.heritage.api.TaskSpec;
import dev.heritage.classify.Annotators;
import dev.heritage.classify.output.Generator;
import dev.heritage.classify.output.JsonLinesWriter;
import dev.heritage.classify.output.WebAnnotationWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A minimal HTTP endpoint that a CMS posts an image to and that answers its annotation: the JDK's
 * {@link HttpServer}, no framework, bound to {@code 127.0.0.1} only (put a reverse proxy in front of
 * it to expose it).
 *
 * <ul>
 *   <li>{@code POST /annotate?id=OBJECT&title=...&style=...} with the image file as the request body
 *       (not multipart). Query parameters: {@code id} (optional, echoed), and the fields already
 *       known: the model's inputs and tasks ({@code title}, {@code style}, {@code artist},
 *       {@code decade}, {@code century} for {@code paintings-multitask}). Answers {@code 200} with
 *       the result as one JSON object (the library's JSON Lines record), or, when the request's
 *       {@code Accept} names {@code application/ld+json}, a W3C Web Annotation page.</li>
 *   <li>{@code GET /health}: {@code 200} and the model's id once the model is loaded.</li>
 * </ul>
 *
 * <p>Errors are JSON ({@code {"id", "error": {"type", "message"}}}) with a 4xx status that says what
 * was wrong: 400 no image, an image that cannot be decoded, an unknown or repeated field; 404 no such
 * path; 405 wrong method; 413 a body over {@link #maxBodyBytes()} or an image over the decoder's
 * pixel limit; 415 a {@code Content-Type} that is not an image. An engine failure answers 500; a
 * request that arrives while the server shuts down, 503.
 *
 * <p>One {@link Annotator} (thread-safe) serves every request; requests run on a fixed pool of
 * threads. Thread-safe. {@link #close()} stops accepting requests, waits briefly for those in
 * flight, and stops the threads; the caller closes the annotator afterwards.
 */
public final class AnnotationServer implements AutoCloseable {
    /** The zoo model the command line serves (non-commercial research and educational use only). */
    public static final String MODEL = "paintings-multitask";
    /** The default limit of a request body: 20 MiB. */
    public static final long DEFAULT_MAX_BODY_BYTES = 20L * 1024 * 1024;
    /** The media type of a Web Annotation page. */
    public static final String JSON_LD = "application/ld+json";
    /**
     * A body over the limit is still read (and dropped) up to this many times the limit, so that the
     * client receives the 413 answer; beyond that the connection is closed.
     */
    private static final long DRAIN_FACTOR = 4;

    private final Annotator annotator;
    private final Generator generator;
    private final long maxBodyBytes;
    private final Set<String> knownFields;
    private final HttpServer server;
    private final ExecutorService workers;

    private AnnotationServer(Annotator annotator, Generator generator, int port, long maxBodyBytes, int threads)
            throws IOException {
        this.annotator = Objects.requireNonNull(annotator, "annotator");
        this.generator = Objects.requireNonNull(generator, "generator");
        if (maxBodyBytes < 1) {
            throw new IllegalArgumentException("The body limit must be at least 1 byte, got " + maxBodyBytes);
        }
        if (threads < 1) {
            throw new IllegalArgumentException("The server needs at least 1 request thread, got " + threads);
        }
        this.maxBodyBytes = maxBodyBytes;
        Set<String> fields = new LinkedHashSet<>();
        for (FieldSpec input : annotator.card().inputs()) {
            fields.add(input.name());
        }
        for (TaskSpec task : annotator.card().tasks()) {
            fields.add(task.name());
        }
        fields.remove("image"); // the image is the body
        this.knownFields = Set.copyOf(fields);
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        this.workers = Executors.newFixedThreadPool(threads);
        server.setExecutor(workers);
        server.createContext("/", this::handle);
        server.start();
    }

    /**
     * Starts serving on {@code 127.0.0.1}.
     *
     * @param annotator the annotator every request shares; the caller closes it after {@link #close()}
     * @param generator what produced the results (for the Web Annotations' {@code generator})
     * @param port the port, or 0 for a free one ({@link #port()} tells which)
     * @param maxBodyBytes the largest request body accepted
     * @param threads how many requests are annotated at once
     * @return the running server
     * @throws IOException if the port cannot be bound (in use: choose another, or 0)
     */
    public static AnnotationServer start(Annotator annotator, Generator generator, int port, long maxBodyBytes,
                                         int threads) throws IOException {
        return new AnnotationServer(annotator, generator, port, maxBodyBytes, threads);
    }

    /** @return the port the server listens on */
    public int port() {
        return server.getAddress().getPort();
    }

    /** @return the address the server listens on (always a loopback address) */
    public InetSocketAddress address() {
        return server.getAddress();
    }

    /** @return the largest request body accepted, in bytes */
    public long maxBodyBytes() {
        return maxBodyBytes;
    }

    /** @return the field names a request may give as query parameters, besides {@code id} */
    public Set<String> knownFields() {
        return knownFields;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            String method = exchange.getRequestMethod();
            if (!(path.equals("/annotate") && method.equals("POST"))) {
                // Unread bytes would reset the connection and lose the answer (see annotate).
                readAtMost(exchange.getRequestBody(), 0, DRAIN_FACTOR * maxBodyBytes);
            }
            if (path.equals("/health")) {
                if (!method.equals("GET")) {
                    exchange.getResponseHeaders().set("Allow", "GET");
                    error(exchange, 405, "-", "method_not_allowed", "Use GET on /health");
                    return;
                }
                respond(exchange, 200, "application/json",
                        "{\"status\":\"ok\",\"model\":\"" + annotator.card().id() + "\"}\n");
            } else if (path.equals("/annotate")) {
                if (!method.equals("POST")) {
                    exchange.getResponseHeaders().set("Allow", "POST");
                    error(exchange, 405, "-", "method_not_allowed",
                            "POST the image file as the request body to /annotate, e.g. curl --data-binary @scan.jpg");
                    return;
                }
                annotate(exchange);
            } else {
                error(exchange, 404, "-", "not_found", "No such path: " + path + ". Use POST /annotate or GET /health");
            }
        } catch (IOException | RuntimeException e) {
            // The client went away, or a bug: the answer (if any could be sent) is a 500.
            try {
                error(exchange, 500, "-", "internal_error", e.toString());
            } catch (IOException | RuntimeException ignored) {
                // headers already sent or connection closed: nothing more to tell the client
            }
        }
    }

    private void annotate(HttpExchange exchange) throws IOException {
        // The body is read (or drained) before any answer: closing a connection with unread bytes
        // resets it, and the client would lose the answer that says what was wrong.
        String declared = exchange.getRequestHeaders().getFirst("Content-Length");
        byte[] image = parseLength(declared) > DRAIN_FACTOR * maxBodyBytes
                ? null : readAtMost(exchange.getRequestBody(), maxBodyBytes, DRAIN_FACTOR * maxBodyBytes);
        Map<String, String> query;
        try {
            query = parseQuery(exchange.getRequestURI().getRawQuery());
        } catch (IllegalArgumentException e) {
            error(exchange, 400, "-", "bad_query", e.getMessage());
            return;
        }
        String id = query.getOrDefault("id", "upload");
        List<String> unknown = new ArrayList<>();
        for (String name : query.keySet()) {
            if (!name.equals("id") && !knownFields.contains(name)) {
                unknown.add(name);
            }
        }
        if (!unknown.isEmpty()) {
            error(exchange, 400, id, "unknown_field", "Unknown field(s) " + unknown + "; known fields: id, "
                    + String.join(", ", knownFields.stream().sorted().toList()));
            return;
        }
        String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
        if (contentType != null && !isImageType(contentType)) {
            error(exchange, 415, id, "unsupported_media_type", "The body must be the image file itself (Content-Type"
                    + " image/jpeg, image/png, image/tiff, ... or application/octet-stream), not " + contentType);
            return;
        }
        if (image == null) {
            error(exchange, 413, id, "too_large", tooLarge());
            return;
        }
        if (image.length == 0) {
            error(exchange, 400, id, "no_image", "The request has no body: POST the image file, e.g."
                    + " curl --data-binary @scan.jpg -H 'Content-Type: image/jpeg' 'http://127.0.0.1:PORT/annotate?id=obj-17'");
            return;
        }
        Asset.Builder asset = Asset.builder(id).image(ImageSource.of(image, "the posted image of " + id));
        query.forEach((name, value) -> {
            if (!name.equals("id")) {
                asset.field(name, value);
            }
        });
        AnnotationResult result;
        try {
            result = annotator.annotate(asset.build());
        } catch (ImageTooLargeException e) {
            error(exchange, 413, id, "image_too_large", e.getMessage());
            return;
        } catch (InvalidImageException e) {
            error(exchange, 400, id, "invalid_image", e.getMessage());
            return;
        } catch (IllegalStateException closing) {
            error(exchange, 503, id, "shutting_down", "The server is shutting down; retry on another instance");
            return;
        } catch (HeritageException e) {
            error(exchange, 500, id, "engine_failure", e.getMessage());
            return;
        }
        String accept = exchange.getRequestHeaders().getFirst("Accept");
        if (accept != null && accept.toLowerCase(Locale.ROOT).contains(JSON_LD)) {
            StringWriter page = new StringWriter();
            try (WebAnnotationWriter writer = WebAnnotationWriter.builder(generator).open(page)) {
                writer.writeResult(result);
            }
            respond(exchange, 200, JSON_LD, page.toString());
        } else {
            respond(exchange, 200, "application/json", JsonLinesWriter.resultLine(result));
        }
    }

    private String tooLarge() {
        return "The image is larger than this server accepts (" + maxBodyBytes + " bytes); send a smaller"
                + " derivative, or start the server with a larger --max-bytes";
    }

    private static boolean isImageType(String contentType) {
        String type = contentType.toLowerCase(Locale.ROOT).split(";", 2)[0].strip();
        return type.startsWith("image/") || type.equals("application/octet-stream");
    }

    private static long parseLength(String header) {
        if (header == null) {
            return -1;
        }
        try {
            return Long.parseLong(header.strip());
        } catch (NumberFormatException e) {
            return -1; // the JDK server rejects a malformed length itself; read and bound the body anyway
        }
    }

    /**
     * @return the body, or {@code null} when it is longer than {@code limit}: then the rest is read and
     *     dropped, up to {@code drainLimit} bytes in all
     */
    private static byte[] readAtMost(InputStream body, long limit, long drainLimit) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        byte[] buffer = new byte[64 * 1024];
        long total = 0;
        for (int n; (n = body.read(buffer)) > 0; ) {
            total += n;
            if (total <= limit) {
                bytes.write(buffer, 0, n);
            } else if (total > drainLimit) {
                break;
            }
        }
        return total > limit ? null : bytes.toByteArray();
    }

    private static Map<String, String> parseQuery(String rawQuery) {
        Map<String, String> query = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return query;
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            if (query.put(name, value) != null) {
                throw new IllegalArgumentException("The query parameter '" + name + "' is given twice; give each field once");
            }
        }
        return query;
    }

    private static void error(HttpExchange exchange, int status, String id, String type, String message)
            throws IOException {
        respond(exchange, status, "application/json", JsonLinesWriter.errorLine(id, type, message));
    }

    private static void respond(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType + "; charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** Stops accepting requests, gives those in flight up to 5 seconds, and stops the request threads. */
    @Override
    public void close() {
        server.stop(5);
        workers.shutdown();
        try {
            workers.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * The command line: {@code AnnotationServer [--port N] [--max-bytes N] [--threads N] [--engine NAME]}
     * (defaults: 8080, 20 MiB, 2, the highest-ranked engine). Runs until the JVM is stopped (Ctrl-C):
     * then stops the server first and closes the annotator after.
     *
     * @param args the arguments
     * @throws Exception if the model cannot be loaded or the port cannot be bound
     */
    public static void main(String[] args) throws Exception {
        int port = 8080;
        long maxBytes = DEFAULT_MAX_BODY_BYTES;
        int threads = 2;
        String engine = null;
        try {
            for (int i = 0; i < args.length; i++) {
                String option = args[i];
                if (i + 1 == args.length) {
                    throw new IllegalArgumentException(option + " needs a value");
                }
                String value = args[++i];
                switch (option) {
                    case "--port" -> port = Integer.parseInt(value);
                    case "--max-bytes" -> maxBytes = Long.parseLong(value);
                    case "--threads" -> threads = Integer.parseInt(value);
                    case "--engine" -> engine = value;
                    default -> throw new IllegalArgumentException("unknown option " + option);
                }
            }
        } catch (IllegalArgumentException e) {
            PrintStream err = System.err;
            err.println("Error: " + e.getMessage());
            err.println("Usage: AnnotationServer [--port N] [--max-bytes N] [--threads N] [--engine NAME]");
            System.exit(2);
            return;
        }
        EngineProvider provider = Annotators.engine(engine);
        Annotator annotator = Annotators.load(MODEL, AnnotatorOptions.builder().engine(provider.name()).build());
        AnnotationServer server = start(annotator, Generator.of(annotator.card(), provider.name(), provider.version()),
                port, maxBytes, threads);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();      // first stop taking requests,
            annotator.close();   // then free the engine (waits for calls still inside)
            stopped.countDown();
        }, "annotation-server-shutdown"));
        System.out.println("Serving " + MODEL + " on http://127.0.0.1:" + server.port() + "/annotate (Ctrl-C to stop)");
        stopped.await();
    }
}
