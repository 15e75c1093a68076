package dev.firebreak.node.engine.tensor;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/** Encodes floats into each {@link WeightType}, as GGML does, for synthetic models and tests. */
public final class Quantizer {

    private Quantizer() {
    }

    /** {@code values} encoded as {@code type} in a new segment of {@code arena}. */
    public static MemorySegment encode(WeightType type, float[] values, Arena arena) {
        MemorySegment out = arena.allocate(type.bytesFor(values.length), 64);
        encodeInto(type, values, 0, values.length, out, 0);
        return out;
    }

    /** Encodes {@code values[from, from+count)} into {@code out} at byte {@code outOff}. */
    public static void encodeInto(WeightType type, float[] values, int from, int count, MemorySegment out, long outOff) {
        switch (type) {
            case F32 -> MemorySegment.copy(values, from, out, Layouts.FLOAT, outOff, count);
            case F16 -> {
                for (int i = 0; i < count; i++) {
                    out.set(Layouts.SHORT, outOff + 2L * i, Float.floatToFloat16(values[from + i]));
                }
            }
            case Q8_0 -> {
                for (int b = 0; b < count / 32; b++) {
                    q8Block(values, from + b * 32, out, outOff + 34L * b);
                }
            }
            case Q4_0 -> {
                for (int b = 0; b < count / 32; b++) {
                    q4Block(values, from + b * 32, out, outOff + 18L * b);
                }
            }
        }
    }

    private static void q8Block(float[] v, int off, MemorySegment out, long o) {
        float amax = 0f;
        for (int j = 0; j < 32; j++) {
            amax = Math.max(amax, Math.abs(v[off + j]));
        }
        float d = amax / 127f;
        float id = d == 0f ? 0f : 1f / d;
        out.set(Layouts.SHORT, o, Float.floatToFloat16(d));
        for (int j = 0; j < 32; j++) {
            out.set(ValueLayout.JAVA_BYTE, o + 2 + j, (byte) Math.round(v[off + j] * id));
        }
    }

    private static void q4Block(float[] v, int off, MemorySegment out, long o) {
        // GGML's Q4_0: the value of largest magnitude maps to -8, keeping its sign.
        float max = 0f;
        for (int j = 0; j < 32; j++) {
            if (Math.abs(v[off + j]) > Math.abs(max)) {
                max = v[off + j];
            }
        }
        float d = max / -8f;
        float id = d == 0f ? 0f : 1f / d;
        out.set(Layouts.SHORT, o, Float.floatToFloat16(d));
        for (int j = 0; j < 16; j++) {
            int low = Math.min(15, (int) (v[off + j] * id + 8.5f));
            int high = Math.min(15, (int) (v[off + j + 16] * id + 8.5f));
            out.set(ValueLayout.JAVA_BYTE, o + 2 + j, (byte) (low | (high << 4)));
        }
    }
}
