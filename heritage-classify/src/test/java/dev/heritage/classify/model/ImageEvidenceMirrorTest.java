package dev.heritage.classify.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.awt.image.BufferedImage;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ImageEvidenceMirrorTest {

    @ParameterizedTest(name = "{0}x{1}, type {2}, sub-image {3}")
    @CsvSource({"224,224,1,false", "7,3,1,false", "300,200,1,true", "50,40,5,false", "1,1,2,false"})
    void mirrorSwapsLeftAndRightPixelForPixel(int w, int h, int type, boolean sub) {
        Random random = new Random(w * 7L + h);
        BufferedImage whole = new BufferedImage(w + (sub ? 13 : 0), h + (sub ? 9 : 0), type);
        for (int y = 0; y < whole.getHeight(); y++) {
            for (int x = 0; x < whole.getWidth(); x++) {
                whole.setRGB(x, y, 0xff000000 | random.nextInt(1 << 24));
            }
        }
        BufferedImage image = sub ? whole.getSubimage(13, 9, w, h) : whole;
        BufferedImage m = ImageEvidence.mirror(image);
        assertEquals(BufferedImage.TYPE_INT_RGB, m.getType());
        assertEquals(w, m.getWidth());
        assertEquals(h, m.getHeight());
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                assertEquals(image.getRGB(w - 1 - x, y), m.getRGB(x, y), x + "," + y);
            }
        }
    }
}
