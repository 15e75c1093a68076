package dev.firebreak.agent.engines;

import dev.firebreak.agent.nodetls.TlsFailure;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.nio.charset.StandardCharsets;

/**
 * The GETs an adapter makes of its node: one base URL, the scrape's timeout on every call (the
 * client's), and a cap on what a body may hold, so a node that answers 50 MB, or never stops
 * answering, costs the agent at most the cap and the timeout.
 */
final class EngineHttp {

    /** What one GET answered: its status, content type and body (read whole, within the cap). */
    record Answer(int code, String contentType, String body) {

        boolean ok() {
            return code == 200;
        }

        /** True when the body is an HTML page (a proxy's error page, a login wall), which no engine serves its figures as. */
        boolean html() {
            return contentType.contains("html") || body.stripLeading().startsWith("<");
        }
    }

    private final OkHttpClient http;
    private final String baseUrl;
    private final long maxBodyBytes;

    EngineHttp(OkHttpClient http, String baseUrl, long maxBodyBytes) {
        this.http = http;
        this.baseUrl = baseUrl;
        this.maxBodyBytes = maxBodyBytes;
    }

    String baseUrl() {
        return baseUrl;
    }

    /** GETs {@code path}; an answer of any status comes back, a body over the cap or no answer is a failure. */
    Answer get(String path) throws ScrapeFailure {
        Request request = new Request.Builder().url(baseUrl + path).get().build();
        try {
            try {
                return once(request, path);
            } catch (ConnectException | InterruptedIOException e) {
                throw e;
            } catch (IOException e) {
                // Most likely the connection kept from the last scrape, closed by a node that died or
                // restarted since: ask once more on a new one, which tells whether anything listens.
                return once(request, path);
            }
        } catch (ConnectException e) {
            throw new ScrapeFailure("connection refused", true);
        } catch (InterruptedIOException e) {
            throw new ScrapeFailure(path + ": no answer within the scrape timeout");
        } catch (IOException e) {
            throw new ScrapeFailure(TlsFailure.describe(e, baseUrl).orElse(path + ": " + e.getClass().getSimpleName() + ": "
                    + e.getMessage()));
        }
    }

    private Answer once(Request request, String path) throws IOException, ScrapeFailure {
        try (Response response = http.newCall(request).execute(); ResponseBody body = response.body()) {
            long declared = body.contentLength();
            if (declared > maxBodyBytes) {
                throw new ScrapeFailure(path + " answered " + declared + " bytes, over the cap of " + maxBodyBytes);
            }
            byte[] bytes;
            try (InputStream in = body.byteStream()) {
                bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBodyBytes + 1));
            }
            if (bytes.length > maxBodyBytes) {
                throw new ScrapeFailure(path + " answered more than the cap of " + maxBodyBytes + " bytes");
            }
            MediaType type = body.contentType();
            return new Answer(response.code(), type == null ? "" : type.toString(), new String(bytes, StandardCharsets.UTF_8));
        }
    }
}
