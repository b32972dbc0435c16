package dev.heritage.network.djl;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDManager;
import dev.heritage.network.NetworkGraph;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes and reads the DJL-parameters format of a {@link GraphBlock}: DJL's own parameter encoding,
 * which needs the graph (stored beside it) to be read back.
 *
 * <p>Stateless and thread-safe.
 */
public final class DjlParams {
    private DjlParams() {}

    /**
     * @param block an initialised block
     * @param file the {@code .params} file to write
     * @throws IOException if it cannot be written
     */
    public static void write(GraphBlock block, Path file) throws IOException {
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file)))) {
            block.saveParameters(out);
        }
    }

    /**
     * @param graph the network the parameters belong to
     * @param file the {@code .params} file
     * @param manager the manager that will own the parameters (its engine runs the block)
     * @return the block with the stored parameters
     * @throws IOException if the file cannot be read or does not fit the graph
     */
    public static GraphBlock read(NetworkGraph graph, Path file, NDManager manager) throws IOException {
        GraphBlock block = new GraphBlock(graph);
        block.initialize(manager);
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            block.loadParameters(manager, in);
        } catch (MalformedModelException e) {
            throw new IOException(
                    file + " does not hold the parameters of network '" + graph.name() + "': " + e.getMessage(), e);
        }
        return block;
    }
}
