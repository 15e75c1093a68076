package dev.firebreak.agent.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.fasterxml.jackson.databind.MapperFeature;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Reads the agent's YAML file, then applies environment overrides ({@code FIREBREAK_AGENT_HOST},
 * {@code FIREBREAK_AGENT_PORT}); command-line flags are applied last by the caller. Writes one too,
 * for tools that start an agent (the local cluster), so what they write is what this reads.
 */
public final class ConfigLoader {

    private static final ObjectMapper YAML = YAMLMapper.builder(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
            // Unset settings are left out of a written file, so the reader fills the defaults.
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            .build();

    private ConfigLoader() {
    }

    public static AgentConfig load(Path file, Map<String, String> env) throws ConfigException {
        AgentConfig config;
        try {
            config = YAML.readValue(Files.readString(file), AgentConfig.class);
        } catch (NoSuchFileException e) {
            throw new ConfigException(file + ": no such file", e);
        } catch (java.nio.charset.MalformedInputException e) {
            throw new ConfigException(file + ": not a text file (not UTF-8); the configuration is YAML", e);
        } catch (UnrecognizedPropertyException e) {
            throw new ConfigException(file + ": unknown setting '" + e.getPropertyName() + "' at "
                    + path(e) + "; known: " + e.getKnownPropertyIds(), e);
        } catch (ValueInstantiationException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new ConfigException(file + ": " + cause.getMessage(), e);
        } catch (JsonMappingException e) {
            throw new ConfigException(file + ": " + e.getOriginalMessage() + " at " + path(e), e);
        } catch (IOException e) {
            throw new ConfigException(file + ": cannot read: " + e.getMessage(), e);
        }
        if (config == null) {
            throw new ConfigException(file + ": the file is empty", null);
        }
        // Files named in the configuration are found next to it unless their path is absolute.
        Path folder = file.toAbsolutePath().getParent();
        if (!config.stateFile().contains("://")) {
            config = config.withStateFile(folder.resolve(config.stateFile()).toString());
        }
        AgentConfig.Listen listen = config.listen();
        if (listen.tls() != null) {
            config = config.withListen(listen.withTls(new AgentConfig.Listen.Tls(
                    folder.resolve(listen.tls().certificate()), folder.resolve(listen.tls().key()))));
        }
        AgentConfig.Scrape scrape = config.scrape();
        if (scrape.tls() != null) {
            config = config.withScrape(new AgentConfig.Scrape(scrape.intervalMillis(), scrape.timeoutMillis(),
                    scrape.downAfterMillis(), scrape.tls().resolvedAgainst(folder)));
        }
        try {
            return applyEnvironment(config, env);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(file + " with environment overrides: " + e.getMessage(), e);
        }
    }

    /** {@code config} as the agent's YAML file, tokens included. */
    public static String yaml(AgentConfig config) {
        try {
            return YAML.writeValueAsString(config);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the agent's configuration as YAML: " + e.getMessage(), e);
        }
    }

    static AgentConfig applyEnvironment(AgentConfig config, Map<String, String> env) {
        AgentConfig.Listen listen = config.listen();
        String host = env.get("FIREBREAK_AGENT_HOST");
        if (host != null && !host.isBlank()) {
            listen = listen.withHost(host);
        }
        String port = env.get("FIREBREAK_AGENT_PORT");
        if (port != null && !port.isBlank()) {
            try {
                listen = listen.withPort(Integer.parseInt(port.trim()));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("FIREBREAK_AGENT_PORT '" + port + "' is not a number");
            }
        }
        return config.withListen(listen);
    }

    private static String path(JsonMappingException e) {
        return e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[");
    }
}
