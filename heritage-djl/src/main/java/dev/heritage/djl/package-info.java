/**
 * Heritage's models as a Deep Java Library model zoo, for DJL applications: with this module, a zoo
 * artifact ({@code heritage-zoo-paintings}, {@code heritage-zoo-inpaint}) and an engine module on the
 * class path,
 *
 * <pre>{@code
 * Criteria<Asset, AnnotationResult> criteria = Criteria.builder()
 *         .setTypes(Asset.class, AnnotationResult.class)
 *         .optGroupId("dev.heritage").optArtifactId("paintings-multitask").build();
 * try (ZooModel<Asset, AnnotationResult> model = criteria.loadModel();
 *      Predictor<Asset, AnnotationResult> predictor = model.newPredictor()) {
 *     AnnotationResult result = predictor.predict(asset);
 * }
 * }</pre>
 *
 * <p>DJL finds {@link dev.heritage.djl.HeritageZooProvider} through {@code META-INF/services}; its
 * {@link dev.heritage.djl.HeritageModelZoo} (group id {@value dev.heritage.djl.HeritageModelZoo#GROUP_ID})
 * offers every annotator and reconstructor of Heritage's own zoo on the class path, and the classical
 * reconstructors {@code telea}, {@code ns} and {@code exemplar} (input
 * {@link dev.heritage.djl.ReconstructionRequest}, output {@link dev.heritage.api.Reconstruction}). Nothing
 * is downloaded: models come from jars on the class path. Loading leaves DJL's process-wide settings to the
 * application ({@link dev.heritage.runtime.DjlSettings}), so the application's own models run as before.
 *
 * <p>This is the one module that sees both Heritage's API and DJL's; {@code heritage-api} stays free of DJL
 * types.
 */
package dev.heritage.djl;
