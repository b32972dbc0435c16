package dev.heritage.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Where the cache lives when a relative path with ".." is given (as tools run from a module folder do). */
class HeritageCacheTest {

    @Test
    void aRelativeDirectoryWithDotDotIsAbsoluteAndNormalised() {
        String before = System.getProperty(HeritageCache.PROPERTY);
        try {
            System.setProperty(HeritageCache.PROPERTY, "../somewhere/./heritage-cache");
            Path dir = HeritageCache.directory();
            assertTrue(dir.isAbsolute(), dir.toString());
            assertEquals(dir.normalize(), dir);
            assertEquals(Path.of("").toAbsolutePath().getParent().resolve("somewhere/heritage-cache"), dir);
            // What ClasspathModelZoo relies on: a child of the cache starts with the cache.
            assertTrue(dir.resolve("models/x/../y").normalize().startsWith(dir.resolve("models")));
        } finally {
            if (before == null) {
                System.clearProperty(HeritageCache.PROPERTY);
            } else {
                System.setProperty(HeritageCache.PROPERTY, before);
            }
        }
    }
}
