package dev.firebreak.agent.testing;

import dev.firebreak.agent.Agent;
import dev.firebreak.agent.config.AgentConfig;
import dev.firebreak.agent.state.StateLocation;

import java.io.IOException;
import java.time.InstantSource;
import java.util.Map;

/**
 * Two agents sharing one fresh database of a real PostgreSQL: the replicas of a test class that shows
 * what one replica does is in force on the other. Start it in {@code @BeforeAll}, close it in {@code @AfterAll}.
 *
 * @param state the agents' {@code state} setting: their one database
 */
public record ReplicaPair(Postgres postgres, String state, Agent a, Agent b) implements AutoCloseable {

    /** The environment the replicas read the database password from. */
    public static final Map<String, String> ENV = Map.of(StateLocation.PASSWORD_ENV, Postgres.PASSWORD);

    /** The configuration of both replicas, given their {@code state} setting. */
    @FunctionalInterface
    public interface Config {
        AgentConfig of(String state) throws IOException;
    }

    /** Starts PostgreSQL, makes a database, and starts two agents on it; what started is stopped if a later step fails. */
    public static ReplicaPair start(Config config) throws Exception {
        Postgres postgres = Postgres.start();
        Agent a = null;
        try {
            String state = postgres.newDatabase();
            AgentConfig both = config.of(state);
            a = Agent.start(both, InstantSource.system(), ENV);
            return new ReplicaPair(postgres, state, a, Agent.start(both, InstantSource.system(), ENV));
        } catch (Exception e) {
            try {
                Fixtures.closeAll(a, postgres);
            } catch (Exception suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    @Override
    public void close() throws Exception {
        Fixtures.closeAll(a, b, postgres);
    }
}
