package dev.firebreak.agent.testing;

/** What test classes share to stop the real servers and processes they started. */
public final class Fixtures {

    private Fixtures() {
    }

    /**
     * Closes each of {@code started} in order, skipping what never started ({@code null}); one that
     * fails to close does not keep the others running: the first failure is thrown once all are closed.
     */
    public static void closeAll(AutoCloseable... started) throws Exception {
        Exception first = null;
        for (AutoCloseable resource : started) {
            if (resource == null) {
                continue;
            }
            try {
                resource.close();
            } catch (Exception e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
