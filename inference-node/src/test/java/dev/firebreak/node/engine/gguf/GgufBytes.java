package dev.firebreak.node.engine.gguf;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Byte surgery on GGUF files for the tests of bad input: find a tensor's info, overwrite a field of it. */
public final class GgufBytes {

    private GgufBytes() {
    }

    /** Where {@code needle} first occurs in {@code haystack}, or -1. */
    public static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** Sets the GGML type id of tensor {@code name}, which has {@code dims} dimensions. */
    public static void setType(Path file, String name, int dims, int type) throws IOException {
        patch(file, name, 4 + 8 * dims, buffer -> buffer.putInt(buffer.position(), type));
    }

    /** Sets the data offset of tensor {@code name}, which has {@code dims} dimensions. */
    public static void setOffset(Path file, String name, int dims, long offset) throws IOException {
        patch(file, name, 4 + 8 * dims + 4, buffer -> buffer.putLong(buffer.position(), offset));
    }

    private static void patch(Path file, String name, int after, java.util.function.Consumer<ByteBuffer> write)
            throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        // The tensor infos follow the metadata; a tensor's name is preceded by its uint64 length.
        byte[] needle = ByteBuffer.allocate(8 + name.length()).order(ByteOrder.LITTLE_ENDIAN).putLong(name.length())
                .put(name.getBytes(StandardCharsets.UTF_8)).array();
        int at = indexOf(bytes, needle);
        if (at < 0) {
            throw new IllegalArgumentException("no tensor '" + name + "' in " + file);
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        buffer.position(at + needle.length + after);
        write.accept(buffer);
        Files.write(file, bytes);
    }
}
