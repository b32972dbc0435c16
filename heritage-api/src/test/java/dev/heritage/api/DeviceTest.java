package dev.heritage.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class DeviceTest {
    @Test
    void parsesAndPrints() {
        assertEquals(Device.cpu(), Device.parse("CPU"));
        assertEquals(Device.cuda(0), Device.parse("cuda"));
        assertEquals(Device.cuda(2), Device.parse("gpu:2"));
        assertEquals("cuda:1", Device.cuda(1).toString());
        assertEquals("cpu", Device.cpu().toString());
    }

    @Test
    void refusesNonsense() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Device.parse("tpu"));
        assertTrue(e.getMessage().contains("cpu, cuda or cuda:N"));
        assertThrows(IllegalArgumentException.class, () -> Device.parse("cuda:x"));
        assertThrows(IllegalArgumentException.class, () -> Device.cuda(-1));
    }

    @Test
    void assetDropsBlankFields() {
        Asset a = Asset.builder("x")
                .field("style", "  ")
                .field("title", " Haystacks ")
                .build();
        assertEquals(Map.of("title", "Haystacks"), a.fields());
        assertTrue(a.imageSource().isEmpty());
    }
}
