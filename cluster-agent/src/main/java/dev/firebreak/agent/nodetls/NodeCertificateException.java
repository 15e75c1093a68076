package dev.firebreak.agent.nodetls;

import java.security.cert.CertificateException;

/** A node's certificate refused by the agent, with the reason in words an operator acts on. */
final class NodeCertificateException extends CertificateException {

    NodeCertificateException(String message, Throwable cause) {
        super(message, cause);
    }

    NodeCertificateException(String message) {
        super(message);
    }
}
