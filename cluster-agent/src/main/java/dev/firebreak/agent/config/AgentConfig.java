package dev.firebreak.agent.config;

import dev.firebreak.node.http.HttpSettings;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The agent's configuration, as read from its YAML file. {@code stateFile} is the SQLite file of
 * the audit log and overrides (relative paths are resolved against the configuration's folder), or, also
 * written {@code state:}, {@code postgresql://host:port/db?user=NAME} for replicas sharing a database;
 * {@code discovery} adds nodes found elsewhere (Kubernetes) to {@code nodes}. The compact constructor fills defaults
 * and rejects what cannot work, naming the field.
 */
public record AgentConfig(String cluster, Listen listen, Scrape scrape, List<NodeConfig> nodes, List<AccessToken> access,
                          GatewayConfig gateway, List<ModelPolicy> models,
                          @com.fasterxml.jackson.annotation.JsonAlias("state") String stateFile,
                          DiscoveryConfig discovery, AlertingConfig alerting, SloConfig slo) {

    public AgentConfig {
        slo = slo == null ? SloConfig.defaults() : slo;
        alerting = alerting == null ? AlertingConfig.none() : alerting;
        cluster = cluster == null || cluster.isBlank() ? "default" : cluster;
        listen = listen == null ? new Listen(null, null) : listen;
        scrape = scrape == null ? new Scrape(null, null, null, null) : scrape;
        nodes = nodes == null ? List.of() : List.copyOf(nodes);
        access = access == null ? List.of() : List.copyOf(access);
        gateway = gateway == null ? GatewayConfig.defaults() : gateway;
        models = models == null ? List.of() : List.copyOf(models);
        stateFile = stateFile == null || stateFile.isBlank() ? "firebreak-agent.db" : stateFile;
        discovery = discovery == null ? DiscoveryConfig.none() : discovery;
        Set<String> names = new HashSet<>();
        for (ModelPolicy model : models) {
            if (!names.add(model.name())) {
                throw new IllegalArgumentException("models: '" + model.name() + "' is listed twice");
            }
        }
        checkFallbackChains(models);
        Set<String> ids = new HashSet<>();
        for (NodeConfig node : nodes) {
            if (!ids.add(node.id())) {
                throw new IllegalArgumentException("nodes: id '" + node.id() + "' is listed twice");
            }
        }
        if (access.isEmpty()) {
            throw new IllegalArgumentException("access: at least one token is needed (role viewer or operator)");
        }
        Set<String> tokens = new HashSet<>();
        for (AccessToken token : access) {
            if (!tokens.add(token.token())) {
                throw new IllegalArgumentException("access: the token of '" + token.name() + "' is used twice");
            }
        }
    }

    /** A configuration with the default objectives. */
    public AgentConfig(String cluster, Listen listen, Scrape scrape, List<NodeConfig> nodes, List<AccessToken> access,
                       GatewayConfig gateway, List<ModelPolicy> models, String stateFile, DiscoveryConfig discovery,
                       AlertingConfig alerting) {
        this(cluster, listen, scrape, nodes, access, gateway, models, stateFile, discovery, alerting, null);
    }

    /** A configuration that sends no alerts. */
    public AgentConfig(String cluster, Listen listen, Scrape scrape, List<NodeConfig> nodes, List<AccessToken> access,
                       GatewayConfig gateway, List<ModelPolicy> models, String stateFile, DiscoveryConfig discovery) {
        this(cluster, listen, scrape, nodes, access, gateway, models, stateFile, discovery, null);
    }

    /** The same configuration listening elsewhere. */
    public AgentConfig withListen(Listen newListen) {
        return new AgentConfig(cluster, newListen, scrape, nodes, access, gateway, models, stateFile, discovery, alerting, slo);
    }

    /** The same configuration with another gateway set-up (open mode, say). */
    public AgentConfig withGateway(GatewayConfig newGateway) {
        return new AgentConfig(cluster, listen, scrape, nodes, access, newGateway, models, stateFile, discovery, alerting);
    }

    /** The same configuration with its state file at {@code path}. */
    public AgentConfig withStateFile(String path) {
        return new AgentConfig(cluster, listen, scrape, nodes, access, gateway, models, path, discovery, alerting, slo);
    }

    /** A model's policy; a model not listed gets no fallback and the default limit. */
    public ModelPolicy policy(String model) {
        return models.stream().filter(m -> m.name().equals(model)).findFirst()
                .orElse(new ModelPolicy(model, null, null));
    }

    private static void checkFallbackChains(List<ModelPolicy> models) {
        for (ModelPolicy start : models) {
            Set<String> seen = new HashSet<>();
            String current = start.name();
            while (current != null) {
                if (!seen.add(current)) {
                    throw new IllegalArgumentException("models: fallback chain of '" + start.name() + "' loops back to '"
                            + current + "'");
                }
                String name = current;
                current = models.stream().filter(m -> m.name().equals(name)).findFirst().map(ModelPolicy::fallback).orElse(null);
            }
        }
    }

    /**
     * Where the agent's API and gateway listen, and how: limits against slow or idle clients, and
     * HTTPS when a PEM certificate and key are given.
     *
     * @param idleTimeoutSeconds a connection that sends and receives nothing this long is closed
     * @param maxHeaderBytes     request line and headers together; over it the answer is 431
     * @param connections        limits on connections against slow and greedy clients (defaults when absent)
     */
    public record Listen(String host, Integer port, Integer idleTimeoutSeconds, Integer maxHeaderBytes, Tls tls,
                         Connections connections) {
        public Listen {
            host = host == null ? "127.0.0.1" : host;
            port = port == null ? 8200 : port;
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("listen.port must be 0-65535, got " + port);
            }
            idleTimeoutSeconds = idleTimeoutSeconds == null
                    ? (int) HttpSettings.DEFAULT_IDLE_TIMEOUT.toSeconds() : idleTimeoutSeconds;
            if (idleTimeoutSeconds < 1) {
                throw new IllegalArgumentException("listen.idleTimeoutSeconds must be at least 1, got " + idleTimeoutSeconds);
            }
            maxHeaderBytes = maxHeaderBytes == null ? HttpSettings.DEFAULT_MAX_HEADER_BYTES : maxHeaderBytes;
            if (maxHeaderBytes < 1024) {
                throw new IllegalArgumentException("listen.maxHeaderBytes must be at least 1024, got " + maxHeaderBytes);
            }
            connections = connections == null ? new Connections(null, null, null) : connections;
            connections.limits();
        }

        public Listen(String host, Integer port) {
            this(host, port, null, null, null, null);
        }

        /**
         * {@code listen.connections}: see {@link HttpSettings.Limits}.
         *
         * @param headerTimeoutSeconds a client still sending its request headers after this long is cut off
         * @param max                  open connections in all
         * @param maxPerAddress        open connections from one client address
         */
        public record Connections(Integer headerTimeoutSeconds, Integer max, Integer maxPerAddress) {

            HttpSettings.Limits limits() {
                try {
                    return new HttpSettings.Limits(headerTimeoutSeconds == null ? null
                            : Duration.ofSeconds(headerTimeoutSeconds), max == null ? 0 : max,
                            maxPerAddress == null ? 0 : maxPerAddress);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("listen.connections: " + e.getMessage(), e);
                }
            }
        }

        /** PEM files the agent serves HTTPS with. */
        public record Tls(Path certificate, Path key) {
            public Tls {
                if (certificate == null || key == null) {
                    throw new IllegalArgumentException("listen.tls needs both certificate and key (PEM files)");
                }
            }
        }

        public Listen withPort(int newPort) {
            return new Listen(host, newPort, idleTimeoutSeconds, maxHeaderBytes, tls, connections);
        }

        public Listen withTls(Tls newTls) {
            return new Listen(host, port, idleTimeoutSeconds, maxHeaderBytes, newTls, connections);
        }

        public Listen withHost(String newHost) {
            return new Listen(newHost, port, idleTimeoutSeconds, maxHeaderBytes, tls, connections);
        }

        /** The server settings these stand for. */
        public HttpSettings http() {
            return new HttpSettings(host, port, Duration.ofSeconds(idleTimeoutSeconds), maxHeaderBytes,
                    tls == null ? null : new HttpSettings.Tls(tls.certificate(), tls.key()), connections.limits());
        }
    }

    /** The same configuration reaching its nodes as {@code newScrape} says. */
    public AgentConfig withScrape(Scrape newScrape) {
        return new AgentConfig(cluster, listen, newScrape, nodes, access, gateway, models, stateFile, discovery, alerting, slo);
    }

    /**
     * How the agent scrapes node status, and how it reaches nodes over TLS for every call.
     *
     * @param downAfterMillis a node that has not answered for this long is DOWN (connection refused: at once)
     * @param tls             trust and client certificate towards nodes served over HTTPS; absent: the JDK's trust store, no client certificate
     */
    public record Scrape(Long intervalMillis, Long timeoutMillis, Long downAfterMillis, NodeTlsConfig tls) {
        public Scrape {
            intervalMillis = intervalMillis == null ? 250 : intervalMillis;
            timeoutMillis = timeoutMillis == null ? 500 : timeoutMillis;
            downAfterMillis = downAfterMillis == null ? 1000 : downAfterMillis;
            if (intervalMillis < 50 || intervalMillis > 60_000) {
                throw new IllegalArgumentException("scrape.intervalMillis must be 50-60000, got " + intervalMillis);
            }
            if (timeoutMillis < 50 || timeoutMillis > 60_000) {
                throw new IllegalArgumentException("scrape.timeoutMillis must be 50-60000, got " + timeoutMillis);
            }
            if (downAfterMillis < intervalMillis) {
                throw new IllegalArgumentException("scrape.downAfterMillis (" + downAfterMillis
                        + ") must be at least scrape.intervalMillis (" + intervalMillis + ")");
            }
        }
    }
}
