package dev.heritage.classify.backbone;

import dev.heritage.api.engine.Tensor;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * The inputs of the TF.js golden reference ({@code scripts/backbone-tfjs-reference.js}): two synthetic
 * images defined by formulas that the node script evaluates identically, and The Scream (test resource),
 * preprocessed by {@link MobileNetV2#preprocess}. The main method writes the preprocessed Scream as raw
 * little-endian float32 in HWC order, which the node script reads with {@code --raw scream=FILE}.
 *
 * <p>Stateless and thread-safe.
 */
public final class ReferenceInputs {
    /** The synthetic inputs, in the order of the reference JSON. */
    static final List<String> SYNTHETIC = List.of("gradient", "checkerboard");
    /** The Scream, as a class-path resource. */
    static final String SCREAM = "backbone/munch_the_scream.jpg";

    private ReferenceInputs() {}

    /**
     * @param kind "gradient" or "checkerboard"
     * @return the image as CHW floats in [0, 1]; x is the column, y the row
     */
    static float[] synthetic(String kind) {
        int n = MobileNetV2.INPUT_SIZE;
        float[] v = new float[3 * n * n];
        for (int y = 0; y < n; y++) {
            for (int x = 0; x < n; x++) {
                double r;
                double g;
                double b;
                switch (kind) {
                    case "gradient" -> {
                        r = x / 223.0;
                        g = y / 223.0;
                        b = (x + y) / 446.0;
                    }
                    case "checkerboard" -> {
                        int k = (Math.floorDiv(x, 16) + Math.floorDiv(y, 16)) % 2;
                        r = k == 1 ? 0.9 : 0.1;
                        g = k == 1 ? 0.2 : 0.7;
                        b = ((7 * x + 3 * y) % 64) / 63.0;
                    }
                    default -> throw new IllegalArgumentException(kind);
                }
                int o = y * n + x;
                v[o] = (float) r;
                v[n * n + o] = (float) g;
                v[2 * n * n + o] = (float) b;
            }
        }
        return v;
    }

    /**
     * @return The Scream as a {@code [1,3,224,224]} input
     * @throws IOException if the resource cannot be read
     */
    static Tensor scream() throws IOException {
        try (InputStream in = ReferenceInputs.class.getClassLoader().getResourceAsStream(SCREAM)) {
            if (in == null) {
                throw new IOException("missing test resource " + SCREAM);
            }
            BufferedImage image = ImageIO.read(in);
            if (image == null) {
                throw new IOException(SCREAM + " is not a readable image");
            }
            return MobileNetV2.preprocess(List.of(image));
        }
    }

    /**
     * Writes the preprocessed Scream for the node script.
     *
     * @param args the output file
     * @throws IOException if it cannot be written
     */
    public static void main(String[] args) throws IOException {
        float[] chw = scream().floats();
        int n = MobileNetV2.INPUT_SIZE;
        ByteBuffer b = ByteBuffer.allocate(chw.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int y = 0; y < n; y++) {
            for (int x = 0; x < n; x++) {
                for (int c = 0; c < 3; c++) {
                    b.putFloat(chw[c * n * n + y * n + x]);
                }
            }
        }
        Path out = Path.of(args[0]);
        Files.createDirectories(out.toAbsolutePath().getParent());
        try (OutputStream o = Files.newOutputStream(out)) {
            o.write(b.array());
        }
        System.out.println("wrote " + out.toAbsolutePath());
    }
}
