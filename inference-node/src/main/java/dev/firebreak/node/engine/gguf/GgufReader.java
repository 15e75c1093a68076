package dev.firebreak.node.engine.gguf;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A bounds-checked little-endian cursor over the mapped file: running past the end is a clear error. */
final class GgufReader {

    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfShort SHORT = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfFloat FLOAT = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfDouble DOUBLE = ValueLayout.JAVA_DOUBLE_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    /** No real string in a GGUF header is anywhere near this long. */
    private static final long MAX_STRING = 1 << 24;
    /** Nor any array (Llama 3 has ~280k merges). */
    static final long MAX_ARRAY = 1 << 26;

    private final Path file;
    private final MemorySegment segment;
    private long position;
    private String section = "header";

    GgufReader(Path file, MemorySegment segment) {
        this.file = file;
        this.segment = segment;
    }

    /** Names the part being read, for error messages. */
    void section(String name) {
        section = name;
    }

    long position() {
        return position;
    }

    void seek(long to) {
        position = to;
    }

    private long take(long bytes) throws GgufException {
        if (bytes < 0 || position + bytes > segment.byteSize()) {
            throw new GgufException(file, "truncated in the " + section + ": needs " + bytes + " bytes at offset "
                    + position + ", the file ends at " + segment.byteSize());
        }
        long at = position;
        position += bytes;
        return at;
    }

    int u8() throws GgufException {
        return segment.get(ValueLayout.JAVA_BYTE, take(1)) & 0xFF;
    }

    short i16() throws GgufException {
        return segment.get(SHORT, take(2));
    }

    int i32() throws GgufException {
        return segment.get(INT, take(4));
    }

    long i64() throws GgufException {
        return segment.get(LONG, take(8));
    }

    float f32() throws GgufException {
        return segment.get(FLOAT, take(4));
    }

    double f64() throws GgufException {
        return segment.get(DOUBLE, take(8));
    }

    /** A uint64 count, refused when negative or absurd for {@code what}. */
    long count(String what, long max) throws GgufException {
        long n = i64();
        if (n < 0 || n > max) {
            throw new GgufException(file, what + " count " + Long.toUnsignedString(n) + " in the " + section
                    + " is not plausible (limit " + max + ")");
        }
        return n;
    }

    String string() throws GgufException {
        long length = count("string length", MAX_STRING);
        long at = take(length);
        byte[] bytes = segment.asSlice(at, length).toArray(ValueLayout.JAVA_BYTE);
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new GgufException(file, "a string in the " + section + " at offset " + at + " is not UTF-8");
        }
    }

    /** One metadata value of GGUF value type {@code type}. Arrays: numeric ones as primitive arrays, others as lists. */
    Object value(int type, String key) throws GgufException {
        return switch (type) {
            case 0 -> u8();
            case 1 -> (int) segment.get(ValueLayout.JAVA_BYTE, take(1));
            case 2 -> i16() & 0xFFFF;
            case 3 -> (int) i16();
            case 4 -> i32() & 0xFFFFFFFFL;
            case 5 -> i32();
            case 6 -> f32();
            case 7 -> u8() != 0;
            case 8 -> string();
            case 9 -> array(key);
            case 10, 11 -> i64();
            case 12 -> f64();
            default -> throw new GgufException(file, "metadata '" + key + "' has unknown value type " + type);
        };
    }

    private Object array(String key) throws GgufException {
        int type = i32();
        long n = count("array '" + key + "'", MAX_ARRAY);
        switch (type) {
            case 4, 5 -> {
                int[] values = new int[(int) n];
                for (int i = 0; i < n; i++) {
                    values[i] = i32();
                }
                return values;
            }
            case 6 -> {
                float[] values = new float[(int) n];
                for (int i = 0; i < n; i++) {
                    values[i] = f32();
                }
                return values;
            }
            default -> {
                List<Object> values = new ArrayList<>((int) Math.min(n, 1 << 20));
                for (long i = 0; i < n; i++) {
                    values.add(value(type, key + "[" + i + "]"));
                }
                return List.copyOf(values);
            }
        }
    }
}
