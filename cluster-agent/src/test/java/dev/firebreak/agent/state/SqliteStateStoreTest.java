package dev.firebreak.agent.state;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class SqliteStateStoreTest extends StateStoreContract {

    private static final AtomicInteger FILES = new AtomicInteger();

    @TempDir
    Path folder;

    @Override
    String newLocation() {
        return folder.resolve("state" + FILES.incrementAndGet() + ".db").toString();
    }

    @Override
    void sql(String location, String sql) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + location); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    @Test
    void reportsItselfUpWithItsFile() {
        assertThat(store.status().kind()).isEqualTo("sqlite");
        assertThat(store.status().up()).isTrue();
        assertThat(store.status().detail()).isEqualTo(location);
    }
}
