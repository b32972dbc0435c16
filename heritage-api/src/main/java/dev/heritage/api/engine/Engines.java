package dev.heritage.api.engine;

import dev.heritage.api.EngineNotFoundException;
import dev.heritage.api.HeritageVersion;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.stream.Collectors;

/**
 * Finds engines by name among the {@link EngineProvider}s on the class path.
 *
 * <p>Thread-safe. The providers are discovered once, on first use, with the class loader that
 * loaded Heritage.
 */
public final class Engines {

    /** The engines Heritage knows of, in order of preference, with the module that provides each. */
    private static final Map<String, String> KNOWN = new LinkedHashMap<>();

    static {
        KNOWN.put("pytorch", "heritage-engine-pytorch");
        KNOWN.put("onnxruntime", "heritage-engine-onnxruntime");
        KNOWN.put("tensorflow", "heritage-engine-tensorflow");
    }

    private static volatile List<EngineProvider> providers;

    private Engines() {
    }

    /** @return every engine on the class path, known engines first in order of preference */
    public static List<EngineProvider> available() {
        List<EngineProvider> found = providers;
        if (found == null) {
            synchronized (Engines.class) {
                found = providers;
                if (found == null) {
                    List<EngineProvider> list = new ArrayList<>();
                    ServiceLoader.load(EngineProvider.class, Engines.class.getClassLoader()).forEach(list::add);
                    List<String> order = new ArrayList<>(KNOWN.keySet());
                    list.sort((a, b) -> Integer.compare(rank(order, a.name()), rank(order, b.name())));
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
        String availableNames = available().isEmpty() ? "none"
                : available().stream().map(p -> p.name() + " " + p.version()).collect(Collectors.joining(", "));
        String module = KNOWN.get(wanted);
        if (module != null) {
            throw new EngineNotFoundException("Engine '" + wanted + "' is not on the class path. Add the Maven"
                    + " dependency " + HeritageVersion.GROUP_ID + ":" + module + ":" + HeritageVersion.get()
                    + " (it brings its native libraries). Engines available now: " + availableNames + ".");
        }
        throw new EngineNotFoundException("Unknown engine '" + name + "'. Engines available now: "
                + availableNames + ". Engines Heritage knows: " + String.join(", ", KNOWN.keySet()) + ".");
    }

    /**
     * @return the preferred engine on the class path
     * @throws EngineNotFoundException if there is none, naming the modules to add
     */
    public static EngineProvider preferred() throws EngineNotFoundException {
        if (available().isEmpty()) {
            throw new EngineNotFoundException("No engine is on the class path. Add one of the Maven dependencies "
                    + KNOWN.values().stream().map(m -> HeritageVersion.GROUP_ID + ":" + m)
                            .collect(Collectors.joining(", ")) + ".");
        }
        return available().get(0);
    }

    /** @return the engine names Heritage knows of, available or not */
    public static List<String> knownNames() {
        return List.copyOf(KNOWN.keySet());
    }

    private static int rank(List<String> order, String name) {
        int i = order.indexOf(name);
        return i < 0 ? order.size() : i;
    }
}
