package dev.firebreak.agent.gateway;

import okio.BufferedSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Follows a relayed server-sent-event stream line by line: whether it reached {@code [DONE]}, ended
 * with an error event, carried any text, and the finish reason it gave. Each {@code data:} event is
 * read as JSON ({@link AnswerText}), not searched for strings.
 */
final class StreamScan {

    private static final byte[] DATA = "data:".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] DONE = "[DONE]".getBytes(StandardCharsets.US_ASCII);

    private boolean done;
    private boolean errorEvent;
    private boolean anyText;
    private String finishReason;
    private long totalTokens;

    /**
     * The next line of {@code source} without its end ({@code \n} or {@code \r\n}), as
     * {@code readUtf8Line} reads it but as the bytes that came, to be relayed and read without a
     * String made of each; null at the end of the stream.
     */
    static byte[] nextLine(BufferedSource source) throws IOException {
        long newline = source.indexOf((byte) '\n');
        if (newline == -1) {
            return source.exhausted() ? null : source.readByteArray();
        }
        boolean crlf = newline > 0 && source.getBuffer().getByte(newline - 1) == '\r';
        byte[] line = source.readByteArray(crlf ? newline - 1 : newline);
        source.skip(crlf ? 2 : 1);
        return line;
    }

    /**
     * Whether {@code source} already holds a whole next line, so that {@link #nextLine} returns it
     * without waiting for the node: it looks at what was received, and reads nothing.
     */
    static boolean hasLine(BufferedSource source) {
        return source.getBuffer().indexOf((byte) '\n') >= 0;
    }

    /** Follows one line of the stream (without its end). */
    void line(byte[] line) {
        if (!Arrays.equals(line, 0, Math.min(DATA.length, line.length), DATA, 0, DATA.length)) {
            return;
        }
        // The event's data, trimmed as String.trim trims (no byte of a multi-byte character is at most a space).
        int from = DATA.length;
        int to = line.length;
        while (from < to && (line[from] & 0xff) <= ' ') {
            from++;
        }
        while (to > from && (line[to - 1] & 0xff) <= ' ') {
            to--;
        }
        if (Arrays.equals(line, from, to, DONE, 0, DONE.length)) {
            done = true;
            return;
        }
        try {
            AnswerText answer = AnswerText.read(line, from, to - from);
            if (answer.error()) {
                errorEvent = true;
                return;
            }
            totalTokens = Math.max(totalTokens, answer.totalTokens());
            anyText |= answer.hasText();
            if (finishReason == null) {
                finishReason = answer.finishReason();
            }
        } catch (IOException e) {
            // Not JSON: relayed as it is, counted nowhere.
        }
    }

    boolean done() {
        return done;
    }

    boolean errorEvent() {
        return errorEvent;
    }

    boolean anyText() {
        return anyText;
    }

    /** The tokens the stream's usage reported (its last chunk, when the engine sends one), else 0. */
    long totalTokens() {
        return totalTokens;
    }

    String finishReason() {
        return finishReason;
    }
}
