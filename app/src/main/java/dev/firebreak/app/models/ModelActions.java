package dev.firebreak.app.models;

/** What the model table's buttons ask of the console: each goes through the confirmation flow. */
public interface ModelActions {
    void reroute(String model);

    void fallback(String model);

    void tripEverywhere(String model, boolean reset);
}
