package dev.firebreak.lab.simulator;

import dev.firebreak.agent.api.NodeKind;
import dev.firebreak.lab.LabMain;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The simulator's flags: what a person gets back for a count, a port range or a name that cannot work. */
class SimulatorOptionsTest {

    private static SimulatorOptions nodes(int n, int basePort) {
        return new SimulatorOptions(n, null, basePort, List.of(NodeKind.VLLM), null, 1, null, 0, 0, 0, null);
    }

    @Test
    void shouldRefuseAPortRangeRunningPastTheLastPort() {
        assertThatThrownBy(() -> nodes(2000, 64_000))
                .hasMessage("--base-port=64000 with --nodes=2000 runs past port 65535 (to 65999); pick a --base-port of at most 63536");
    }

    @Test
    void shouldRefuseAPortRangeOverlappingTheEphemeralRange() {
        assertThatThrownBy(() -> SimulatorLimits.check(nodes(1000, 32_000), 100_000, new int[] {32_768, 60_999}))
                .hasMessageStartingWith("--base-port=32000 with --nodes=1000 takes ports 32000-32999, which overlap the kernel's"
                        + " ephemeral range 32768-60999");
        SimulatorLimits.check(nodes(1000, 20_000), 100_000, new int[] {32_768, 60_999});
    }

    @Test
    void shouldSayTheDescriptorLimitAndHowToRaiseIt() {
        assertThatThrownBy(() -> SimulatorLimits.check(nodes(1000, 0), 1024, null))
                .hasMessage("--nodes=1000 needs about 5256 file descriptors, over this process's limit of 1024 (ulimit -n);"
                        + " raise it with 'ulimit -n 8192' in the shell that starts the simulator (LimitNOFILE= for a systemd unit),"
                        + " or simulate at most 153 nodes");
    }

    @Test
    void shouldRefuseABehaviourForANodeItDoesNotSimulate() {
        assertThatThrownBy(() -> nodes(3, 0).withBehaviours(Map.of("vllm-0004", Behaviour.LEAKING)))
                .hasMessage("--behaviour names 'vllm-0004', which is not a simulated node; ids are vllm-0001 to vllm-0003");
        assertThatThrownBy(() -> Behaviour.of("leaky"))
                .hasMessage("behaviour 'leaky' is not one of steady, leaking, stalled, truncating, silent, oversized");
    }

    @Test
    void shouldGiveOneLineForABadFlagOnTheCommandLine() {
        StringWriter err = new StringWriter();
        CommandLine command = LabMain.commandLine();
        command.setErr(new PrintWriter(err));
        int exit = command.execute("simulate", "--nodes=3", "--kinds=vllm,tgi");

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString().lines().findFirst()).hasValueSatisfying(line -> assertThat(line)
                .contains("kind 'tgi' is not one of firebreak, vllm, llamacpp, sglang, openai"));
    }

    @Test
    void shouldGiveLlamaCppNodesOneModelEachInTurn() {
        SimulatorOptions options = new SimulatorOptions(4, null, 0, List.of(NodeKind.LLAMACPP, NodeKind.FIREBREAK),
                List.of("a", "b"), 1, null, 0, 0, 0, null);
        assertThat(options.nodeId(1)).isEqualTo("llamacpp-0001");
        assertThat(options.modelsOf(1)).containsExactly("a");
        assertThat(options.modelsOf(3)).containsExactly("b");
        assertThat(options.modelsOf(2)).containsExactly("a", "b");
    }
}
