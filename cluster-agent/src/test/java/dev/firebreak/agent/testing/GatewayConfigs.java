package dev.firebreak.agent.testing;

import dev.firebreak.agent.config.BreakerConfig;
import dev.firebreak.agent.config.GatewayConfig;

/** Gateway settings the agent's tests share. */
public final class GatewayConfigs {

    private static final long SHORT_HOLD_MILLIS = 2_000;

    private GatewayConfigs() {
    }

    /**
     * An open gateway (no client keys) whose findings and breakers hold for 2 s rather than the
     * default minute and more: a cold node's first slow answer can rightly look like a stall, and a
     * test should see its node take work again within seconds once it is healthy.
     */
    public static GatewayConfig openWithShortHolds() {
        return new GatewayConfig(null, null, null, null, null, null, new BreakerConfig(null, null, null, null, null, null,
                null, SHORT_HOLD_MILLIS, null, SHORT_HOLD_MILLIS, SHORT_HOLD_MILLIS, null)).withOpen(true);
    }
}
