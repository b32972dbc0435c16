package dev.heritage.classify.convert;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the value that a minified browserify bundle exports, without running any JavaScript.
 *
 * <p>nsfwjs ships each model file as a UMD wrapper made by browserify: {@code !function(e){...}(function(){
 * return function e(a,n,i){...}({1:[function(e,a,n){a.exports=LITERAL},{}]},{},[1])(1)});}. Module 1
 * assigns a single literal to {@code exports}: an object literal (the TF.js {@code model.json}, written
 * with unquoted keys, {@code !0}/{@code !1} for booleans and numbers such as {@code .001}) or a string
 * (the base64 weight shard). This class finds that assignment and parses the literal into a Jackson
 * tree. It accepts only literals (objects, arrays, strings, numbers, {@code true}, {@code false},
 * {@code null}, {@code !0}, {@code !1}, {@code void 0}); any expression is refused, so a wrapper of a
 * different shape fails loudly instead of being misread.
 *
 * <p>Not thread-safe (one parser per text); the static entry point is thread-safe.
 */
final class JsLiteral {
    /** The start of browserify module 1: {@code {1:[function(e,a,n){a.exports=}. */
    private static final Pattern MODULE_ONE = Pattern.compile(
            "\\{1:\\[function\\(([A-Za-z_$][\\w$]*),([A-Za-z_$][\\w$]*),([A-Za-z_$][\\w$]*)\\)\\{\\2\\.exports=");

    private final String s;
    private int pos;

    private JsLiteral(String s, int pos) {
        this.s = s;
        this.pos = pos;
    }

    /**
     * @param source the text of a browserify wrapper ({@code *.min.js})
     * @param where a name for messages
     * @return the literal that module 1 assigns to {@code module.exports}
     * @throws IOException if the wrapper does not have the expected shape
     */
    static JsonNode moduleExports(String source, String where) throws IOException {
        Matcher m = MODULE_ONE.matcher(source);
        if (!m.find()) {
            throw new IOException(where + ": not a browserify wrapper (no '{1:[function(e,a,n){a.exports=')");
        }
        int start = m.end();
        if (m.find()) {
            throw new IOException(where + ": more than one browserify module 1; refusing to guess");
        }
        JsLiteral p = new JsLiteral(source, start);
        JsonNode value;
        try {
            value = p.value();
        } catch (IllegalArgumentException e) {
            throw new IOException(where + ": " + e.getMessage(), e);
        }
        p.skipSpace();
        // The literal is the whole body of module 1's function: '}' (end of function) follows,
        // possibly after a ';'.
        if (p.pos < source.length() && source.charAt(p.pos) == ';') {
            p.pos++;
        }
        if (p.pos >= source.length() || source.charAt(p.pos) != '}') {
            throw new IOException(where + ": module 1 does more than export a literal (at offset " + p.pos + ")");
        }
        return value;
    }

    /**
     * Parses a complete literal (for tests).
     *
     * @param text a JavaScript literal
     * @return its value
     * @throws IllegalArgumentException if it is not a literal, or has trailing text
     */
    static JsonNode parse(String text) {
        JsLiteral p = new JsLiteral(text, 0);
        JsonNode v = p.value();
        p.skipSpace();
        if (p.pos != text.length()) {
            throw p.error("trailing text");
        }
        return v;
    }

    private JsonNode value() {
        skipSpace();
        if (pos >= s.length()) {
            throw error("unexpected end of text");
        }
        char c = s.charAt(pos);
        switch (c) {
            case '{':
                return object();
            case '[':
                return array();
            case '"':
            case '\'':
                return JsonNodeFactory.instance.textNode(string());
            case '!':
                if (s.startsWith("!0", pos) && !identifierPart(pos + 2)) {
                    pos += 2;
                    return JsonNodeFactory.instance.booleanNode(true);
                }
                if (s.startsWith("!1", pos) && !identifierPart(pos + 2)) {
                    pos += 2;
                    return JsonNodeFactory.instance.booleanNode(false);
                }
                throw error("only !0 and !1 are accepted after '!'");
            default:
                break;
        }
        if (c == '-' || c == '+' || c == '.' || (c >= '0' && c <= '9')) {
            return number();
        }
        if (word("true")) {
            return JsonNodeFactory.instance.booleanNode(true);
        }
        if (word("false")) {
            return JsonNodeFactory.instance.booleanNode(false);
        }
        if (word("null")) {
            return JsonNodeFactory.instance.nullNode();
        }
        if (word("void")) {
            skipSpace();
            if (word("0")) {
                return JsonNodeFactory.instance.nullNode();
            }
        }
        throw error("not a literal");
    }

    private ObjectNode object() {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        pos++;
        skipSpace();
        if (peek('}')) {
            pos++;
            return o;
        }
        while (true) {
            skipSpace();
            if (peek('}')) {
                pos++; // a trailing comma, as JavaScript allows
                return o;
            }
            String key = key();
            skipSpace();
            expect(':');
            if (o.has(key)) {
                throw error("duplicate key '" + key + "'");
            }
            o.set(key, value());
            skipSpace();
            if (peek(',')) {
                pos++;
                continue;
            }
            expect('}');
            return o;
        }
    }

    private ArrayNode array() {
        ArrayNode a = JsonNodeFactory.instance.arrayNode();
        pos++;
        skipSpace();
        if (peek(']')) {
            pos++;
            return a;
        }
        while (true) {
            a.add(value());
            skipSpace();
            if (peek(',')) {
                pos++;
                skipSpace();
                if (peek(']')) {
                    pos++; // a trailing comma, as JavaScript allows
                    return a;
                }
                continue;
            }
            expect(']');
            return a;
        }
    }

    private String key() {
        if (peek('"') || peek('\'')) {
            return string();
        }
        int start = pos;
        while (pos < s.length()
                && (Character.isLetterOrDigit(s.charAt(pos)) || s.charAt(pos) == '_' || s.charAt(pos) == '$')) {
            pos++;
        }
        if (start == pos) {
            throw error("expected a key");
        }
        return s.substring(start, pos);
    }

    private String string() {
        char quote = s.charAt(pos++);
        StringBuilder b = new StringBuilder();
        while (true) {
            if (pos >= s.length()) {
                throw error("unterminated string");
            }
            char c = s.charAt(pos++);
            if (c == quote) {
                return b.toString();
            }
            if (c == '\n' || c == '\r') {
                throw error("line break in string");
            }
            if (c != '\\') {
                b.append(c);
                continue;
            }
            if (pos >= s.length()) {
                throw error("unterminated escape");
            }
            char e = s.charAt(pos++);
            switch (e) {
                case 'n' -> b.append('\n');
                case 't' -> b.append('\t');
                case 'r' -> b.append('\r');
                case 'b' -> b.append('\b');
                case 'f' -> b.append('\f');
                case 'v' -> b.append('\u000b');
                case '0' -> b.append('\0');
                case 'x' -> {
                    b.append((char) Integer.parseInt(s.substring(pos, pos + 2), 16));
                    pos += 2;
                }
                case 'u' -> {
                    b.append((char) Integer.parseInt(s.substring(pos, pos + 4), 16));
                    pos += 4;
                }
                default -> b.append(e);
            }
        }
    }

    private JsonNode number() {
        int start = pos;
        if (peek('-') || peek('+')) {
            pos++;
        }
        int digits = 0;
        while (pos < s.length() && Character.isDigit(s.charAt(pos))) {
            pos++;
            digits++;
        }
        boolean fraction = false;
        if (peek('.')) {
            fraction = true;
            pos++;
            while (pos < s.length() && Character.isDigit(s.charAt(pos))) {
                pos++;
                digits++;
            }
        }
        boolean exponent = false;
        if (peek('e') || peek('E')) {
            exponent = true;
            pos++;
            if (peek('-') || peek('+')) {
                pos++;
            }
            int expDigits = 0;
            while (pos < s.length() && Character.isDigit(s.charAt(pos))) {
                pos++;
                expDigits++;
            }
            if (expDigits == 0) {
                throw error("malformed exponent");
            }
        }
        if (digits == 0 || identifierPart(pos)) {
            throw error("malformed number");
        }
        String text = s.substring(start, pos);
        if (text.startsWith("+")) {
            text = text.substring(1);
        }
        if (!fraction && !exponent) {
            BigDecimal d = new BigDecimal(text);
            try {
                return JsonNodeFactory.instance.numberNode(d.longValueExact());
            } catch (ArithmeticException e) {
                // fall through to a double, as JavaScript would
            }
        }
        // JavaScript numbers are doubles; Double.parseDouble rounds exactly as JavaScript does.
        return JsonNodeFactory.instance.numberNode(Double.parseDouble(text));
    }

    private boolean word(String w) {
        if (s.startsWith(w, pos) && !identifierPart(pos + w.length())) {
            pos += w.length();
            return true;
        }
        return false;
    }

    private boolean identifierPart(int i) {
        if (i >= s.length()) {
            return false;
        }
        char c = s.charAt(i);
        return Character.isLetterOrDigit(c) || c == '_' || c == '$';
    }

    private boolean peek(char c) {
        return pos < s.length() && s.charAt(pos) == c;
    }

    private void expect(char c) {
        if (!peek(c)) {
            throw error("expected '" + c + "'");
        }
        pos++;
    }

    private void skipSpace() {
        while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
            pos++;
        }
    }

    private IllegalArgumentException error(String what) {
        int from = Math.max(0, pos - 30);
        int to = Math.min(s.length(), pos + 30);
        return new IllegalArgumentException(what + " at offset " + pos + " near '" + s.substring(from, to) + "'");
    }
}
