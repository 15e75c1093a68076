package dev.firebreak.node.engine.gguf;

import dev.firebreak.node.engine.tensor.WeightMatrix;
import dev.firebreak.node.engine.tensor.WeightType;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A GGUF file (llama.cpp's model format, versions 2 and 3), memory-mapped with the FFM API: the
 * header is parsed, the tensors stay in the mapping and are read in place; weight matrices taken
 * with {@link #matrix} are read there too, except Q8_0, which is repacked into memory of this file.
 *
 * <p>Metadata values are Java objects: {@code Integer} or {@code Long} for integers (uint32 as
 * Long), {@code Float}, {@code Double}, {@code Boolean}, {@code String}; arrays of int32/uint32 as
 * {@code int[]}, of float32 as {@code float[]}, anything else as an unmodifiable {@code List}.
 */
public final class GgufFile implements AutoCloseable {

    private static final int MAGIC = 0x46554747; // "GGUF" little-endian
    private static final int DEFAULT_ALIGNMENT = 32;

    private final Path path;
    private final Arena arena;
    private final int version;
    private final Map<String, Object> metadata;
    private final Map<String, GgufTensor> tensors;
    private final Map<String, WeightMatrix> matrices = new HashMap<>();

    private GgufFile(Path path, Arena arena, int version, Map<String, Object> metadata, Map<String, GgufTensor> tensors) {
        this.path = path;
        this.arena = arena;
        this.version = version;
        this.metadata = metadata;
        this.tensors = tensors;
    }

    /** Maps and parses {@code path}; throws {@link GgufException} naming the file and what is wrong. */
    public static GgufFile open(Path path) throws IOException {
        Arena arena = Arena.ofShared();
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            MemorySegment mapped = channel.map(FileChannel.MapMode.READ_ONLY, 0, channel.size(), arena);
            return parse(path, arena, mapped);
        } catch (NoSuchFileException e) {
            arena.close();
            throw new GgufException(path, "no such file");
        } catch (IOException | RuntimeException e) {
            arena.close();
            throw e;
        }
    }

    private static GgufFile parse(Path path, Arena arena, MemorySegment mapped) throws IOException {
        GgufReader in = new GgufReader(path, mapped);
        if (mapped.byteSize() < 4) {
            throw new GgufException(path, "not a GGUF file: only " + mapped.byteSize() + " bytes");
        }
        int magic = in.i32();
        if (magic != MAGIC) {
            throw new GgufException(path, String.format("not a GGUF file: magic 0x%08X, expected 0x%08X (\"GGUF\")",
                    magic, MAGIC));
        }
        int version = in.i32();
        if (version != 2 && version != 3) {
            throw new GgufException(path, "unsupported GGUF version " + version + "; versions 2 and 3 are supported");
        }
        long tensorCount = in.count("tensor", 1 << 20);
        long metadataCount = in.count("metadata", 1 << 20);

        in.section("metadata");
        Map<String, Object> metadata = new LinkedHashMap<>();
        for (long i = 0; i < metadataCount; i++) {
            String key = in.string();
            if (metadata.put(key, in.value(in.i32(), key)) != null) {
                throw new GgufException(path, "metadata key '" + key + "' appears twice");
            }
        }

        in.section("tensor infos");
        record Info(String name, int typeId, long[] dims, long offset) {
        }
        List<Info> infos = new java.util.ArrayList<>();
        for (long i = 0; i < tensorCount; i++) {
            String name = in.string();
            int dimCount = in.i32();
            if (dimCount < 1 || dimCount > 4) {
                throw new GgufException(path, "tensor '" + name + "' has " + dimCount + " dimensions (1-4 allowed)");
            }
            long[] dims = new long[dimCount];
            for (int d = 0; d < dimCount; d++) {
                dims[d] = in.count("dimension of '" + name + "'", 1L << 40);
            }
            infos.add(new Info(name, in.i32(), dims, in.i64()));
        }

        long alignment = metadata.get("general.alignment") instanceof Number n ? n.longValue() : DEFAULT_ALIGNMENT;
        if (alignment <= 0 || Long.bitCount(alignment) != 1) {
            throw new GgufException(path, "general.alignment " + alignment + " is not a power of two");
        }
        long dataStart = (in.position() + alignment - 1) / alignment * alignment;

        Map<String, GgufTensor> tensors = new LinkedHashMap<>();
        for (Info info : infos) {
            WeightType type = GgmlTypes.weightType(info.typeId()).orElseThrow(() -> new GgufException(path,
                    "tensor '" + info.name() + "' has " + GgmlTypes.describe(info.typeId())
                            + "; supported: F32, F16, Q8_0, Q4_0"));
            long elements = 1;
            for (long d : info.dims()) {
                elements = Math.multiplyExact(elements, d);
            }
            if (info.dims()[0] % type.blockSize() != 0) {
                throw new GgufException(path, "tensor '" + info.name() + "' rows of " + info.dims()[0]
                        + " are not whole " + type + " blocks");
            }
            if (info.offset() % alignment != 0) {
                throw new GgufException(path, "tensor '" + info.name() + "' offset " + info.offset()
                        + " is not aligned to " + alignment);
            }
            long bytes = type.bytesFor(elements);
            long start = dataStart + info.offset();
            if (info.offset() < 0 || start >= mapped.byteSize()) {
                throw new GgufException(path, "tensor '" + info.name() + "' offset " + Long.toUnsignedString(info.offset())
                        + " points past the end of the data: it starts at " + dataStart + " and the file ends at "
                        + mapped.byteSize());
            }
            if (start + bytes > mapped.byteSize()) {
                throw new GgufException(path, "truncated: tensor '" + info.name() + "' needs bytes " + start + "-"
                        + (start + bytes) + " but the file ends at " + mapped.byteSize() + " ("
                        + (start + bytes - mapped.byteSize()) + " bytes missing)");
            }
            if (tensors.containsKey(info.name())) {
                throw new GgufException(path, "tensor '" + info.name() + "' appears twice");
            }
            tensors.put(info.name(), new GgufTensor(info.name(), type, info.dims(), mapped.asSlice(start, bytes)));
        }
        return new GgufFile(path, arena, version, Collections.unmodifiableMap(metadata),
                Collections.unmodifiableMap(tensors));
    }

    public Path path() {
        return path;
    }

    public int version() {
        return version;
    }

    public Map<String, Object> metadata() {
        return metadata;
    }

    public Map<String, GgufTensor> tensors() {
        return tensors;
    }

    public Optional<GgufTensor> findTensor(String name) {
        return Optional.ofNullable(tensors.get(name));
    }

    /** The tensor, or an error naming the file and the missing tensor. */
    public GgufTensor tensor(String name) throws GgufException {
        GgufTensor tensor = tensors.get(name);
        if (tensor == null) {
            throw new GgufException(path, "missing tensor '" + name + "'");
        }
        return tensor;
    }

    /**
     * The tensor as a weight matrix, or an error naming the file and the tensor. Q8_0 is repacked
     * (once per tensor) into memory released with this file; the other types are read in the mapping.
     */
    public synchronized WeightMatrix matrix(String name) throws GgufException {
        WeightMatrix known = matrices.get(name);
        if (known != null) {
            return known;
        }
        GgufTensor tensor = tensor(name);
        try {
            WeightMatrix matrix = tensor.asMatrix(arena);
            matrices.put(name, matrix);
            return matrix;
        } catch (IllegalArgumentException e) {
            throw new GgufException(path, "tensor '" + name + "': " + e.getMessage());
        }
    }

    /** The metadata value of {@code key} as {@code type}, or an error naming the key. */
    public <T> T get(String key, Class<T> type) throws GgufException {
        Object value = metadata.get(key);
        if (value == null) {
            throw new GgufException(path, "missing metadata '" + key + "'");
        }
        if (!type.isInstance(value)) {
            throw new GgufException(path, "metadata '" + key + "' is " + value.getClass().getSimpleName()
                    + ", expected " + type.getSimpleName());
        }
        return type.cast(value);
    }

    public <T> Optional<T> find(String key, Class<T> type) throws GgufException {
        return metadata.containsKey(key) ? Optional.of(get(key, type)) : Optional.empty();
    }

    /** An integer metadata value of any integer width. */
    public int getInt(String key) throws GgufException {
        return Math.toIntExact(get(key, Number.class).longValue());
    }

    /** A list of strings (e.g. a tokenizer's tokens). */
    public List<String> getStrings(String key) throws GgufException {
        List<?> list = get(key, List.class);
        for (Object o : list) {
            if (!(o instanceof String)) {
                throw new GgufException(path, "metadata '" + key + "' is not an array of strings");
            }
        }
        @SuppressWarnings("unchecked")
        List<String> strings = (List<String>) list;
        return strings;
    }

    /** Unmaps the file; tensors and matrices taken from it must not be used after. */
    @Override
    public void close() {
        arena.close();
    }
}
