package dev.firebreak.app.keys;

import dev.firebreak.agent.api.KeyStatus;
import dev.firebreak.app.fx.LatestRows;
import dev.firebreak.app.fx.Rows;

import java.util.List;

/** The gateway's client API keys with their usage, as JavaFX state. FX thread only. */
public final class KeysViewModel extends LatestRows<KeyStatus> {

    /** Usage changes every few seconds: rows are replaced in place, by key id, so a selection survives. */
    @Override
    public void apply(List<KeyStatus> newest) {
        Rows.update(rows(), newest, s -> s.key().id());
    }
}
