package dev.heritage.inpaint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.heritage.api.Mask;
import dev.heritage.api.Reconstructor;
import java.awt.image.BufferedImage;
import java.util.List;
import org.junit.jupiter.api.Test;

class OverlayAndFactoryTest {

    @Test
    void theOverlayTintsTheInsideOutlinesTheEdgeAndLeavesTheRest() {
        BufferedImage img = new BufferedImage(20, 20, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 20; y++) {
            for (int x = 0; x < 20; x++) {
                img.setRGB(x, y, 0x000000);
            }
        }
        Mask mask = TestImages.discs(20, 20, new int[] {10, 10, 5});
        BufferedImage out = Overlay.defaults().render(img, mask);
        assertEquals(0xFF000000, out.getRGB(0, 0), "outside the mask: unchanged");
        assertEquals(0xFFFFFF00, out.getRGB(5, 10), "the mask's edge: outline colour");
        // Inside: 40 % magenta over black.
        assertEquals(0xFF000000 | (102 << 16) | 102, out.getRGB(10, 10));

        BufferedImage flat =
                Overlay.defaults().withTint(0x0000FF, 1.0).withoutOutline().render(img, mask);
        assertEquals(0xFF0000FF, flat.getRGB(5, 10));
        assertEquals(0xFF0000FF, flat.getRGB(10, 10));
        assertThrows(IllegalArgumentException.class, () -> Overlay.defaults().withTint(0, 1.5));
        assertThrows(
                IllegalArgumentException.class, () -> Overlay.defaults().render(img, Mask.of(2, 2, new boolean[4])));
    }

    @Test
    void classicalReconstructorsByName() {
        try (Reconstructor telea = Reconstructors.classical("telea");
                Reconstructor ns = Reconstructors.classical(" NS ");
                Reconstructor exemplar = Reconstructors.classical("Exemplar")) {
            assertInstanceOf(TeleaReconstructor.class, telea);
            assertInstanceOf(NavierStokesReconstructor.class, ns);
            assertInstanceOf(ExemplarReconstructor.class, exemplar);
            assertEquals(5, ((TeleaReconstructor) telea).radius());
        }
        assertEquals(List.of("telea", "ns", "exemplar"), Reconstructors.classicalNames());
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> Reconstructors.classical("patchmatch"));
        assertTrue(
                e.getMessage().contains("'patchmatch'") && e.getMessage().contains("telea, ns, exemplar"),
                e.getMessage());
    }
}
