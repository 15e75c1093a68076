package dev.firebreak.agent.testing;

import org.junit.jupiter.api.Assumptions;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The real tools some tests run as child processes (promtool, Alertmanager), found on the PATH.
 * Outside CI a missing tool skips the test with the package to install; under CI ({@code CI=true})
 * it fails the build, since {@code .ci/run} installs them.
 */
public final class Tools {

    private Tools() {
    }

    /** The tool's path, or the test aborted (failed under CI) naming the Debian package that gives it. */
    public static Path require(String binary, String debianPackage) {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(File.pathSeparator)) {
            Path candidate = Path.of(dir, binary);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        String message = binary + " is not on the PATH: install Debian's " + debianPackage + " package";
        if ("true".equals(System.getenv("CI"))) {
            throw new AssertionError(message + " (CI=true: .ci/run installs it)");
        }
        Assumptions.abort("SKIPPED: " + message);
        throw new AssertionError("unreachable");
    }

    /** What a finished run of a tool printed, and its exit code. */
    public record Run(int exitCode, String output) {
    }

    /** Runs a tool to its end (at most 60 s) in {@code dir}, {@code stdin} fed to it, stdout and stderr merged. */
    public static Run run(Path dir, byte[] stdin, String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(new ArrayList<>(List.of(command))).directory(dir.toFile())
                .redirectErrorStream(true).start();
        try {
            try (OutputStream in = process.getOutputStream()) {
                in.write(stdin);
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (InputStream from = process.getInputStream()) {
                from.transferTo(out);
            }
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                throw new AssertionError(String.join(" ", command) + " did not finish within 60 s");
            }
            return new Run(process.exitValue(), out.toString(StandardCharsets.UTF_8));
        } finally {
            process.destroyForcibly();
        }
    }
}
