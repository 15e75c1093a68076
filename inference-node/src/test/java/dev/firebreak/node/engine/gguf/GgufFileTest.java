package dev.firebreak.node.engine.gguf;

import dev.firebreak.node.engine.tensor.WeightType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The GGUF reader against files the writer (or the test, byte by byte) makes. */
class GgufFileTest {

    @TempDir
    Path dir;

    private final byte[] q8 = bytes(34 * 4, 3);
    private final byte[] f32 = bytes(4 * 8, 5);

    @Test
    void shouldReadBackEveryMetadataTypeAndTensor() throws IOException {
        Path file = sample();

        try (GgufFile gguf = GgufFile.open(file)) {
            assertThat(gguf.version()).isEqualTo(3);
            assertThat(gguf.get("general.name", String.class)).isEqualTo("sample ü");
            assertThat(gguf.getInt("n")).isEqualTo(-7);
            assertThat(gguf.get("big", Long.class)).isEqualTo(1L << 40);
            assertThat(gguf.get("f", Float.class)).isEqualTo(1.5f);
            assertThat(gguf.get("d", Double.class)).isEqualTo(2.25);
            assertThat(gguf.get("flag", Boolean.class)).isTrue();
            assertThat(gguf.get("ints", int[].class)).containsExactly(1, 2, 3);
            assertThat(gguf.get("floats", float[].class)).containsExactly(0.5f, -1f);
            assertThat(gguf.getStrings("words")).containsExactly("a", "b c");
            assertThat(gguf.tensors().keySet()).containsExactly("q8", "vec");
            GgufTensor t = gguf.tensor("q8");
            assertThat(t.type()).isEqualTo(WeightType.Q8_0);
            assertThat(t.dims()).containsExactly(64, 2);
            assertThat(t.data().toArray(ValueLayout.JAVA_BYTE)).isEqualTo(q8);
            assertThat(gguf.matrix("q8").rows()).isEqualTo(2);
            assertThat(gguf.matrix("q8").ggml().toArray(ValueLayout.JAVA_BYTE)).isEqualTo(q8);
            assertThat(gguf.matrix("q8")).as("repacked once").isSameAs(gguf.matrix("q8"));
            assertThat(gguf.tensor("vec").data().toArray(ValueLayout.JAVA_BYTE)).isEqualTo(f32);
        }
    }

    @Test
    void shouldNameTheFileAndTheMissingBytesWhenTruncatedAnywhere() throws IOException {
        byte[] whole = Files.readAllBytes(sample());
        for (int cut : new int[] {6, 20, 40, 200, whole.length - 300, whole.length - 1}) {
            Path truncated = dir.resolve("cut-" + cut + ".gguf");
            Files.write(truncated, Arrays.copyOf(whole, cut));
            assertThatThrownBy(() -> GgufFile.open(truncated)).as("cut at %d of %d", cut, whole.length)
                    .isInstanceOf(GgufException.class)
                    .hasMessageStartingWith(truncated.toString())
                    .hasMessageContaining("truncated");
        }
    }

    @Test
    void shouldSayWhichTensorIsCutShort() throws IOException {
        byte[] whole = Files.readAllBytes(sample());
        Path truncated = dir.resolve("short.gguf");
        Files.write(truncated, Arrays.copyOf(whole, whole.length - 10));

        assertThatThrownBy(() -> GgufFile.open(truncated)).hasMessageContaining("tensor 'vec'")
                .hasMessageContaining("bytes missing");
    }

    @Test
    void shouldRefuseAWrongMagicNumber() throws IOException {
        Path file = dir.resolve("not.gguf");
        Files.write(file, "GGML0000000000000000000000".getBytes());

        assertThatThrownBy(() -> GgufFile.open(file)).hasMessageStartingWith(file.toString())
                .hasMessageContaining("not a GGUF file: magic 0x4C4D4747");
    }

    @Test
    void shouldRefuseAnUnsupportedVersion() throws IOException {
        Path file = dir.resolve("v9.gguf");
        Files.write(file, ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN).putInt(0x46554747).putInt(9)
                .putLong(0).putLong(0).array());

        assertThatThrownBy(() -> GgufFile.open(file)).hasMessageContaining("unsupported GGUF version 9");
    }

    @Test
    void shouldNameTheTensorWithAnUnsupportedType() throws IOException {
        Path file = sample();
        byte[] bytes = Files.readAllBytes(file);
        // The type id of the first tensor follows its name and dims; find the Q8_0 id (8) after "q8".
        int at = GgufBytes.indexOf(bytes, "q8".getBytes()) + 2 + 4 + 16;
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putInt(at, 12);
        Files.write(file, bytes);

        assertThatThrownBy(() -> GgufFile.open(file)).hasMessageStartingWith(file.toString())
                .hasMessageContaining("tensor 'q8' has unsupported type Q4_K (type 12)");
    }

    @Test
    void shouldSayWhenTheFileDoesNotExist() {
        Path missing = dir.resolve("missing.gguf");
        assertThatThrownBy(() -> GgufFile.open(missing)).hasMessage(missing + ": no such file");
    }

    @Test
    void shouldNameTheFileAndTheTensorThatIsNoMatrix() throws IOException {
        Path file = sample();
        try (GgufFile gguf = GgufFile.open(file)) {
            assertThatThrownBy(() -> gguf.matrix("vec")).isInstanceOf(GgufException.class)
                    .hasMessageStartingWith(file.toString()).hasMessageContaining("tensor 'vec'")
                    .hasMessageContaining("has 1 dimensions; a matrix has 2");
            assertThatThrownBy(() -> gguf.matrix("nothing")).hasMessageContaining("missing tensor 'nothing'");
        }
    }

    @Test
    void shouldNameAMissingMetadataKey() throws IOException {
        try (GgufFile gguf = GgufFile.open(sample())) {
            assertThatThrownBy(() -> gguf.getInt("llama.block_count")).hasMessageContaining("missing metadata 'llama.block_count'");
            assertThatThrownBy(() -> gguf.getInt("general.name")).hasMessageContaining("is String, expected Number");
        }
    }

    private Path sample() throws IOException {
        Path file = dir.resolve("sample.gguf");
        new GgufWriter()
                .metadata("general.name", "sample ü").metadata("n", -7).metadata("big", 1L << 40)
                .metadata("f", 1.5f).metadata("d", 2.25).metadata("flag", true)
                .metadata("ints", new int[] {1, 2, 3}).metadata("floats", new float[] {0.5f, -1f})
                .metadata("words", List.of("a", "b c"))
                .tensor("q8", WeightType.Q8_0, new long[] {64, 2}, q8)
                .tensor("vec", WeightType.F32, new long[] {8}, f32)
                .write(file);
        return file;
    }

    private static byte[] bytes(int n, int seed) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * seed + 1);
        }
        // Q8_0 scales are fp16: keep them finite.
        for (int i = 0; i + 1 < n; i += 34) {
            b[i + 1] = 0x3C;
        }
        return b;
    }
}
