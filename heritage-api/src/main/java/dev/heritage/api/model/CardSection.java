package dev.heritage.api.model;

import dev.heritage.api.MalformedModelException;
import dev.heritage.api.ModelCard;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.Set;

/**
 * One JSON object of a model card's {@link ModelCard#properties() properties} (or of a JSON file the
 * card names), read with types. Each getter returns a value of the asked type and range or throws a
 * {@link MalformedModelException} whose one-line message names the model, the property's path and what
 * is expected, e.g. {@code Model 'm': properties.inference.patch is missing; expected a whole number
 * from 1 to 65536}.
 *
 * <p>The parsers of the typed records that running code reads (an annotator's calibration, a
 * reconstructor's inference settings, ...) read through this class when a model is loaded, so that a
 * card is checked once and nothing falls back silently to a default. An optional property is read with
 * an {@code opt*} getter; the parser that reads it names the documented default as a constant.
 *
 * <p>Immutable and thread-safe (it only reads the card's immutable values). Holds no resources.
 */
public final class CardSection {
    private final String modelId;
    private final String path;
    private final Map<?, ?> values;

    private CardSection(String modelId, String path, Map<?, ?> values) {
        this.modelId = Objects.requireNonNull(modelId, "modelId");
        this.path = Objects.requireNonNull(path, "path");
        this.values = Objects.requireNonNull(values, "values");
    }

    /**
     * @param card a model card
     * @return its {@code properties}, at path {@code properties}
     */
    public static CardSection properties(ModelCard card) {
        return new CardSection(card.id(), "properties", card.properties());
    }

    /**
     * A JSON object read from elsewhere than the card (a file the card names).
     *
     * @param modelId the model's id, for messages
     * @param path how messages name this object, e.g. {@code extras/joint-decoding.json}
     * @param values the object's members as plain JSON values (maps, lists, strings, numbers, booleans)
     * @return the section
     */
    public static CardSection of(String modelId, String path, Map<?, ?> values) {
        return new CardSection(modelId, path, values);
    }

    /** @return the model's id */
    public String modelId() {
        return modelId;
    }

    /** @return this object's path in messages, e.g. {@code properties.annotator} */
    public String path() {
        return path;
    }

    /**
     * @param name a member's name
     * @return whether the member is present (even as {@code null})
     */
    public boolean has(String name) {
        return values.containsKey(name);
    }

    /**
     * A refusal naming a member of this object.
     *
     * @param name the member's name, or a longer path below this object ({@code tasks[style].kind})
     * @param problem what is wrong and what is expected, e.g. {@code is 'x'; expected one of a, b}
     * @return the exception, to throw
     */
    public MalformedModelException error(String name, String problem) {
        return new MalformedModelException("Model '" + modelId + "': " + path + "." + name + " " + problem);
    }

    private MalformedModelException expected(String name, String what) {
        Object v = values.get(name);
        return error(name, "is " + (has(name) ? "'" + v + "'" : "missing") + "; expected " + what);
    }

    /**
     * @param name the member's name
     * @return the member, a JSON object
     * @throws MalformedModelException if it is missing or not an object
     */
    public CardSection section(String name) throws MalformedModelException {
        return optSection(name).orElseThrow(() -> expected(name, "an object"));
    }

    /**
     * @param name the member's name
     * @return the member, a JSON object, or empty when absent
     * @throws MalformedModelException if it is present but not an object
     */
    public Optional<CardSection> optSection(String name) throws MalformedModelException {
        Object v = values.get(name);
        if (v == null && !has(name)) {
            return Optional.empty();
        }
        if (!(v instanceof Map<?, ?> m)) {
            throw expected(name, "an object");
        }
        return Optional.of(new CardSection(modelId, path + "." + name, m));
    }

    /**
     * The objects of a list member, each named in messages by its {@code label} member when that is a
     * string (as {@code tasks[style]}), else by its index.
     *
     * @param name the member's name
     * @param label the member naming each object in messages, e.g. {@code name}
     * @return the objects, in order
     * @throws MalformedModelException if the member is missing, not a list, or holds something other
     *     than objects
     */
    public List<CardSection> sections(String name, String label) throws MalformedModelException {
        List<?> list = list(name, "a list of objects");
        List<CardSection> out = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            Object v = list.get(i);
            String at = name + "[" + (v instanceof Map<?, ?> m && m.get(label) instanceof String s ? s : i) + "]";
            if (!(v instanceof Map<?, ?> m)) {
                throw error(at, "is '" + v + "'; expected an object");
            }
            out.add(new CardSection(modelId, path + "." + at, m));
        }
        return out;
    }

    /**
     * @param name the member's name
     * @return the member, a string that is not blank
     * @throws MalformedModelException if it is missing, not a string, or blank
     */
    public String text(String name) throws MalformedModelException {
        return optText(name).orElseThrow(() -> expected(name, "a non-empty string"));
    }

    /**
     * @param name the member's name
     * @return the member, a string that is not blank, or empty when absent
     * @throws MalformedModelException if it is present but not a non-blank string
     */
    public Optional<String> optText(String name) throws MalformedModelException {
        if (!has(name)) {
            return Optional.empty();
        }
        if (!(values.get(name) instanceof String s) || s.isBlank()) {
            throw expected(name, "a non-empty string");
        }
        return Optional.of(s);
    }

    /**
     * @param name the member's name
     * @param min the least value accepted
     * @param max the greatest value accepted
     * @return the member, a whole number in {@code [min, max]}
     * @throws MalformedModelException if it is missing, not a whole number, or out of range
     */
    public int wholeNumber(String name, int min, int max) throws MalformedModelException {
        OptionalInt v = optWholeNumber(name, min, max);
        if (v.isEmpty()) {
            throw expected(name, "a whole number from " + min + " to " + max);
        }
        return v.getAsInt();
    }

    /**
     * @param name the member's name
     * @param min the least value accepted
     * @param max the greatest value accepted
     * @return the member, a whole number in {@code [min, max]}, or empty when absent
     * @throws MalformedModelException if it is present but not a whole number in range
     */
    public OptionalInt optWholeNumber(String name, int min, int max) throws MalformedModelException {
        if (!has(name)) {
            return OptionalInt.empty();
        }
        Object v = values.get(name);
        // Whole numbers only as JSON writes them (3, not 3.0); a number too large for a long is out of range.
        boolean whole = v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte;
        long n = whole ? ((Number) v).longValue() : 0;
        if (!whole || n < min || n > max) {
            throw expected(name, "a whole number from " + min + " to " + max);
        }
        return OptionalInt.of((int) n);
    }

    /**
     * @param name the member's name
     * @param above the value must be greater than this
     * @param max the greatest value accepted
     * @return the member, a finite number in {@code (above, max]}
     * @throws MalformedModelException if it is missing, not a finite number, or out of range
     */
    public double number(String name, double above, double max) throws MalformedModelException {
        OptionalDouble v = optNumber(name, above, max);
        if (v.isEmpty()) {
            throw expected(name, numberRange(above, max));
        }
        return v.getAsDouble();
    }

    /**
     * @param name the member's name
     * @param above the value must be greater than this
     * @param max the greatest value accepted
     * @return the member, a finite number in {@code (above, max]}, or empty when absent
     * @throws MalformedModelException if it is present but not a finite number in range
     */
    public OptionalDouble optNumber(String name, double above, double max) throws MalformedModelException {
        if (!has(name)) {
            return OptionalDouble.empty();
        }
        // NaN and Infinity arrive as text (or as non-finite numbers); both are refused.
        double d = values.get(name) instanceof Number n ? n.doubleValue() : Double.NaN;
        if (!(Double.isFinite(d) && d > above && d <= max)) {
            throw expected(name, numberRange(above, max));
        }
        return OptionalDouble.of(d);
    }

    /**
     * @param name the member's name
     * @param min the least value accepted
     * @param max the greatest value accepted
     * @return the member, a finite number in {@code [min, max]}, or empty when absent
     * @throws MalformedModelException if it is present but not a finite number in range
     */
    public OptionalDouble optNumberIn(String name, double min, double max) throws MalformedModelException {
        if (!has(name)) {
            return OptionalDouble.empty();
        }
        double d = values.get(name) instanceof Number n ? n.doubleValue() : Double.NaN;
        if (!(Double.isFinite(d) && d >= min && d <= max)) {
            throw expected(name, "a finite number from " + min + " to " + max);
        }
        return OptionalDouble.of(d);
    }

    private static String numberRange(double above, double max) {
        return "a finite number above " + above + " and at most " + max;
    }

    /**
     * @param name the member's name
     * @return the member, {@code true} or {@code false}, or empty when absent
     * @throws MalformedModelException if it is present but not a boolean
     */
    public Optional<Boolean> optBoolean(String name) throws MalformedModelException {
        if (!has(name)) {
            return Optional.empty();
        }
        if (!(values.get(name) instanceof Boolean b)) {
            throw expected(name, "true or false");
        }
        return Optional.of(b);
    }

    /**
     * @param name the member's name
     * @return the member, a non-empty list of distinct strings
     * @throws MalformedModelException if it is missing, empty, or holds anything but distinct strings
     */
    public List<String> distinctTexts(String name) throws MalformedModelException {
        List<?> list = list(name, "a non-empty list of strings");
        if (list.isEmpty()) {
            throw error(name, "is empty or not a list; expected a non-empty list of strings");
        }
        Set<String> seen = new HashSet<>();
        for (Object s : list) {
            if (!(s instanceof String text) || !seen.add(text)) {
                throw error(name, "holds '" + s + "', which is not a string or appears twice");
            }
        }
        @SuppressWarnings("unchecked")
        List<String> strings = (List<String>) list;
        return List.copyOf(strings);
    }

    /**
     * @param name the member's name
     * @return the member, a non-empty list of non-blank strings
     * @throws MalformedModelException if it is missing, empty, or holds anything but non-blank strings
     */
    public List<String> texts(String name) throws MalformedModelException {
        List<?> list = list(name, "a non-empty list of strings");
        if (list.isEmpty()) {
            throw error(name, "is empty; expected a non-empty list of strings");
        }
        for (Object s : list) {
            if (!(s instanceof String text) || text.isBlank()) {
                throw error(name, "holds '" + s + "'; expected a non-empty list of strings");
            }
        }
        @SuppressWarnings("unchecked")
        List<String> strings = (List<String>) list;
        return List.copyOf(strings);
    }

    /**
     * @param name the member's name
     * @param min the least value accepted
     * @param max the greatest value accepted
     * @return the member, a list of finite numbers in {@code [min, max]} (possibly empty)
     * @throws MalformedModelException if it is missing, not a list, or holds anything else
     */
    public double[] numbers(String name, double min, double max) throws MalformedModelException {
        List<?> list = list(name, "a list of numbers");
        double[] out = new double[list.size()];
        for (int i = 0; i < out.length; i++) {
            double d = list.get(i) instanceof Number n ? n.doubleValue() : Double.NaN;
            if (!(Double.isFinite(d) && d >= min && d <= max)) {
                throw error(name, "holds '" + list.get(i) + "'; expected numbers in [" + min + ", " + max + "]");
            }
            out[i] = d;
        }
        return out;
    }

    /**
     * @param name the member's name
     * @param what what is expected, for the message
     * @return the member, a list
     * @throws MalformedModelException if it is missing or not a list
     */
    public List<?> list(String name, String what) throws MalformedModelException {
        if (!(values.get(name) instanceof List<?> list)) {
            throw expected(name, what);
        }
        return list;
    }
}
