package dev.firebreak.lab.bench;

import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;

/** {@code --out}, a picocli mixin: where a benchmark also writes the Markdown table it prints at the end. */
public final class TableOut {

    @Option(names = "--out", description = "Also write the table to this Markdown file.")
    Path out;

    /** Prints {@code table} after a blank line, and writes it to the {@code --out} file when one was given. */
    public void print(PrintWriter print, CharSequence table) throws IOException {
        print.println();
        print.println(table);
        if (out != null) {
            Files.writeString(out, table);
        }
    }
}
