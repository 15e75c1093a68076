package dev.firebreak.agent.stream;

/** One event of the agent's stream: its id, its SSE event name, and its data already as one line of JSON. */
public record StreamEvent(long id, String type, String json) {

    /** The event in SSE wire form, ending with the blank line that terminates it. */
    public String toSse() {
        return "id: " + id + "\nevent: " + type + "\ndata: " + json + "\n\n";
    }
}
