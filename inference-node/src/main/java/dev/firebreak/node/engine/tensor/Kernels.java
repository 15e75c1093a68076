package dev.firebreak.node.engine.tensor;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Tuning knobs of the kernels, read once from system properties:
 * {@code firebreak.kernels=scalar} forces the scalar path (as does a preferred vector under 256 bits),
 * {@code firebreak.threads=N} sets the worker count (default: all cores).
 */
public final class Kernels {

    /** The float species the kernels use. */
    public static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;

    /** True when the Vector API path is used; false for the scalar fallback. */
    public static final boolean VECTOR = !"scalar".equals(System.getProperty("firebreak.kernels"))
            && F.vectorBitSize() >= 256;

    /** Worker threads for matrix kernels. */
    public static final int THREADS = Integer.getInteger("firebreak.threads",
            Runtime.getRuntime().availableProcessors());

    private Kernels() {
    }
}
