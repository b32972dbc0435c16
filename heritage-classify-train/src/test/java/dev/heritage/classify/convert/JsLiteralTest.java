package dev.heritage.classify.convert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/** The reader of browserify-wrapped literals. */
class JsLiteralTest {
    private static final String PREFIX = "!function(e){module.exports=e()}(function(){return function e(a,n,i){"
            + "return l}({1:[function(e,a,n){a.exports=";
    private static final String SUFFIX = "},{}]},{},[1])(1)});";

    @Test
    void readsMinifiedObjectLiterals() {
        JsonNode v = JsLiteral.parse("{name:\"bn\",a:[1,-2,.5,-.25,1e-3,2E+2],t:!0,f:!1,n:null,"
                + "'q':'x\\\"y\\u0041',nested:{b:true,c:false,d:void 0},empty:{},list:[]}");
        assertEquals("bn", v.get("name").asText());
        assertEquals(1, v.get("a").get(0).asInt());
        assertEquals(-2, v.get("a").get(1).asInt());
        assertEquals(0.5, v.get("a").get(2).asDouble());
        assertEquals(-0.25, v.get("a").get(3).asDouble());
        assertEquals(0.001, v.get("a").get(4).asDouble());
        assertEquals(200.0, v.get("a").get(5).asDouble());
        assertTrue(v.get("t").asBoolean());
        assertEquals(false, v.get("f").asBoolean());
        assertTrue(v.get("f").isBoolean());
        assertTrue(v.get("n").isNull());
        assertEquals("x\"yA", v.get("q").asText());
        assertTrue(v.get("nested").get("d").isNull());
        assertEquals(0, v.get("empty").size());
    }

    @Test
    void numbersRoundAsJavaScriptDoes() {
        // The exact double JavaScript makes of a manifest scale.
        assertEquals(
                Double.parseDouble("0.006666756611244351"),
                JsLiteral.parse("[.006666756611244351]").get(0).asDouble());
    }

    @Test
    void refusesExpressions() {
        assertThrows(IllegalArgumentException.class, () -> JsLiteral.parse("{a:foo()}"));
        assertThrows(IllegalArgumentException.class, () -> JsLiteral.parse("{a:1+2}"));
        assertThrows(IllegalArgumentException.class, () -> JsLiteral.parse("{a:!2}"));
        assertThrows(IllegalArgumentException.class, () -> JsLiteral.parse("{a:1,a:2}"));
        assertThrows(IllegalArgumentException.class, () -> JsLiteral.parse("\"open"));
        assertThrows(IllegalArgumentException.class, () -> JsLiteral.parse("[1,,2]"));
        assertThrows(IllegalArgumentException.class, () -> JsLiteral.parse("{,}"));
        // Trailing commas are JavaScript.
        assertEquals(2, JsLiteral.parse("{a:[1,2,],b:{c:1,},}").get("a").size());
    }

    @Test
    void findsTheExportOfModuleOne() throws IOException {
        assertEquals(
                3,
                JsLiteral.moduleExports(PREFIX + "{x:3}" + SUFFIX, "t").get("x").asInt());
        assertEquals(
                "QUJD",
                JsLiteral.moduleExports(PREFIX + "\"QUJD\"" + SUFFIX, "t").asText());
        // Another variable name for module, as minifiers choose.
        assertEquals(
                "z",
                JsLiteral.moduleExports("{1:[function(e,h,n){h.exports=\"z\"}", "t")
                        .asText());
    }

    @Test
    void refusesWrappersOfAnotherShape() {
        assertThrows(IOException.class, () -> JsLiteral.moduleExports("module.exports={x:1}", "t"));
        assertThrows(IOException.class, () -> JsLiteral.moduleExports(PREFIX + "{x:1};doSomething()" + SUFFIX, "t"));
        assertThrows(
                IOException.class,
                () -> JsLiteral.moduleExports(PREFIX + "{x:1}" + SUFFIX + PREFIX + "{x:2}" + SUFFIX, "t"));
    }
}
