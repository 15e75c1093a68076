package dev.firebreak.agent.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** What test classes share to stop the real servers and processes they started. */
public final class Fixtures {

    private Fixtures() {
    }

    /**
     * Closes each of {@code started} in order, skipping what never started ({@code null}); one that
     * fails to close does not keep the others running: the first failure is thrown once all are closed.
     */
    public static void closeAll(AutoCloseable... started) throws Exception {
        Exception first = null;
        for (AutoCloseable resource : started) {
            if (resource == null) {
                continue;
            }
            try {
                resource.close();
            } catch (Exception e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    /** Removes {@code folder} and everything in it, as a test's own temporary folder is removed after it. */
    public static void deleteFolder(Path folder) throws IOException {
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }
}
