package dev.firebreak.app.cluster;

/**
 * The console's features that draw a cluster's state on a tab of their own. Only those on screen
 * are fed each snapshot: at 200 nodes a table on a hidden tab that takes every update costs more
 * layout than the tab shown, and JavaFX lays it out all the same. A feature put on screen gets the
 * newest state at once. The connection banner, the fleet bar, the event timeline and the incident
 * count are always in sight and always fed.
 */
enum Feature {
    OVERVIEW, NODES, MODELS, CHARTS, BREAKERS, AUDIT, KEYS, GAME_DAY
}
