package dev.firebreak.agent.config;

import dev.firebreak.agent.api.NodeKind;

import java.net.URI;
import java.util.regex.Pattern;

/**
 * One node the agent watches: its id, base URL, the engine it runs, and the token of its control
 * endpoint (a Firebreak node's; other engines have none, so it is optional for them).
 */
public record NodeConfig(String id, String url, String controlToken, NodeKind kind) {

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    public NodeConfig {
        if (id == null || !ID.matcher(id).matches()) {
            throw new IllegalArgumentException("nodes: id '" + id
                    + "' must be 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
        if (url == null) {
            throw new IllegalArgumentException("nodes[" + id + "].url is missing");
        }
        if (!isHttpUrl(url)) {
            throw new IllegalArgumentException("nodes[" + id + "].url '" + url + "' must be http(s)://host:port");
        }
        url = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        kind = kind == null ? NodeKind.FIREBREAK : kind;
        if (kind == NodeKind.FIREBREAK && (controlToken == null || controlToken.isBlank())) {
            throw new IllegalArgumentException("nodes[" + id + "].controlToken is missing");
        }
    }

    /** A Firebreak node. */
    public NodeConfig(String id, String url, String controlToken) {
        this(id, url, controlToken, NodeKind.FIREBREAK);
    }

    /** True for an absolute http(s) URL with a host. */
    static boolean isHttpUrl(String url) {
        try {
            URI uri = URI.create(url);
            return ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    @Override
    public String toString() {
        return "NodeConfig[id=" + id + ", url=" + url + ", kind=" + kind.id() + "]";
    }
}
