package dev.heritage.engine.pytorch;

import dev.heritage.engine.tck.EngineConformanceSuite;

/** Runs the engine conformance suite on the pytorch engine. */
class PyTorchConformanceTest extends EngineConformanceSuite {
    @Override
    protected String engineName() {
        return "pytorch";
    }
}
