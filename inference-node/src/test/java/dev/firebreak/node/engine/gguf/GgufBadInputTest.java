package dev.firebreak.node.engine.gguf;

import dev.firebreak.node.engine.tensor.WeightType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Files llama.cpp refuses are refused here too, the message naming the file and the tensor or key at fault. */
class GgufBadInputTest {

    @TempDir
    Path dir;

    private final byte[] q8 = new byte[34 * 4];
    private final byte[] f32 = new byte[4 * 8];

    @Test
    void shouldNameTheTensorWhoseOffsetPointsPastTheEnd() throws IOException {
        Path file = sample("offset.gguf");
        GgufBytes.setOffset(file, "vec", 1, 1L << 40);

        assertThatThrownBy(() -> GgufFile.open(file)).isInstanceOf(GgufException.class)
                .hasMessageStartingWith(file.toString())
                .hasMessageContaining("tensor 'vec' offset 1099511627776 points past the end of the data");
    }

    @Test
    void shouldNameTheTensorCutShortByATruncatedFile() throws IOException {
        Path file = sample("whole.gguf");
        byte[] whole = Files.readAllBytes(file);
        Path truncated = dir.resolve("truncated.gguf");
        // The file ends inside the first tensor's data.
        Files.write(truncated, Arrays.copyOf(whole, whole.length - f32.length - 32 - 10));

        assertThatThrownBy(() -> GgufFile.open(truncated)).hasMessageStartingWith(truncated.toString())
                .hasMessageContaining("truncated: tensor 'q8'").hasMessageContaining("bytes missing");
    }

    @Test
    void shouldNameTheTensorOfAnUnknownQuantisationType() throws IOException {
        Path file = sample("type.gguf");
        GgufBytes.setType(file, "q8", 2, 99);

        assertThatThrownBy(() -> GgufFile.open(file)).hasMessageStartingWith(file.toString())
                .hasMessageContaining("tensor 'q8' has unknown type 99; supported: F32, F16, Q8_0, Q4_0");
    }

    @Test
    void shouldNameATensorThatAppearsTwice() throws IOException {
        Path file = dir.resolve("twice.gguf");
        new GgufWriter().tensor("vec", WeightType.F32, new long[] {8}, f32)
                .tensor("vec", WeightType.F32, new long[] {8}, f32).write(file);

        assertThatThrownBy(() -> GgufFile.open(file)).hasMessageContaining("tensor 'vec' appears twice");
    }

    @Test
    void shouldNameAMetadataKeyThatAppearsTwice() throws IOException {
        Path file = dir.resolve("key-twice.gguf");
        new GgufWriter().metadata("general.name1", "a").metadata("general.name2", "b").write(file);
        byte[] bytes = Files.readAllBytes(file);
        bytes[indexOf(bytes, "general.name2") + "general.name".length()] = '1';
        Files.write(file, bytes);

        assertThatThrownBy(() -> GgufFile.open(file)).hasMessageContaining("metadata key 'general.name1' appears twice");
    }

    private Path sample(String name) throws IOException {
        Path file = dir.resolve(name);
        new GgufWriter().metadata("general.name", "bad input")
                .tensor("q8", WeightType.Q8_0, new long[] {64, 2}, q8)
                .tensor("vec", WeightType.F32, new long[] {8}, f32)
                .write(file);
        return file;
    }

    private static int indexOf(byte[] haystack, String text) {
        int at = GgufBytes.indexOf(haystack, text.getBytes(StandardCharsets.UTF_8));
        if (at < 0) {
            throw new AssertionError("'" + text + "' not in the file");
        }
        return at;
    }
}
