package dev.firebreak.agent.state;

import java.util.Map;

/** Opens the store the {@code state} setting names: a SQLite file path, or a PostgreSQL URL for replicas. */
public final class StateStores {

    private StateStores() {
    }

    /**
     * @param setting the {@code state} setting ({@code --state} on {@code serve}, {@code stateFile} in the file)
     * @param env     where the PostgreSQL password comes from ({@link StateLocation#PASSWORD_ENV} or the file
     *                named by {@link StateLocation#PASSWORD_FILE_ENV})
     * @throws StateStartException with one line that names the setting and what is wrong with it
     */
    public static StateStore open(String setting, Map<String, String> env) throws StateStartException {
        StateLocation location;
        try {
            location = StateLocation.parse(setting, env);
        } catch (IllegalArgumentException e) {
            throw new StateStartException(e.getMessage(), e);
        }
        return switch (location) {
            case StateLocation.SqliteFile file -> SqliteStateStore.open(file.file());
            case StateLocation.Postgres postgres -> PostgresStateStore.open(postgres);
        };
    }
}
