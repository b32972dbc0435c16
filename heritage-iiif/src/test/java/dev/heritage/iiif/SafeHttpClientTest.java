package dev.heritage.iiif;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The guarded HTTP client against a real server on 127.0.0.1: addresses, retries, caps, redirects, timeouts. */
class SafeHttpClientTest {
    private static final byte[] HELLO = "hello".getBytes(StandardCharsets.UTF_8);

    private IiifTestServer server;

    @BeforeEach
    void start() throws Exception {
        server = IiifTestServer.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private static SafeHttpClient client(boolean allowPrivate) {
        return new SafeHttpClient(IiifFetchOptions.builder()
                .optAllowPrivateNetwork(allowPrivate)
                .optBackoff(Duration.ofMillis(10))
                .optReadTimeout(Duration.ofMillis(800))
                .build());
    }

    private byte[] get(SafeHttpClient c, String path, long cap) throws FetchException {
        return c.get(URI.create(server.url(path)), cap, "*/*");
    }

    @Test
    void refusesLoopbackUnlessPrivateNetworksAreAllowedAndSaysHow() throws Exception {
        server.serve("/a", "text/plain", HELLO);
        FetchException e = assertThrows(FetchException.class, () -> get(client(false), "/a", 100));
        assertEquals(FetchException.Reason.REFUSED_ADDRESS, e.reason());
        assertTrue(e.getMessage().contains("127.0.0.1, a loopback address"), e.getMessage());
        assertTrue(e.getMessage().contains("--allow-private-network"), e.getMessage());
        assertEquals(0, server.hits("/a"), "nothing may be sent to a refused address");
        assertArrayEquals(HELLO, get(client(true), "/a", 100));
    }

    @Test
    void classifiesNonPublicAddresses() throws Exception {
        for (String a : new String[] {
            "10.1.2.3",
            "172.16.0.1",
            "192.168.1.1",
            "169.254.169.254",
            "0.0.0.0",
            "100.64.0.1",
            "::1",
            "fe80::1",
            "fd00::1",
            "::",
            "224.0.0.1",
            "::ffff:127.0.0.1"
        }) {
            assertNotNull(AddressGuard.nonPublicKind(InetAddress.getByName(a)), a);
        }
        for (String a : new String[] {"93.184.216.34", "8.8.8.8", "2001:4860:4860::8888"}) {
            assertNull(AddressGuard.nonPublicKind(InetAddress.getByName(a)), a);
        }
    }

    @Test
    void triesAgainAfterA503AndGetsThe200() throws Exception {
        server.on("/flaky", (x, hit) -> {
            if (hit == 1) {
                x.sendResponseHeaders(503, -1);
            } else {
                IiifTestServer.send(x, 200, "text/plain", HELLO, false);
            }
        });
        assertArrayEquals(HELLO, get(client(true), "/flaky", 100));
        assertEquals(2, server.hits("/flaky"));
    }

    @Test
    void givesUpOnPersistent5xxAfterTheAttemptsAndNeverRetriesA4xx() {
        server.status("/down", 500).status("/gone", 404);
        FetchException down = assertThrows(FetchException.class, () -> get(client(true), "/down", 100));
        assertEquals(500, down.status());
        assertEquals(3, server.hits("/down"));
        FetchException gone = assertThrows(FetchException.class, () -> get(client(true), "/gone", 100));
        assertEquals(FetchException.Reason.HTTP_STATUS, gone.reason());
        assertEquals(404, gone.status());
        assertEquals(1, server.hits("/gone"));
        assertTrue(gone.getMessage().contains(server.url("/gone"))
                && gone.getMessage().contains("404"));
    }

    @Test
    void capsTheBodyWithAndWithoutAContentLength() {
        byte[] big = new byte[64 * 1024];
        server.serve("/declared", "application/octet-stream", big);
        server.on("/chunked", (x, hit) -> IiifTestServer.send(x, 200, "application/octet-stream", big, true));
        for (String path : new String[] {"/declared", "/chunked"}) {
            FetchException e = assertThrows(FetchException.class, () -> get(client(true), path, 1000));
            assertEquals(FetchException.Reason.TOO_MANY_BYTES, e.reason(), path);
            assertTrue(e.getMessage().contains("1000 bytes"), e.getMessage());
        }
    }

    @Test
    void followsRedirectsToHttpOnlyAndChecksEachLocation() throws Exception {
        server.serve("/target", "text/plain", HELLO).redirect("/moved", "/target");
        assertArrayEquals(HELLO, get(client(true), "/moved", 100));
        server.redirect("/to-file", "file:///etc/passwd");
        FetchException notHttp = assertThrows(FetchException.class, () -> get(client(true), "/to-file", 100));
        assertEquals(FetchException.Reason.NOT_HTTP, notHttp.reason());
        server.redirect("/loop", "/loop");
        FetchException loop = assertThrows(FetchException.class, () -> get(client(true), "/loop", 100));
        assertEquals(FetchException.Reason.REDIRECTS, loop.reason());
    }

    @Test
    void timesOutAndTriesAgain() {
        server.on("/slow", (x, hit) -> {
            try {
                Thread.sleep(3000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            IiifTestServer.send(x, 200, "text/plain", HELLO, false);
        });
        long start = System.nanoTime();
        FetchException e = assertThrows(FetchException.class, () -> get(client(true), "/slow", 100));
        assertEquals(FetchException.Reason.TIMEOUT, e.reason());
        assertTrue(
                System.nanoTime() - start < 6_000_000_000L, "each try is cut off at the read timeout, not waited out");
        assertEquals(3, server.hits("/slow"));
    }
}
