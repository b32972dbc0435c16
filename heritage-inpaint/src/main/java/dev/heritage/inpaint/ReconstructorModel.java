package dev.heritage.inpaint;

import dev.heritage.api.MalformedModelException;
import dev.heritage.api.model.ModelArtifact;
import java.util.Objects;

/**
 * A verified reconstructor model with its {@link ReconstructorMethod}, read from the card once: what the
 * reconstructors' {@code open} methods take, so that the model's kind and method are checked in one place.
 *
 * <p>Immutable and thread-safe. Holds no resources (the artifact is a verified directory on disk).
 *
 * @param artifact the verified model directory
 * @param method how the model reconstructs
 */
public record ReconstructorModel(ModelArtifact artifact, ReconstructorMethod method) {
    /** Validates. */
    public ReconstructorModel {
        Objects.requireNonNull(artifact, "artifact");
        Objects.requireNonNull(method, "method");
    }

    /**
     * @param artifact a verified model
     * @return the model with its method
     * @throws MalformedModelException if the model is not a reconstructor or names an unknown method
     */
    public static ReconstructorModel of(ModelArtifact artifact) throws MalformedModelException {
        return new ReconstructorModel(artifact, ReconstructorMethod.of(artifact.card()));
    }

    /**
     * @param expected the method the caller implements
     * @param opener the class or method that opens models of {@code expected}, for the message
     * @throws MalformedModelException if this model's method is another
     */
    public void requireMethod(ReconstructorMethod expected, String opener) throws MalformedModelException {
        if (method != expected) {
            throw new MalformedModelException("Model '" + artifact.card().id() + "' is a " + method.cardName()
                    + " reconstructor, not a " + expected.cardName() + " one; " + opener
                    + " cannot open it. Load it with Reconstructors.load, which picks the right class.");
        }
    }
}
