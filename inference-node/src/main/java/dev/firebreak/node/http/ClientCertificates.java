package dev.firebreak.node.http;

import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Mutual TLS on a listener with a client CA: a request whose connection presented no client
 * certificate gets 401 {@code client_certificate_required}, except on {@link HttpSettings.Tls#OPEN_PATHS}.
 * A certificate that was presented was already checked against the CA by the handshake, which
 * fails for one the CA did not sign or that expired.
 */
final class ClientCertificates extends Handler.Wrapper {

    ClientCertificates(Handler routes) {
        super(routes);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        String path = Request.getPathInContext(request);
        if (HttpSettings.Tls.OPEN_PATHS.contains(path) || presented(request)) {
            return super.handle(request, response, callback);
        }
        WebServer.answer(response, 401, new ApiError(HttpSettings.Tls.CLIENT_CERTIFICATE_REQUIRED, "a client certificate signed by this server's client CA"
                + " is required for " + path + "; only " + String.join(", ", HttpSettings.Tls.OPEN_PATHS.stream().sorted().toList())
                + " answer without one"), callback);
        return true;
    }

    private static boolean presented(Request request) {
        return request.getAttribute(EndPoint.SslSessionData.ATTRIBUTE) instanceof EndPoint.SslSessionData session
                && session.peerCertificates() != null && session.peerCertificates().length > 0;
    }
}
