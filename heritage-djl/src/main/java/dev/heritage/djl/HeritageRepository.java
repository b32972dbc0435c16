package dev.heritage.djl;

import ai.djl.repository.Artifact;
import ai.djl.repository.MRL;
import ai.djl.repository.Metadata;
import ai.djl.repository.Repository;
import ai.djl.util.Progress;
import dev.heritage.runtime.HeritageCache;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The repository that the {@link MRL}s of {@link HeritageModelZoo}'s loaders name. DJL lists models by
 * MRL, and an MRL needs a repository; Heritage's models, though, come from jars on the class path through
 * Heritage's own zoo, so this repository locates, resolves and downloads nothing, and reads no folder.
 *
 * <p>Immutable and thread-safe; it owns nothing to close.
 */
final class HeritageRepository implements Repository {
    private static final String NOTHING_TO_FETCH = "Heritage's models are read from jars on the class path by"
            + " Heritage's zoo, never through a DJL repository. Load them with Criteria.builder().optGroupId(\""
            + HeritageModelZoo.GROUP_ID + "\").optArtifactId(ID).";

    @Override
    public boolean isRemote() {
        return false;
    }

    @Override
    public String getName() {
        return "heritage";
    }

    @Override
    public URI getBaseUri() {
        return URI.create("heritage:zoo");
    }

    /** @return {@code null}: no DJL metadata describes Heritage's models */
    @Override
    public Metadata locate(MRL mrl) {
        return null;
    }

    /** @return {@code null}: no DJL artifact describes Heritage's models */
    @Override
    public Artifact resolve(MRL mrl, Map<String, String> filter) {
        return null;
    }

    @Override
    public InputStream openStream(Artifact.Item item, String path) throws IOException {
        throw new IOException(NOTHING_TO_FETCH);
    }

    @Override
    public Path getFile(Artifact.Item item, String path) throws IOException {
        throw new IOException(NOTHING_TO_FETCH);
    }

    @Override
    public String[] listDirectory(Artifact.Item item, String path) throws IOException {
        throw new IOException(NOTHING_TO_FETCH);
    }

    /** Does nothing: there is nothing to download. */
    @Override
    public void prepare(Artifact artifact, Progress progress) {}

    /** @return Heritage's cache folder, where Heritage's zoo unpacks models (not DJL's cache) */
    @Override
    public Path getCacheDirectory() {
        return HeritageCache.directory();
    }

    @Override
    public List<MRL> getResources() {
        return List.of();
    }

    /** Does nothing: Heritage's zoo lists its own models. */
    @Override
    public void addResource(MRL mrl) {}
}
