package dev.firebreak.agent.api;

/** What an operator can do to a client API key through {@code POST /api/v1/keys}. */
public enum KeyAction {
    /** A new key with its limits; its secret is answered once. */
    CREATE,
    /** A new secret for a key, same limits; the old secret stops working at once. */
    ROTATE,
    /** The key stops working, on every replica. */
    REVOKE
}
