package dev.heritage.research.inpaint;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.heritage.inpaint.train.InpaintModelWriter;
import java.nio.file.Path;

/** Not a test: sets a section of a model card to a JSON value and re-seals it. {@code DIR KEY JSON} */
public final class PutCardProperty {
    public static void main(String[] args) throws Exception {
        Object value = new ObjectMapper().readValue(args[2], Object.class);
        InpaintModelWriter.putProperty(Path.of(args[0]), args[1], value);
        System.out.println("set " + args[1] + " in " + args[0]);
    }
}
