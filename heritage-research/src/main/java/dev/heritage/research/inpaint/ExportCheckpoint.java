package dev.heritage.research.inpaint;

import dev.heritage.inpaint.GatedUNet;
import dev.heritage.inpaint.train.InpaintModelWriter;
import dev.heritage.inpaint.train.WeightsFile;
import dev.heritage.network.NetworkWeights;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Not a test: exports a training checkpoint as a model directory (for ablations).
 * {@code ExportCheckpoint WEIGHTS scratch|refiner OUT_DIR ID}
 */
public final class ExportCheckpoint {
    public static void main(String[] args) throws Exception {
        GatedUNet arch = args[1].equals("scratch") ? GatedUNet.FROM_SCRATCH : GatedUNet.DEFAULT;
        NetworkWeights w = WeightsFile.read(Path.of(args[0]), arch.graph(128, 128));
        InpaintModelWriter.write(
                Path.of(args[2]),
                new InpaintModelWriter.Description(
                        args[3], "0.0.0", "Ablation: checkpoint " + args[0], Map.of(), List.of(), List.of()),
                arch,
                w,
                null,
                InpaintModelWriter.DEFAULT_PATCH,
                InpaintModelWriter.DEFAULT_OVERLAP,
                Map.of("checkpoint", args[0]));
        System.out.println("wrote " + args[2]);
    }
}
