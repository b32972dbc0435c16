package dev.heritage.cli;

import static org.junit.jupiter.api.Assertions.fail;

import com.sun.net.httpserver.HttpServer;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;

/**
 * Opens an HTML file in a real headless Chromium (Debian's {@code chromium} package) and reports what
 * the browser saw: a screenshot, the DOM after load, console messages, every request it made, and
 * the images that failed to load.
 *
 * <p>The page is served from a localhost server that records each request, so a page that fetches
 * anything besides itself is caught. The served copy gets a small probe script appended that, on
 * load, lists images that failed to decode (broken {@code src} or corrupt {@code data:} URI) in a
 * {@code data-broken-images} attribute and as a console error; the file on disk is not changed.
 *
 * <p>When {@code /usr/bin/chromium} (or {@code -Dheritage.browser.path}) is absent the calling test
 * is skipped, unless {@code -Dheritage.browser.required=true}, in which case it fails. Each browser
 * run is bounded by {@link #TIMEOUT_SECONDS}. Not thread-safe; one instance per test.
 */
final class HeadlessChromium {
    static final long TIMEOUT_SECONDS = 90;
    private static final String PROBE = "<script>window.addEventListener('load',function(){var bad=[];"
            + "for(var i=0;i<document.images.length;i++){var im=document.images[i];"
            + "if(!im.complete||im.naturalWidth===0){bad.push(im.alt||im.src.slice(0,40));}}"
            + "document.body.setAttribute('data-broken-images',bad.join('|'));"
            + "document.body.setAttribute('data-images',String(document.images.length));"
            + "if(bad.length){console.error('broken images: '+bad.join(', '));}});</script>";

    private final Path browser;
    private final Path work;

    /**
     * What one page load showed.
     *
     * @param screenshot the rendered page
     * @param dom the serialised DOM after the load event
     * @param console console messages (JavaScript errors, console calls, failed loads) and network errors
     * @param requests the paths the browser asked the server for
     */
    record Page(BufferedImage screenshot, String dom, List<String> console, List<String> requests) {}

    private HeadlessChromium(Path browser, Path work) {
        this.browser = browser;
        this.work = work;
    }

    /**
     * @param work a fresh folder for profiles and screenshots
     * @return the browser; skips (or fails, when required) the calling test when there is none
     */
    static HeadlessChromium require(Path work) {
        Path browser = Path.of(System.getProperty("heritage.browser.path", "/usr/bin/chromium"));
        if (!Files.isExecutable(browser)) {
            String why = browser + " not found: install Debian's chromium package (apt-get install chromium) to run"
                    + " the browser test";
            if (Boolean.getBoolean("heritage.browser.required")) {
                fail(why + " (heritage.browser.required=true)");
            }
            Assumptions.abort(why);
        }
        return new HeadlessChromium(browser, work);
    }

    /**
     * Serves {@code html} (and, for the record, nothing else) and loads it twice: once for a
     * screenshot, once for the DOM.
     *
     * @param html the page
     * @param width the window's width
     * @param height the window's height (the screenshot's)
     * @return what the browser showed
     */
    Page open(Path html, int width, int height) throws IOException, InterruptedException {
        byte[] page = Files.readString(html, StandardCharsets.UTF_8)
                .replace("</body>", PROBE + "</body>")
                .getBytes(StandardCharsets.UTF_8);
        List<String> requests = Collections.synchronizedList(new ArrayList<>());
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            requests.add(path);
            boolean ours = path.equals("/report.html");
            byte[] body = ours ? page : "not served".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", ours ? "text/html; charset=utf-8" : "text/plain");
            exchange.sendResponseHeaders(ours ? 200 : 404, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        try {
            String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/report.html";
            Path png = work.resolve("screenshot.png");
            List<String> console = new ArrayList<>();
            run(url, "--screenshot=" + png, "--window-size=" + width + "," + height, console, "screenshot");
            String dom = run(url, "--dump-dom", "--window-size=" + width + "," + height, console, "dom");
            BufferedImage shot = Files.exists(png) ? ImageIO.read(png.toFile()) : null;
            return new Page(shot, dom, console, List.copyOf(requests));
        } finally {
            server.stop(0);
        }
    }

    private String run(String url, String action, String window, List<String> console, String name)
            throws IOException, InterruptedException {
        Path profile = Files.createDirectories(work.resolve("profile-" + name));
        Path stdout = work.resolve(name + ".out");
        Path stderr = work.resolve(name + ".err");
        Process p = new ProcessBuilder(
                        browser.toString(),
                        "--headless",
                        "--no-sandbox",
                        "--disable-gpu",
                        "--disable-quic",
                        "--no-first-run",
                        "--disable-background-networking",
                        "--disable-component-update",
                        "--disable-sync",
                        "--disable-extensions",
                        "--hide-scrollbars",
                        "--user-data-dir=" + profile,
                        "--enable-logging=stderr",
                        "--v=0",
                        window,
                        action,
                        url)
                .redirectOutput(stdout.toFile())
                .redirectError(stderr.toFile())
                .start();
        if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            fail("chromium did not finish within " + TIMEOUT_SECONDS + " s; its log: " + stderr);
        }
        for (String line : Files.readAllLines(stderr, StandardCharsets.UTF_8)) {
            if (line.contains(":CONSOLE") || line.contains("Failed to load resource") || line.contains("net::ERR_")) {
                console.add(line);
            }
        }
        if (p.exitValue() != 0) {
            fail("chromium exited with " + p.exitValue() + "; its log: " + stderr);
        }
        return Files.readString(stdout, StandardCharsets.UTF_8);
    }

    /**
     * @param image a screenshot
     * @return the variance of its luminance (0 for a blank page)
     */
    static double lumaVariance(BufferedImage image) {
        double sum = 0;
        double sq = 0;
        long n = 0;
        for (int y = 0; y < image.getHeight(); y += 2) {
            for (int x = 0; x < image.getWidth(); x += 2) {
                int rgb = image.getRGB(x, y);
                double l = 0.299 * (rgb >> 16 & 255) + 0.587 * (rgb >> 8 & 255) + 0.114 * (rgb & 255);
                sum += l;
                sq += l * l;
                n++;
            }
        }
        double mean = sum / n;
        return sq / n - mean * mean;
    }

    /**
     * @param image a screenshot
     * @param rgb a colour
     * @param tolerance the largest difference per channel
     * @return how many pixels have that colour
     */
    static int count(BufferedImage image, int rgb, int tolerance) {
        int found = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int c = image.getRGB(x, y);
                if (Math.abs((c >> 16 & 255) - (rgb >> 16 & 255)) <= tolerance
                        && Math.abs((c >> 8 & 255) - (rgb >> 8 & 255)) <= tolerance
                        && Math.abs((c & 255) - (rgb & 255)) <= tolerance) {
                    found++;
                }
            }
        }
        return found;
    }
}
