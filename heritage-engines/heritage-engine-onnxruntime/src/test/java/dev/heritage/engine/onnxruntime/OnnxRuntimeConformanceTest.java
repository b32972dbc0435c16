package dev.heritage.engine.onnxruntime;

import dev.heritage.engine.tck.EngineConformanceSuite;

/** Runs the engine conformance suite on the onnxruntime engine. */
class OnnxRuntimeConformanceTest extends EngineConformanceSuite {
    @Override
    protected String engineName() {
        return "onnxruntime";
    }
}
