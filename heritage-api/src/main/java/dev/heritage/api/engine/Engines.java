package dev.heritage.api.engine;

import dev.heritage.api.EngineNotFoundException;
import dev.heritage.api.HeritageVersion;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.stream.Collectors;

/**
 * Finds engines among the {@link EngineProvider}s on the class path, and holds the one rule for the
 * default engine: the system property {@value #ENGINE_PROPERTY} when set, else the provider with the
 * highest {@link EngineProvider#rank()} (as DJL's {@code ai.djl.default_engine} and engine ranks).
 *
 * <p>Thread-safe. The providers are discovered once, on first use, with the class loader that
 * loaded Heritage; the property is read on every call.
 */
public final class Engines {

    /** The system property that names the default engine, overriding the ranks. */
    public static final String ENGINE_PROPERTY = "heritage.engine";

    /** The engines Heritage knows of, with the module that provides each (for messages). */
    private static final Map<String, String> KNOWN = new LinkedHashMap<>();

    static {
        KNOWN.put("pytorch", "heritage-engine-pytorch");
        KNOWN.put("onnxruntime", "heritage-engine-onnxruntime");
        KNOWN.put("tensorflow", "heritage-engine-tensorflow");
    }

    private static volatile List<EngineProvider> providers;

    private Engines() {}

    /** @return every engine on the class path, highest {@link EngineProvider#rank() rank} first */
    public static List<EngineProvider> available() {
        List<EngineProvider> found = providers;
        if (found == null) {
            synchronized (Engines.class) {
                found = providers;
                if (found == null) {
                    List<EngineProvider> list = new ArrayList<>();
                    ServiceLoader.load(EngineProvider.class, Engines.class.getClassLoader())
                            .forEach(list::add);
                    list.sort(Comparator.comparingInt(EngineProvider::rank)
                            .reversed()
                            .thenComparing(EngineProvider::name));
                    found = Collections.unmodifiableList(list);
                    providers = found;
                }
            }
        }
        return found;
    }

    /**
     * @param name an engine name, case-insensitive ({@code pytorch}, {@code onnxruntime}, {@code tensorflow})
     * @return the engine
     * @throws EngineNotFoundException naming the Maven artifact to add for a known engine whose module
     *     is absent, or listing the available engines for an unknown name
     */
    public static EngineProvider get(String name) throws EngineNotFoundException {
        String wanted = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        for (EngineProvider p : available()) {
            if (p.name().equals(wanted)) {
                return p;
            }
        }
        String availableNames = available().isEmpty()
                ? "none"
                : available().stream().map(p -> p.name() + " " + p.version()).collect(Collectors.joining(", "));
        String module = KNOWN.get(wanted);
        if (module != null) {
            throw new EngineNotFoundException("Engine '" + wanted + "' is not on the class path. Add the Maven"
                    + " dependency " + HeritageVersion.GROUP_ID + ":" + module + ":" + HeritageVersion.get()
                    + " (it brings its native libraries). Engines available now: " + availableNames + ".");
        }
        throw new EngineNotFoundException("Unknown engine '" + name + "'. Engines available now: " + availableNames
                + ". Engines Heritage knows: " + String.join(", ", KNOWN.keySet()) + ".");
    }

    /**
     * The engine to use when the caller names none: the one {@value #ENGINE_PROPERTY} names when that
     * property is set, else the highest-ranked engine on the class path.
     *
     * @return the default engine
     * @throws EngineNotFoundException if there is none, naming the modules to add, or if the property
     *     names an engine that is absent
     */
    public static EngineProvider defaultEngine() throws EngineNotFoundException {
        String named = System.getProperty(ENGINE_PROPERTY);
        if (named != null && !named.isBlank()) {
            try {
                return get(named);
            } catch (EngineNotFoundException e) {
                throw new EngineNotFoundException("-D" + ENGINE_PROPERTY + "=" + named + ": " + e.getMessage()
                        + " Remove the property to use the highest-ranked engine.");
            }
        }
        if (available().isEmpty()) {
            throw new EngineNotFoundException("No engine is on the class path. Add one of the Maven dependencies "
                    + KNOWN.values().stream()
                            .map(m -> HeritageVersion.GROUP_ID + ":" + m)
                            .collect(Collectors.joining(", "))
                    + ".");
        }
        return available().get(0);
    }

    /**
     * @param nameOrNull an engine name, or {@code null} (or blank) for the {@link #defaultEngine() default}
     * @return that engine
     * @throws EngineNotFoundException if it is unknown or absent
     */
    public static EngineProvider resolve(String nameOrNull) throws EngineNotFoundException {
        return nameOrNull == null || nameOrNull.isBlank() ? defaultEngine() : get(nameOrNull);
    }

    /** @return the engine names Heritage knows of, available or not */
    public static List<String> knownNames() {
        return List.copyOf(KNOWN.keySet());
    }
}
