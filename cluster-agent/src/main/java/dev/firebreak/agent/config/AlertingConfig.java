package dev.firebreak.agent.config;

import java.net.URI;
import java.util.List;

/**
 * Where the agent sends its alerts: Alertmanager base URLs (none: no alerts leave the agent), how
 * often an open alert is sent again, how long one post may take, and the URL alerts link back to.
 *
 * @param resendSeconds an open alert is posted again this often, and ends by itself four times
 *                      this after the last post (Alertmanager's resolve_timeout is 5 minutes)
 * @param externalUrl   the agent as operators reach it, for each alert's generatorURL; the listen address if unset
 */
public record AlertingConfig(List<String> alertmanagers, Integer resendSeconds, Integer timeoutSeconds, String externalUrl) {

    public AlertingConfig {
        alertmanagers = alertmanagers == null ? List.of() : alertmanagers.stream().map(AlertingConfig::baseUrl).toList();
        resendSeconds = resendSeconds == null ? 30 : resendSeconds;
        if (resendSeconds < 1 || resendSeconds > 60) {
            throw new IllegalArgumentException("alerting.resendSeconds must be 1-60 (well under Alertmanager's resolve_timeout), got "
                    + resendSeconds);
        }
        timeoutSeconds = timeoutSeconds == null ? 5 : timeoutSeconds;
        if (timeoutSeconds < 1 || timeoutSeconds > 30) {
            throw new IllegalArgumentException("alerting.timeoutSeconds must be 1-30, got " + timeoutSeconds);
        }
        if (externalUrl != null) {
            externalUrl = baseUrl(externalUrl);
        }
    }

    public static AlertingConfig none() {
        return new AlertingConfig(null, null, null, null);
    }

    private static String baseUrl(String url) {
        try {
            URI uri = new URI(url);
            if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null) {
                return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
            }
        } catch (java.net.URISyntaxException e) {
            // fall through to the error below
        }
        throw new IllegalArgumentException("alerting: '" + url + "' is not an http(s) URL such as http://alertmanager:9093");
    }
}
