package dev.firebreak.agent.slo;

/**
 * What the gateway tells the SLO meter of each client request it settles: answered by a node (with
 * text or empty, and when its first token left), failed (a 5xx, a cut stream, an error mid-stream),
 * or shed with 429. Requests refused for the client's own fault (4xx other than 429) and clients that
 * went away are not told: they say nothing of the service.
 */
public interface SloRecorder {

    /** Records nothing: a gateway with no SLO meter. */
    SloRecorder NONE = new SloRecorder() {
        @Override
        public void answered(String model, String node, boolean withText, long firstTokenMillis) {
        }

        @Override
        public void failed(String model, String node) {
        }

        @Override
        public void shed(String model) {
        }
    };

    /** A complete answer; {@code firstTokenMillis} from the request to its first token (the whole answer when not streamed). */
    void answered(String model, String node, boolean withText, long firstTokenMillis);

    /** A request the service failed; {@code node} is null when no node was reached. */
    void failed(String model, String node);

    /** A request shed with 429 for want of capacity. */
    void shed(String model);
}
