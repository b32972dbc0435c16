package dev.heritage.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The version of the Heritage library, as built by Maven. Thread-safe.
 */
public final class HeritageVersion {
    /** The Maven groupId of every Heritage module. */
    public static final String GROUP_ID = "dev.heritage";

    private static final String VERSION;

    static {
        Properties p = new Properties();
        try (InputStream in = HeritageVersion.class.getResourceAsStream("heritage-version.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        VERSION = p.getProperty("version", "unknown");
    }

    private HeritageVersion() {}

    /** @return the library version, e.g. {@code 0.1.0} */
    public static String get() {
        return VERSION;
    }
}
