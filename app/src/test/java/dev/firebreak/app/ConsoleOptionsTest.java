package dev.firebreak.app;

import org.junit.jupiter.api.Test;
import dev.firebreak.app.connection.ClusterTarget;
import picocli.CommandLine;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConsoleOptionsTest {

    @Test
    void shouldStartALocalClusterWhenNoAgentIsGiven() {
        ConsoleOptions options = ConsoleOptions.parse(List.of());

        assertThat(options.agentUrl()).isNull();
        assertThat(options.localNodes()).isEqualTo(3);
    }

    @Test
    void shouldIgnoreBlankArgumentsFromLaunchers() {
        assertThat(ConsoleOptions.parse(List.of("", "  ", "--local-nodes", "2")).localNodes()).isEqualTo(2);
    }

    @Test
    void shouldWatchAnAgentWithItsToken() {
        ConsoleOptions options = ConsoleOptions.parse(List.of("--agent", "http://agent.example.internal:8200", "--token", "t"));

        assertThat(options.agentUrl()).isNotNull();
        assertThat(options.agentUrl()).isEqualTo("http://agent.example.internal:8200");
    }

    @Test
    void shouldTakeTheReplicasOfOneAgentAndRefuseAListWithAnythingButAUrl() {
        ConsoleOptions options = ConsoleOptions.parse(List.of("--agent", "http://agent-a:8200, http://agent-b:8200/",
                "--token", "t"));
        assertThat(new ClusterTarget.Agent(options.agentUrl(), options.token()).replicas().urls())
                .containsExactly("http://agent-a:8200", "http://agent-b:8200");

        assertThatThrownBy(() -> ConsoleOptions.parse(List.of("--agent", "http://agent-a:8200,agent-b:8200", "--token", "t")))
                .isInstanceOf(CommandLine.ParameterException.class)
                .hasMessage("--agent: an agent URL starts with http:// or https://, got 'agent-b:8200'");
    }

    @Test
    void shouldRefuseAnAgentWithoutAToken() {
        assertThatThrownBy(() -> ConsoleOptions.parse(List.of("--agent", "http://agent.example.internal:8200")))
                .isInstanceOf(CommandLine.ParameterException.class)
                .hasMessageContaining("--agent needs a token");
    }

    @Test
    void shouldRefuseAnImpossibleNodeCount() {
        assertThatThrownBy(() -> ConsoleOptions.parse(List.of("--local-nodes", "0")))
                .hasMessageContaining("--local-nodes must be 1-16, got 0");
    }

    @Test
    void shouldNotPrintTheToken() {
        assertThat(new ConsoleOptions("http://a:1", "secret-token", 3).toString()).doesNotContain("secret-token");
    }
}
