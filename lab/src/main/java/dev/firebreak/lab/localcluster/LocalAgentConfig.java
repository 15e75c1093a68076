package dev.firebreak.lab.localcluster;

import dev.firebreak.agent.api.Role;
import dev.firebreak.agent.config.AccessToken;
import dev.firebreak.agent.config.AgentConfig;
import dev.firebreak.agent.config.ModelPolicy;
import dev.firebreak.agent.config.NodeConfig;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** The configuration the local cluster gives its agent: its nodes, its gateway set-up and two tokens of its own. */
final class LocalAgentConfig {

    private static final String OPERATOR = "local-operator";
    private static final String VIEWER = "local-viewer";

    private LocalAgentConfig() {
    }

    /**
     * @param models the cluster's models; with no fallbacks in {@code setup}, each falls back to the next
     * @param nodes the nodes started, each at the URL it announced
     */
    static AgentConfig of(String cluster, List<String> models, NodeSetup setup, List<LocalCluster.Node> nodes,
                          String controlToken, String operatorToken, String viewerToken) {
        List<NodeConfig> watched = nodes.stream().map(n -> new NodeConfig(n.id(), n.url(), controlToken)).toList();
        List<AccessToken> access = List.of(new AccessToken(OPERATOR, Role.OPERATOR, operatorToken),
                new AccessToken(VIEWER, Role.VIEWER, viewerToken));
        return new AgentConfig(cluster, null, null, watched, access, setup.gateway(), policies(models, setup), null, null);
    }

    private static List<ModelPolicy> policies(List<String> models, NodeSetup setup) {
        Map<String, String> fallbacks = setup.fallbacks();
        if (fallbacks == null) {
            // Each model falls back to the next: the gateway's fallback chains, ready to watch.
            fallbacks = new LinkedHashMap<>();
            for (int i = 0; i + 1 < models.size(); i++) {
                fallbacks.put(models.get(i), models.get(i + 1));
            }
        }
        Set<String> named = new TreeSet<>(fallbacks.keySet());
        named.addAll(setup.maxConcurrent().keySet());
        Map<String, String> chosen = fallbacks;
        return named.stream().map(m -> new ModelPolicy(m, chosen.get(m), setup.maxConcurrent().get(m))).toList();
    }
}
