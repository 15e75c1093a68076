package dev.firebreak.agent.testing;

import dev.firebreak.agent.state.StateStore;
import dev.firebreak.agent.state.StateStores;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * An agent's real SQLite state store in a file of its own, opened before each test and closed (its
 * folder removed) after; {@link #reopen()} is the agent restarted on the same file. Register it with
 * {@code @RegisterExtension}.
 */
public final class SqliteStateFile implements BeforeEachCallback, AfterEachCallback {

    private Path folder;
    private StateStore store;

    @Override
    public void beforeEach(ExtensionContext context) throws IOException {
        folder = Files.createTempDirectory("firebreak-state");
        store = open();
    }

    @Override
    public void afterEach(ExtensionContext context) throws IOException {
        store.close();
        Fixtures.deleteFolder(folder);
    }

    /** The store open now. */
    public StateStore store() {
        return store;
    }

    /** Closes the store and opens its file again, as an agent restarted on it does; the new store. */
    public StateStore reopen() throws IOException {
        store.close();
        store = open();
        return store;
    }

    private StateStore open() throws IOException {
        return StateStores.open(folder.resolve("agent.db").toString(), Map.of());
    }
}
