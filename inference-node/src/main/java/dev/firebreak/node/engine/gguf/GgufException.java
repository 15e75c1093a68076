package dev.firebreak.node.engine.gguf;

import java.io.IOException;
import java.nio.file.Path;

/** A GGUF file cannot be used; the message names the file and what is wrong with it. */
public final class GgufException extends IOException {

    public GgufException(Path file, String problem) {
        super(file + ": " + problem);
    }
}
