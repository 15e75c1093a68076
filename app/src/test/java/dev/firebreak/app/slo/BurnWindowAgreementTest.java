package dev.firebreak.app.slo;

import dev.firebreak.agent.slo.BurnWindow;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

/** The SLO view's burn-rate columns are the agent's windows, in its order. */
class BurnWindowAgreementTest {

    @Test
    void shouldShowTheAgentsBurnRateWindows() {
        assertThat(SloRow.WINDOWS).isEqualTo(Arrays.stream(BurnWindow.values()).map(w -> w.label).toList());
        assertThat(SloRow.WINDOWS).contains(BudgetImpact.NOW);
    }
}
