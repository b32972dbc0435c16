package dev.heritage.iiif;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real HTTP server on 127.0.0.1 (the JDK's {@link HttpServer}) that plays a museum's IIIF
 * endpoints for tests: manifests from this package's test resources with {@code {base}} replaced
 * by the server's address, a bundled public-domain painting (Munch's The Scream, 352x448) at Image
 * API paths, error statuses, redirects, slow answers. Counts the requests per path.
 *
 * <p>Thread-safe. Close it to stop the server.
 */
public final class IiifTestServer implements AutoCloseable {
    /** What a path answers. */
    @FunctionalInterface
    public interface Answer {
        /**
         * @param exchange the request, to answer
         * @param hit 1 for the first request to this path, 2 for the second, ...
         * @throws IOException if answering fails
         */
        void answer(HttpExchange exchange, int hit) throws IOException;
    }

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final Map<String, Answer> answers = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();

    private IiifTestServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(threads);
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getRawPath();
            int hit = hits.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
            try (exchange) {
                Answer a = answers.get(path);
                if (a == null) {
                    exchange.sendResponseHeaders(404, -1);
                } else {
                    a.answer(exchange, hit);
                }
            }
        });
        server.start();
    }

    /** @return a started server @throws IOException if it cannot listen */
    public static IiifTestServer start() throws IOException {
        return new IiifTestServer();
    }

    /** @return {@code http://127.0.0.1:PORT} */
    public String base() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** @param path a path @return the URL of that path on this server */
    public String url(String path) {
        return base() + path;
    }

    /** @param path a path @return how many requests it got */
    public int hits(String path) {
        AtomicInteger n = hits.get(path);
        return n == null ? 0 : n.get();
    }

    /** @param path the path @param answer what it answers @return this */
    public IiifTestServer on(String path, Answer answer) {
        answers.put(path, answer);
        return this;
    }

    /** Serves bytes with a Content-Length. @return this */
    public IiifTestServer serve(String path, String contentType, byte[] body) {
        return on(path, (x, hit) -> send(x, 200, contentType, body, false));
    }

    /** Serves a manifest of this package's test resources, {@code {base}} replaced. @return this */
    public IiifTestServer manifest(String path, String resource) {
        return serve(path, "application/ld+json", manifestText(resource).getBytes(StandardCharsets.UTF_8));
    }

    /** @param resource a manifest of this package's test resources @return its text, {@code {base}} replaced */
    public String manifestText(String resource) {
        return new String(resource(resource), StandardCharsets.UTF_8).replace("{base}", base());
    }

    /** @return this */
    public IiifTestServer status(String path, int status) {
        return on(path, (x, hit) -> x.sendResponseHeaders(status, -1));
    }

    /** @return this */
    public IiifTestServer redirect(String path, String location) {
        return on(path, (x, hit) -> {
            x.getResponseHeaders().add("Location", location);
            x.sendResponseHeaders(302, -1);
        });
    }

    /**
     * @param x the exchange
     * @param status the status
     * @param contentType the media type
     * @param body the body
     * @param chunked send without a Content-Length
     * @throws IOException if sending fails
     */
    public static void send(HttpExchange x, int status, String contentType, byte[] body, boolean chunked)
            throws IOException {
        x.getResponseHeaders().add("Content-Type", contentType);
        x.sendResponseHeaders(status, chunked ? 0 : body.length);
        try (OutputStream out = x.getResponseBody()) {
            out.write(body);
        }
    }

    /** @return the bundled public-domain painting, a 352x448 JPEG */
    public static byte[] scream() {
        try (InputStream in = IiifTestServer.class.getResourceAsStream("/backbone/munch_the_scream.jpg")) {
            if (in == null) {
                throw new IllegalStateException("the test painting backbone/munch_the_scream.jpg is not on the class"
                        + " path (heritage-classify's test jar)");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] resource(String name) {
        try (InputStream in = IiifTestServer.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource " + name + " beside IiifTestServer");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
