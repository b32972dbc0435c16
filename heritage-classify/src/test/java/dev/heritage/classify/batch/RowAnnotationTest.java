package dev.heritage.classify.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.heritage.api.Asset;
import dev.heritage.api.HeritageException;
import dev.heritage.api.InvalidImageException;
import dev.heritage.classify.collection.CollectionRow;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A chunk in one call, then batch by batch, then only the failing batch row by row. */
class RowAnnotationTest {
    @TempDir
    Path dir;

    private List<Asset> assets(int n, int... bad) throws IOException {
        List<Asset> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Path image = dir.resolve("a" + i + ".png");
            int index = i;
            boolean broken = Arrays.stream(bad).anyMatch(b -> b == index);
            Files.write(image, broken ? new byte[] {1, 2, 3} : new byte[] {(byte) 0x89, 'P', 'N', 'G', (byte) i});
            out.add(Asset.builder("a" + i).image(image).build());
        }
        return out;
    }

    @Test
    void aChunkWithoutBadImagesIsOneCall() throws Exception {
        StubAnnotator stub = new StubAnnotator();
        List<Asset> assets = assets(7);
        List<RowOutcome> outcomes = RowAnnotation.annotate(stub, assets, 2);
        assertThat(stub.listCalls).containsExactly(7);
        assertThat(outcomes).extracting(RowOutcome::id).containsExactly("a0", "a1", "a2", "a3", "a4", "a5", "a6");
        assertThat(outcomes).noneMatch(RowOutcome::isError);
        for (int i = 0; i < assets.size(); i++) {
            assertThat(outcomes.get(i).result()).isEqualTo(StubAnnotator.answer(assets.get(i)));
        }
    }

    @Test
    void aBadImageFailsOnlyItsRowAndOnlyItsBatchIsRetriedRowByRow() throws Exception {
        StubAnnotator stub = new StubAnnotator();
        List<RowOutcome> outcomes = RowAnnotation.annotate(stub, assets(7, 3), 2);
        // The chunk, then batches [0,1] [2,3] [4,5] [6]; only [2,3] fails again and goes row by row.
        assertThat(stub.listCalls).containsExactly(7, 2, 2, 2, 1);
        assertThat(outcomes).extracting(RowOutcome::id).containsExactly("a0", "a1", "a2", "a3", "a4", "a5", "a6");
        assertThat(outcomes).filteredOn(RowOutcome::isError).singleElement().satisfies(o -> {
            assertThat(o.id()).isEqualTo("a3");
            assertThat(o.errorType()).isEqualTo("invalid_image");
            assertThat(o.errorMessage()).contains("a3.png").contains("not a PNG");
        });
        assertThat(outcomes.get(2).result().assetId()).isEqualTo("a2");
    }

    @Test
    void anEngineFailureIsNotARowError() throws Exception {
        List<Asset> assets = assets(3);
        assertThatThrownBy(() -> RowAnnotation.annotate(new StubAnnotator(1), assets, 2))
                .isInstanceOf(HeritageException.class)
                .isNotInstanceOf(InvalidImageException.class)
                .hasMessageContaining("engine failed");
    }

    @Test
    void theLocalChunkAnnotatorIsRowAnnotationOverTheRowsAssets() throws Exception {
        StubAnnotator stub = new StubAnnotator();
        List<Asset> assets = assets(5, 0);
        List<CollectionRow> rows = new ArrayList<>();
        for (int i = 0; i < assets.size(); i++) {
            rows.add(new CollectionRow(i + 1, i + 2, assets.get(i), dir.resolve("a" + i + ".png"), List.of()));
        }
        List<RowOutcome> outcomes = ChunkAnnotator.of(stub, 4).annotate(rows);
        assertThat(outcomes).extracting(RowOutcome::isError).containsExactly(true, false, false, false, false);
        assertThat(stub.listCalls).containsExactly(5, 4, 1);
        assertThatThrownBy(() -> ChunkAnnotator.of(stub, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
