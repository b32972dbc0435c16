package dev.heritage.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Runs the packaged runnable jar in a separate JVM, as the {@code ./heritage} launcher does: the
 * manifest class path finds every engine through its {@code META-INF/services} entry.
 */
class RunnableJarIT {

    @Test
    void packagedJarListsAllEngines() throws IOException, InterruptedException {
        Path jar = Path.of("target", "heritage-cli.jar");
        assertTrue(Files.isRegularFile(jar), "run after 'package'");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path cache = Path.of(System.getProperty("heritage.cache.dir", "target/heritage-cache"));
        Process p = new ProcessBuilder(List.of(
                        java,
                        "-Dheritage.cache.dir=" + cache,
                        "-Djava.io.tmpdir=" + Path.of("target", "tmp").toAbsolutePath(),
                        "-jar",
                        jar.toString(),
                        "models"))
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "finished");
        assertEquals(0, p.exitValue(), out);
        for (String engine : new String[] {"pytorch", "onnxruntime", "tensorflow"}) {
            assertTrue(out.contains(engine), out);
        }
    }
}
