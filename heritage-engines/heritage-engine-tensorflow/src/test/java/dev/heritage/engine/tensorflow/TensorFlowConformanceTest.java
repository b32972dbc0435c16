package dev.heritage.engine.tensorflow;

import dev.heritage.engine.tck.EngineConformanceSuite;

/** Runs the engine conformance suite on the tensorflow engine. */
class TensorFlowConformanceTest extends EngineConformanceSuite {
    @Override
    protected String engineName() {
        return "tensorflow";
    }
}
