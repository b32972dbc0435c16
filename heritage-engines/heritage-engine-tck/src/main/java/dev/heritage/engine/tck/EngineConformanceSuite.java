package dev.heritage.engine.tck;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.heritage.api.Device;
import dev.heritage.api.DeviceUnavailableException;
import dev.heritage.api.engine.EngineProvider;
import dev.heritage.api.engine.Engines;
import dev.heritage.api.engine.LoadedNetwork;
import dev.heritage.api.engine.NetworkArtifact;
import dev.heritage.api.engine.Tensor;
import dev.heritage.runtime.HeritageCache;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The conformance suite every engine module runs in its own tests: extend it and name the engine.
 * It loads the {@link ReferenceNetwork}, exported to every format, through the engine found by
 * {@link Engines#get(String)} and requires the same outputs as PyTorch (run directly through DJL)
 * within {@value #TOLERANCE}, for batch sizes 1 and 8; the same results under concurrent calls; and
 * a clear {@link DeviceUnavailableException} for CUDA where the machine or module cannot offer it.
 *
 * <p>The test class's JVM needs the PyTorch engine module on its test class path (the reference).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class EngineConformanceSuite {
    /** The largest absolute difference allowed between an engine's output and PyTorch's. */
    public static final double TOLERANCE = 1e-4;

    private ReferenceFixture fixture;
    private EngineProvider provider;
    private LoadedNetwork network;

    /** @return the engine under test, e.g. {@code onnxruntime} */
    protected abstract String engineName();

    /**
     * Builds the fixture and loads the network on the CPU.
     *
     * @throws Exception if either fails
     */
    @BeforeAll
    void loadReference() throws Exception {
        fixture = ReferenceFixture.get();
        provider = Engines.get(engineName());
        network = provider.load(new NetworkArtifact(fixture.model(), ReferenceFixture.NETWORK), Device.cpu());
    }

    /** Closes the network. */
    @AfterAll
    void close() {
        if (network != null) {
            network.close();
        }
    }

    @Test
    void providerDescribesItself() {
        assertEquals(engineName(), provider.name());
        assertFalse(provider.version().isBlank());
        assertNotEquals("unknown", provider.version());
        assertTrue(provider.deviceTypes().contains(Device.CPU));
        assertFalse(provider.weightFormats().isEmpty());
        assertTrue(provider.weightFormats().contains(network.format()));
        assertEquals(List.of("image", "category", "text"), network.inputNames());
        assertEquals(List.of("features", "style", "decade", "decoded"), network.outputNames());
    }

    @ParameterizedTest(name = "batch {0}")
    @ValueSource(ints = {1, 8})
    void sameOutputsAsPyTorch(int batch) throws Exception {
        Map<String, Tensor> actual = network.forward(fixture.inputs(batch));
        Map<String, Tensor> expected = fixture.expected(batch);
        assertEquals(expected.keySet(), actual.keySet());
        for (String name : expected.keySet()) {
            Tensor e = expected.get(name);
            Tensor a = actual.get(name);
            assertArrayEquals(e.shape(), a.shape(), name + " shape");
            double worst = 0;
            for (int i = 0; i < e.floats().length; i++) {
                worst = Math.max(worst, Math.abs(e.floats()[i] - a.floats()[i]));
            }
            assertTrue(
                    worst <= TOLERANCE,
                    engineName() + " output '" + name + "' differs from PyTorch by " + worst + " (batch " + batch
                            + ")");
        }
        // The reference is not degenerate: outputs vary across the batch.
        if (batch > 1) {
            float[] f = expected.get("features").floats();
            int width = (int) expected.get("features").dim(1);
            boolean varies = false;
            for (int i = 0; i < width; i++) {
                varies |= Math.abs(f[i] - f[width + i]) > 1e-3;
            }
            assertTrue(varies, "reference features should differ between rows");
        }
    }

    @Test
    void callsOfChangingBatchSizesOnOnePredictorKeepTheirOwnInputs() throws Exception {
        // Sequential calls take the same pooled predictor, whose native input buffers are reused:
        // a smaller batch after a larger one, and a larger one again, must each see only their own values.
        for (int batch : new int[] {8, 1, 8, 1, 1, 8}) {
            float[] expected = fixture.expected(batch).get("features").floats();
            float[] actual =
                    network.forward(fixture.inputs(batch)).get("features").floats();
            assertEquals(expected.length, actual.length, "batch " + batch);
            for (int i = 0; i < expected.length; i++) {
                assertTrue(
                        Math.abs(expected[i] - actual[i]) <= TOLERANCE,
                        engineName() + " batch " + batch + ", value " + i + ": " + actual[i] + ", expected "
                                + expected[i]);
            }
        }
    }

    @Test
    void portableWeightsAreDerivedIntoThisEnginesFormatAndNeverTrustedFromTheCache() throws Exception {
        NetworkArtifact portable = new NetworkArtifact(fixture.model(), ReferenceFixture.PORTABLE_NETWORK);
        float[] expected = fixture.expected(8).get("features").floats();
        try (LoadedNetwork first = provider.load(portable, Device.cpu())) {
            assertArrayEquals(
                    expected, first.forward(fixture.inputs(8)).get("features").floats(), (float) TOLERANCE);
        }
        // Corrupt every derived file in the cache: the next load regenerates them.
        Path cache = HeritageCache.directory().resolve("materialized");
        try (Stream<Path> files = Files.walk(cache)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                if (f.toString().contains(engineName() + "-")) {
                    Files.write(f, new byte[] {1, 2, 3});
                }
            }
        }
        try (LoadedNetwork second = provider.load(portable, Device.cpu())) {
            assertArrayEquals(
                    expected, second.forward(fixture.inputs(8)).get("features").floats(), (float) TOLERANCE);
        }
    }

    @Test
    void aCachedExportIsReusedWhileItsDigestsMatchAndDerivedAgainWhenTruncatedTamperedOrExtended() throws Exception {
        NetworkArtifact portable = new NetworkArtifact(fixture.model(), ReferenceFixture.PORTABLE_NETWORK);
        float[] expected = fixture.expected(8).get("features").floats();
        for (Path folder : portableFolders()) { // earlier runs' exports of this network: start from none
            dev.heritage.runtime.FileTrees.deleteRecursively(folder);
            Files.deleteIfExists(folder.resolveSibling(folder.getFileName() + ".sha256"));
        }
        loadAndCheck(portable, expected);
        Map<Path, byte[]> original = derivedFiles();
        assertFalse(original.isEmpty(), "the portable network was derived into the cache");
        List<Path> records = new ArrayList<>();
        for (Path f : original.keySet()) {
            Path folder = derivedFolderOf(f);
            records.add(folder.resolveSibling(folder.getFileName() + ".sha256"));
        }
        var recorded = Files.getLastModifiedTime(records.get(0));

        loadAndCheck(portable, expected);
        assertEquals(recorded, Files.getLastModifiedTime(records.get(0)), "an intact export is used as it is");

        Path victim = original.entrySet().stream()
                .max(Map.Entry.comparingByValue((a, b) -> Integer.compare(a.length, b.length)))
                .orElseThrow()
                .getKey();
        byte[] bytes = original.get(victim);
        Files.write(victim, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        loadAndCheck(portable, expected);
        assertArrayEquals(bytes, Files.readAllBytes(victim), "a truncated export is derived again");

        byte[] tampered = bytes.clone();
        tampered[tampered.length / 2] ^= 0x55;
        Files.write(victim, tampered);
        loadAndCheck(portable, expected);
        assertArrayEquals(bytes, Files.readAllBytes(victim), "an edited export is derived again");

        Path extra = derivedFolderOf(victim).resolve("extra.bin");
        Files.write(extra, new byte[] {1, 2, 3});
        loadAndCheck(portable, expected);
        assertFalse(Files.exists(extra), "a file added to an export is not kept");
        assertEquals(original.keySet(), derivedFiles().keySet());
    }

    private void loadAndCheck(NetworkArtifact network, float[] expected) throws Exception {
        try (LoadedNetwork loaded = provider.load(network, Device.cpu())) {
            assertArrayEquals(
                    expected, loaded.forward(fixture.inputs(8)).get("features").floats(), (float) TOLERANCE);
        }
    }

    /** Every file of this engine's exports of the portable reference network, with its bytes. */
    private Map<Path, byte[]> derivedFiles() throws Exception {
        Map<Path, byte[]> files = new java.util.TreeMap<>();
        for (Path folder : portableFolders()) {
            try (Stream<Path> all = Files.walk(folder)) {
                for (Path f : all.filter(Files::isRegularFile).toList()) {
                    files.put(f, Files.readAllBytes(f));
                }
            }
        }
        return files;
    }

    /**
     * The folders this engine derived the portable reference network into (the test cache is shared
     * with other tests, whose exports are left alone).
     */
    private List<Path> portableFolders() throws Exception {
        List<Path> folders = new ArrayList<>();
        Path cache = HeritageCache.directory().resolve("materialized");
        if (!Files.isDirectory(cache)) {
            return folders;
        }
        try (Stream<Path> engines = Files.list(cache)) {
            for (Path engine : engines.filter(p -> p.getFileName().toString().startsWith(engineName() + "-"))
                    .toList()) {
                try (Stream<Path> derived = Files.list(engine)) {
                    for (Path folder : derived.filter(Files::isDirectory).toList()) {
                        try (Stream<Path> top = Files.list(folder)) {
                            if (top.anyMatch(
                                    p -> p.getFileName().toString().startsWith(ReferenceFixture.PORTABLE_NETWORK))) {
                                folders.add(folder);
                            }
                        }
                    }
                }
            }
        }
        return folders;
    }

    /** The derived folder (materialized/ENGINE-VERSION/DIGEST) a derived file lies in. */
    private static Path derivedFolderOf(Path file) {
        Path materialized = HeritageCache.directory().resolve("materialized");
        Path relative = materialized.relativize(file);
        return materialized.resolve(relative.getName(0)).resolve(relative.getName(1));
    }

    @Test
    void concurrentCallsGiveSequentialResults() throws Exception {
        Map<String, Tensor> in = fixture.inputs(8);
        float[] sequential = network.forward(in).get("features").floats();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<float[]>> futures = new ArrayList<>();
            for (int i = 0; i < 24; i++) {
                futures.add(
                        pool.submit(() -> network.forward(in).get("features").floats()));
            }
            for (Future<float[]> f : futures) {
                assertArrayEquals(sequential, f.get());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * The graceful-shutdown contract (issue 23): closing a network while threads call it never crashes
     * the JVM; calls either finish with the right outputs or fail with {@link IllegalStateException}.
     * Runs in a child JVM, since a native crash would otherwise kill the test runner.
     */
    @Test
    void closingWhileThreadsCallNeverCrashesTheJvm() throws Exception {
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(
                javaBin, "-Xmx512m", "-XX:ErrorFile=" + System.getProperty("java.io.tmpdir") + "/hs_err_close_%p.log"));
        for (String p : List.of("ai.djl.offline", "heritage.cache.dir", "java.io.tmpdir")) {
            if (System.getProperty(p) != null) {
                command.add("-D" + p + "=" + System.getProperty(p));
            }
        }
        command.addAll(List.of(
                "-cp",
                System.getProperty("java.class.path"),
                CloseUnderLoad.class.getName(),
                engineName(),
                fixture.model().directory().toString(),
                "40",
                "4"));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        Process process = pb.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int code = process.waitFor();
        assertEquals(0, code, "the child JVM exited with " + code + " (134/139: a native crash):\n" + output);
        assertTrue(output.contains("CLOSE-UNDER-LOAD ok " + engineName()), output);
    }

    @Test
    void cudaIsRefusedClearlyOrWorks() throws Exception {
        Device gpu = Device.cuda(0);
        Optional<String> reason = provider.unavailableReason(gpu);
        NetworkArtifact artifact = new NetworkArtifact(fixture.model(), ReferenceFixture.NETWORK);
        if (reason.isPresent()) {
            DeviceUnavailableException e =
                    assertThrows(DeviceUnavailableException.class, () -> provider.load(artifact, gpu));
            assertTrue(e.getMessage().contains("cuda:0") && e.getMessage().contains(engineName()), e.getMessage());
            assertTrue(e.getMessage().contains("CPU"), "the message says how to fall back: " + e.getMessage());
            assertEquals(Device.cpu(), provider.selectDevice(gpu, true));
        } else {
            try (LoadedNetwork onGpu = provider.load(artifact, gpu)) {
                Tensor a = onGpu.forward(fixture.inputs(8)).get("style");
                float[] e = fixture.expected(8).get("style").floats();
                for (int i = 0; i < e.length; i++) {
                    assertEquals(e[i], a.floats()[i], 1e-3, "style on " + gpu);
                }
            }
        }
    }
}
