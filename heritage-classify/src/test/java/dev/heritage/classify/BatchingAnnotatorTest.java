package dev.heritage.classify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.heritage.api.AnnotationResult;
import dev.heritage.api.Annotator;
import dev.heritage.api.AnnotatorOptions;
import dev.heritage.api.Asset;
import dev.heritage.api.HeritageException;
import dev.heritage.api.ImageSource;
import dev.heritage.api.InvalidImageException;
import dev.heritage.api.ModelCard;
import dev.heritage.api.Prediction;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The dynamic batcher in front of the zoo annotator on ONNX Runtime, called by concurrent threads with
 * one asset each: the answers equal the unbatched ones, a bad image fails only its own call, and
 * closing answers what was queued and refuses the rest.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BatchingAnnotatorTest {
    private static final int CALLERS = 6;

    private Annotator plain;
    private List<Asset> assets;
    private List<AnnotationResult> unbatched;

    @BeforeAll
    void loadAndAnswerOneByOne() throws Exception {
        plain = load();
        byte[] scream;
        try (InputStream in = getClass().getResourceAsStream("/backbone/munch_the_scream.jpg")) {
            scream = in.readAllBytes();
        }
        ImageSource image = ImageSource.of(scream, "munch_the_scream.jpg");
        assets = List.of(
                Asset.builder("image").image(image).build(),
                Asset.builder("titled")
                        .image(image)
                        .field("title", "The Scream")
                        .build(),
                Asset.builder("styled")
                        .image(image)
                        .field("style", "Abstract Expressionism")
                        .build(),
                Asset.builder("title-only")
                        .field("title", "Mount Fuji seen from the sea")
                        .build(),
                Asset.builder("dated").image(image).field("date", "1893").build(),
                Asset.builder("titled-2")
                        .image(image)
                        .field("title", "Landscape with a river")
                        .build());
        unbatched = new ArrayList<>();
        for (Asset a : assets) {
            unbatched.add(plain.annotate(a));
        }
    }

    @AfterAll
    void close() {
        plain.close();
    }

    private static Annotator load() throws HeritageException {
        return Annotators.load(
                "paintings-multitask",
                AnnotatorOptions.builder().engine("onnxruntime").build());
    }

    @Test
    void concurrentSingleCallsAreSentAsOneBatchAndGetTheUnbatchedAnswers() throws Exception {
        Sizes sizes = new Sizes(load());
        try (BatchingAnnotator batcher = BatchingAnnotator.builder(sizes)
                .optMaxBatch(CALLERS)
                .optMaxWait(Duration.ofSeconds(2))
                .build()) {
            List<AnnotationResult> answers = callTogether(batcher, assets);
            for (int i = 0; i < assets.size(); i++) {
                assertSameAnswer(answers.get(i), unbatched.get(i));
            }
        }
        assertThat(sizes.sizes).as("one engine call for the six callers").containsExactly(CALLERS);
    }

    @Test
    void aBadImageFailsOnlyItsOwnCall() throws Exception {
        List<Asset> withBad = new ArrayList<>(assets);
        withBad.set(
                2,
                Asset.builder("bad")
                        .image(ImageSource.of(new byte[] {1, 2, 3, 4}, "bad.jpg"))
                        .build());
        try (BatchingAnnotator batcher = BatchingAnnotator.builder(load())
                .optMaxBatch(CALLERS)
                .optMaxWait(Duration.ofSeconds(2))
                .build()) {
            ExecutorService pool = Executors.newFixedThreadPool(CALLERS);
            try {
                CountDownLatch start = new CountDownLatch(1);
                List<Future<AnnotationResult>> futures = new ArrayList<>();
                for (Asset a : withBad) {
                    futures.add(pool.submit(() -> {
                        start.await();
                        return batcher.annotate(a);
                    }));
                }
                start.countDown();
                for (int i = 0; i < withBad.size(); i++) {
                    if (i == 2) {
                        Future<AnnotationResult> bad = futures.get(i);
                        assertThatThrownBy(bad::get).hasCauseInstanceOf(InvalidImageException.class);
                    } else {
                        assertSameAnswer(futures.get(i).get(), unbatched.get(i));
                    }
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void closeAnswersTheQueuedCallsRefusesNewOnesAndClosesTheAnnotator() throws Exception {
        Annotator inner = load();
        BatchingAnnotator batcher = BatchingAnnotator.builder(inner)
                .optMaxBatch(100)
                .optMaxWait(Duration.ofSeconds(30)) // only close() ends the collecting
                .build();
        ExecutorService pool = Executors.newFixedThreadPool(CALLERS);
        try {
            List<Future<AnnotationResult>> futures = new ArrayList<>();
            for (Asset a : assets) {
                futures.add(pool.submit(() -> batcher.annotate(a)));
            }
            Thread.sleep(300); // let the callers queue
            long start = System.nanoTime();
            batcher.close();
            assertThat(Duration.ofNanos(System.nanoTime() - start))
                    .as("close does not wait out maxWait")
                    .isLessThan(Duration.ofSeconds(20));
            int answered = 0;
            for (int i = 0; i < assets.size(); i++) {
                try {
                    assertSameAnswer(futures.get(i).get(60, TimeUnit.SECONDS), unbatched.get(i));
                    answered++;
                } catch (java.util.concurrent.ExecutionException e) {
                    assertThat(e.getCause())
                            .as("a call that came too late is refused")
                            .isInstanceOf(IllegalStateException.class);
                }
            }
            assertThat(answered).as("the queued calls were answered").isPositive();
            assertThatThrownBy(() -> batcher.annotate(assets.get(0)))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("closed");
            assertThatThrownBy(() -> inner.annotate(assets.get(0))).isInstanceOf(IllegalStateException.class);
            batcher.close(); // idempotent
        } finally {
            pool.shutdownNow();
        }
    }

    private static List<AnnotationResult> callTogether(Annotator annotator, List<Asset> assets) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(assets.size());
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<AnnotationResult>> futures = new ArrayList<>();
            for (Asset a : assets) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return annotator.annotate(a);
                }));
            }
            start.countDown();
            List<AnnotationResult> out = new ArrayList<>();
            for (Future<AnnotationResult> f : futures) {
                out.add(f.get(60, TimeUnit.SECONDS));
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    private static void assertSameAnswer(AnnotationResult actual, AnnotationResult expected) {
        assertThat(actual.assetId()).isEqualTo(expected.assetId());
        assertThat(actual.predictions().keySet())
                .isEqualTo(expected.predictions().keySet());
        for (Prediction p : expected.predictions().values()) {
            Prediction q = actual.predictions().get(p.field());
            assertThat(q.value()).as(p.field()).isEqualTo(p.value());
            assertThat(q.confidence())
                    .as(p.field())
                    .isCloseTo(p.confidence(), org.assertj.core.data.Offset.offset(1e-5));
        }
        assertThat(actual.warnings()).isEqualTo(expected.warnings());
    }

    /** A real annotator that records the size of every list it is given. */
    private static final class Sizes implements Annotator {
        private final Annotator inner;
        final List<Integer> sizes = new CopyOnWriteArrayList<>();

        Sizes(Annotator inner) {
            this.inner = inner;
        }

        @Override
        public ModelCard card() {
            return inner.card();
        }

        @Override
        public AnnotationResult annotate(Asset asset) throws HeritageException {
            sizes.add(1);
            return inner.annotate(asset);
        }

        @Override
        public List<AnnotationResult> annotate(List<Asset> assets) throws HeritageException {
            sizes.add(assets.size());
            return inner.annotate(assets);
        }

        @Override
        public void close() {
            inner.close();
        }
    }
}
