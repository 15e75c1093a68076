package dev.firebreak.node.engine.gguf;

import dev.firebreak.node.engine.tensor.WeightMatrix;
import dev.firebreak.node.engine.tensor.WeightType;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a GGUF v3 file: metadata and tensors, data aligned to 32 bytes. Used to export synthetic
 * models and by the tests that check the reader.
 */
public final class GgufWriter {

    private static final int ALIGNMENT = 32;

    private record Tensor(String name, WeightType type, long[] dims, byte[] data) {
    }

    private final Map<String, Object> metadata = new LinkedHashMap<>();
    private final List<Tensor> tensors = new ArrayList<>();

    /**
     * Adds a metadata entry: Integer (uint32 when not negative, as GGUF's writers store counts and
     * ids, else int32), Long (uint64), Float, Double, Boolean, String,
     * int[] (int32 array), float[] (float32 array), or List of String.
     */
    public GgufWriter metadata(String key, Object value) {
        metadata.put(key, value);
        return this;
    }

    /** Adds a tensor with GGML-order dims and its encoded bytes. */
    public GgufWriter tensor(String name, WeightType type, long[] dims, byte[] data) {
        tensors.add(new Tensor(name, type, dims.clone(), data));
        return this;
    }

    /** Adds a weight matrix as a 2-D tensor (GGML order: columns first). */
    public GgufWriter tensor(String name, WeightMatrix matrix) {
        return tensor(name, matrix.type(), new long[] {matrix.cols(), matrix.rows()},
                matrix.ggml().toArray(ValueLayout.JAVA_BYTE));
    }

    /** Adds a float vector as a 1-D F32 tensor. */
    public GgufWriter vector(String name, float[] values) {
        ByteBuffer bytes = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(values);
        return tensor(name, WeightType.F32, new long[] {values.length}, bytes.array());
    }

    public void write(Path file) throws IOException {
        try (OutputStream out = new java.io.BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
            Sink sink = new Sink(out);
            sink.i32(0x46554747);
            sink.i32(3);
            sink.i64(tensors.size());
            sink.i64(metadata.size());
            for (Map.Entry<String, Object> entry : metadata.entrySet()) {
                sink.string(entry.getKey());
                sink.value(entry.getKey(), entry.getValue());
            }
            long offset = 0;
            for (Tensor t : tensors) {
                sink.string(t.name());
                sink.i32(t.dims().length);
                for (long d : t.dims()) {
                    sink.i64(d);
                }
                sink.i32(GgmlTypes.id(t.type()));
                sink.i64(offset);
                offset = align(offset + t.data().length);
            }
            sink.pad(align(sink.written) - sink.written);
            for (Tensor t : tensors) {
                sink.bytes(t.data());
                sink.pad(align(t.data().length) - t.data().length);
            }
        }
    }

    private static long align(long n) {
        return (n + ALIGNMENT - 1) / ALIGNMENT * ALIGNMENT;
    }

    /** Little-endian primitives onto a stream, counting bytes written. */
    private static final class Sink {
        private final OutputStream out;
        private final ByteBuffer scratch = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        long written;

        Sink(OutputStream out) {
            this.out = out;
        }

        void bytes(byte[] b) throws IOException {
            out.write(b);
            written += b.length;
        }

        void pad(long n) throws IOException {
            for (long i = 0; i < n; i++) {
                out.write(0);
            }
            written += n;
        }

        void i32(int v) throws IOException {
            scratch.clear().putInt(v);
            bytes(slice(4));
        }

        private byte[] slice(int n) {
            byte[] b = new byte[n];
            scratch.flip().get(b);
            return b;
        }

        void i64(long v) throws IOException {
            scratch.clear().putLong(v);
            bytes(slice(8));
        }

        void f32(float v) throws IOException {
            scratch.clear().putFloat(v);
            bytes(slice(4));
        }

        void f64(double v) throws IOException {
            scratch.clear().putDouble(v);
            bytes(slice(8));
        }

        void string(String s) throws IOException {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            i64(b.length);
            bytes(b);
        }

        void value(String key, Object value) throws IOException {
            switch (value) {
                // llama.cpp reads hyperparameters and token ids as uint32 and refuses int32 for them.
                case Integer i when i >= 0 -> { i32(4); i32(i); }
                case Integer i -> { i32(5); i32(i); }
                case Long l -> { i32(10); i64(l); }
                case Float f -> { i32(6); f32(f); }
                case Double d -> { i32(12); f64(d); }
                case Boolean b -> { i32(7); bytes(new byte[] {(byte) (b ? 1 : 0)}); }
                case String s -> { i32(8); string(s); }
                case int[] a -> {
                    i32(9); i32(5); i64(a.length);
                    for (int v : a) {
                        i32(v);
                    }
                }
                case float[] a -> {
                    i32(9); i32(6); i64(a.length);
                    for (float v : a) {
                        f32(v);
                    }
                }
                case List<?> list -> {
                    i32(9); i32(8); i64(list.size());
                    for (Object o : list) {
                        string((String) o);
                    }
                }
                default -> throw new IllegalArgumentException("metadata '" + key + "': cannot write "
                        + value.getClass().getSimpleName());
            }
        }
    }
}
