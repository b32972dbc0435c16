package dev.heritage.cli;

import dev.heritage.classify.train.TrainingConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The options that name a training configuration and the collection it reads, shared by
 * {@code heritage train} and {@code heritage split} (a picocli mixin), with their checks.
 * Filled by picocli; not thread-safe (one per command invocation).
 */
final class TrainingInputs {
    @Option(
            names = "--config",
            required = true,
            description = "Training configuration (JSON), e.g. configs/paintings-multitask.json.")
    Path config;

    @Option(names = "--input", required = true, description = "The collection's metadata.csv.")
    Path input;

    @Option(
            names = "--images",
            description = "Folder that relative image paths resolve against (default: the CSV's folder).")
    Path images;

    /**
     * Checks the files and reads the configuration.
     *
     * @return the configuration
     * @throws UsageException naming the option at fault and what is wrong with it
     */
    TrainingConfig read() {
        ReconstructCommand.requireFile(config, "--config");
        ReconstructCommand.requireFile(input, "--input");
        if (images != null && !Files.isDirectory(images)) {
            throw new UsageException("--images " + images + ": no such folder");
        }
        try {
            return TrainingConfig.read(config);
        } catch (IOException e) {
            throw new UsageException("--config " + e.getMessage());
        }
    }
}
