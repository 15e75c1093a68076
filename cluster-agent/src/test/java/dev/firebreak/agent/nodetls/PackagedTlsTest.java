package dev.firebreak.agent.nodetls;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.firebreak.agent.config.AgentConfig;
import dev.firebreak.agent.config.ConfigLoader;
import dev.firebreak.agent.config.NodeTlsConfig;
import dev.firebreak.node.NodeMain;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shipped Kubernetes manifests and systemd files set TLS up as the README says: the nodes'
 * flags and the agent's scrape.tls name files of the Secret (or folder) mounted where they look,
 * the probes speak HTTPS, and every flag is one the node knows.
 */
class PackagedTlsTest {

    private static final Path PACKAGING = Path.of("../packaging");
    private static final YAMLMapper YAML = new YAMLMapper();

    @Test
    void shouldStartNodesWithTheCertificateAndClientCaOfTheirSecret() throws IOException {
        JsonNode pod = workload("node.yaml", "StatefulSet").path("spec").path("template").path("spec");
        JsonNode container = pod.path("containers").get(0);
        List<String> args = new ArrayList<>();
        container.path("args").forEach(arg -> args.add(arg.asText()));
        String mounted = mountOf(pod, "firebreak-node-tls");

        assertThat(args).contains("--tls-cert=" + mounted + "/tls.crt", "--tls-key=" + mounted + "/tls.key",
                "--tls-client-ca=" + mounted + "/ca.crt");
        NodeMain.commandLine().parseArgs(args.toArray(String[]::new));
        for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
            assertThat(container.path(probe).path("httpGet").path("scheme").asText()).as(probe).isEqualTo("HTTPS");
        }
        assertThat(pod.path("securityContext").path("fsGroup").asInt()).as("the Secret's files readable by the node")
                .isEqualTo(pod.path("securityContext").path("runAsUser").asInt());
    }

    @Test
    void shouldGiveTheAgentItsClientCertificateAndTheNodesCaFromItsSecret() throws Exception {
        AgentConfig config = ConfigLoader.load(PACKAGING.resolve("kubernetes/agent-config.yaml"), Map.of());
        NodeTlsConfig tls = config.scrape().tls();

        assertThat(config.discovery().kubernetes().scheme()).isEqualTo("https");
        assertThat(tls.serverName()).isEqualTo("firebreak-node.firebreak.svc");
        for (String manifest : List.of("agent.yaml", "agent-ha.yaml")) {
            JsonNode pod = workload(manifest, "Deployment").path("spec").path("template").path("spec");
            Path mounted = Path.of(mountOf(pod, "firebreak-agent-tls"));
            assertThat(List.of(tls.ca(), tls.certificate(), tls.key())).as(manifest)
                    .containsExactly(mounted.resolve("ca.crt"), mounted.resolve("tls.crt"), mounted.resolve("tls.key"));
        }
    }

    @Test
    void shouldPassTheNodesTlsFlagsFromItsEnvironmentFile() throws IOException {
        String unit = Files.readString(PACKAGING.resolve("server/node/firebreak-node.service"));
        String env = Files.readString(PACKAGING.resolve("server/node/node.env.example"));
        Matcher flags = Pattern.compile("(?m)^#?FIREBREAK_NODE_TLS=(.+)$").matcher(env);

        assertThat(unit).containsPattern("(?m)^ExecStart=.*\\$FIREBREAK_NODE_TLS$");
        assertThat(flags.find()).as("node.env.example shows FIREBREAK_NODE_TLS").isTrue();
        String[] args = flags.group(1).trim().split("\\s+");
        assertThat(args).containsExactly("--tls-cert=/etc/firebreak/tls/node.pem", "--tls-key=/etc/firebreak/tls/node-key.pem",
                "--tls-client-ca=/etc/firebreak/tls/ca.pem");
        NodeMain.commandLine().parseArgs(args);
    }

    @Test
    void shouldNameTheAgentsFilesInTheSameFolderUnderSystemd(@TempDir Path dir) throws Exception {
        String shipped = Files.readString(PACKAGING.resolve("server/agent/agent.yaml"));
        // The shipped file has the section commented out; an operator removes the '#'.
        String enabled = shipped.replaceAll("(?m)^#(scrape:|  tls:|    (ca|certificate|key):)", "$1");
        AgentConfig config = ConfigLoader.load(Files.writeString(dir.resolve("agent.yaml"), enabled), Map.of());
        NodeTlsConfig tls = config.scrape().tls();

        assertThat(List.of(tls.ca(), tls.certificate(), tls.key())).containsExactly(Path.of("/etc/firebreak/tls/ca.pem"),
                Path.of("/etc/firebreak/tls/agent.pem"), Path.of("/etc/firebreak/tls/agent-key.pem"));
    }

    /** The first document of {@code kind} in a manifest. */
    private static JsonNode workload(String manifest, String kind) throws IOException {
        try (var documents = YAML.readerFor(JsonNode.class).<JsonNode>readValues(PACKAGING.resolve("kubernetes/" + manifest).toFile())) {
            while (documents.hasNext()) {
                JsonNode document = documents.next();
                if (document != null && document.path("kind").asText().equals(kind)) {
                    return document;
                }
            }
        }
        throw new AssertionError(manifest + " has no " + kind);
    }

    /** Where the pod's container mounts the volume of the Secret {@code secret}. */
    private static String mountOf(JsonNode pod, String secret) {
        String volume = null;
        for (JsonNode v : pod.path("volumes")) {
            if (v.path("secret").path("secretName").asText().equals(secret)) {
                volume = v.path("name").asText();
            }
        }
        assertThat(volume).as("a volume of the Secret " + secret).isNotNull();
        for (JsonNode mount : pod.path("containers").get(0).path("volumeMounts")) {
            if (mount.path("name").asText().equals(volume)) {
                return mount.path("mountPath").asText();
            }
        }
        throw new AssertionError("the container does not mount " + volume);
    }
}
