package dev.firebreak.node.engine.tensor;

import jdk.incubator.vector.FloatVector;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;

import static dev.firebreak.node.engine.tensor.Kernels.F;

/** A matrix of 32-bit floats, read in place. */
public record F32Matrix(int rows, int cols, MemorySegment data) implements WeightMatrix {

    @Override
    public WeightType type() {
        return WeightType.F32;
    }

    @Override
    public void matVecRows(float[] x, int xOff, float[] out, int outOff, int from, int to) {
        float[] acc = new float[4 * F.length()];
        float[] sums = new float[4];
        int r = from;
        for (; r + 4 <= to; r += 4) {
            dot4(r, x, xOff, out, outOff + r, acc, sums);
        }
        for (; r < to; r++) {
            out[outOff + r] = dot1(r, x, xOff, acc);
        }
    }

    private float dot1(int row, float[] x, int xOff, float[] acc) {
        long base = (long) row * cols * Float.BYTES;
        int end = CanonicalDot.vectorEnd(cols);
        float sum = 0f;
        if (end > 0) {
            FloatVector a = FloatVector.zero(F);
            for (int c = 0; c < end; c += F.length()) {
                a = load(base + (long) c * Float.BYTES).fma(FloatVector.fromArray(F, x, xOff + c), a);
            }
            a.intoArray(acc, 0);
            CanonicalDot.sumLanes(acc, 1, acc, 0);
            sum = acc[0];
        }
        for (int c = end; c < cols; c++) {
            sum += data.get(Layouts.FLOAT, base + (long) c * Float.BYTES) * x[xOff + c];
        }
        return sum;
    }

    /**
     * Rows row..row+3 into out[outOff..]. The accumulators leave through {@code acc} (see
     * {@link CanonicalDot}); {@code sums} is scratch.
     */
    private void dot4(int row, float[] x, int xOff, float[] out, int outOff, float[] acc, float[] sums) {
        long rowBytes = (long) cols * Float.BYTES;
        long b0 = row * rowBytes, b1 = b0 + rowBytes, b2 = b1 + rowBytes, b3 = b2 + rowBytes;
        int end = CanonicalDot.vectorEnd(cols);
        Arrays.fill(sums, 0f);
        if (end > 0) {
            FloatVector a0 = FloatVector.zero(F), a1 = a0, a2 = a0, a3 = a0;
            for (int c = 0; c < end; c += F.length()) {
                long o = (long) c * Float.BYTES;
                FloatVector v = FloatVector.fromArray(F, x, xOff + c);
                a0 = load(b0 + o).fma(v, a0);
                a1 = load(b1 + o).fma(v, a1);
                a2 = load(b2 + o).fma(v, a2);
                a3 = load(b3 + o).fma(v, a3);
            }
            a0.intoArray(acc, 0);
            a1.intoArray(acc, F.length());
            a2.intoArray(acc, 2 * F.length());
            a3.intoArray(acc, 3 * F.length());
            CanonicalDot.sumLanes(acc, 4, sums, 0);
        }
        float s0 = sums[0], s1 = sums[1], s2 = sums[2], s3 = sums[3];
        for (int c = end; c < cols; c++) {
            long o = (long) c * Float.BYTES;
            float xv = x[xOff + c];
            s0 += data.get(Layouts.FLOAT, b0 + o) * xv;
            s1 += data.get(Layouts.FLOAT, b1 + o) * xv;
            s2 += data.get(Layouts.FLOAT, b2 + o) * xv;
            s3 += data.get(Layouts.FLOAT, b3 + o) * xv;
        }
        out[outOff] = s0;
        out[outOff + 1] = s1;
        out[outOff + 2] = s2;
        out[outOff + 3] = s3;
    }

    private FloatVector load(long byteOff) {
        return FloatVector.fromMemorySegment(F, data, byteOff, Layouts.ORDER);
    }

    @Override
    public void dequantizeRow(int row, float[] dst, int dstOff) {
        MemorySegment.copy(data, Layouts.FLOAT, (long) row * cols * Float.BYTES, dst, dstOff, cols);
    }
}
