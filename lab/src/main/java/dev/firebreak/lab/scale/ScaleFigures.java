package dev.firebreak.lab.scale;

/**
 * What one run at one fleet size measured.
 *
 * @param agentCores       the agent process's CPU over the measured window, in cores (1.0 = one core busy)
 * @param liveHeapMb       the agent's heap after a full collection at the end of the window (its live data), -1 if unseen
 * @param committedHeapMb  the most heap the agent's JVM had committed in the window
 * @param collections      collections in the window
 * @param gapP50Millis     time between two scrapes of one node, median over every node's scrapes
 * @param gapP99Millis     the same, 99th percentile; the lag is this minus the interval
 * @param scrapesPerNodeSecond scrapes each node saw per second of the window, on average (1.0 at 1 Hz)
 * @param downMedianMillis from closing a node's port to the agent's node-down event, median of the nodes taken down
 * @param downMaxMillis    the same, the slowest; -1 when some node was not seen down within the wait
 * @param simulatorCores   the simulator's process (this one) over the same window
 * @param streamKibPerSecond what one console's live stream received per second of the window: the whole state once, then deltas
 * @param stateEventsPerSecond the stream's state events per second (1.0 at a period of 1 s)
 * @param wholeStateKib    the whole state as {@code GET /api/v1/cluster} gives it, at the end of the window
 */
record ScaleFigures(int nodes, int models, double agentCores, long liveHeapMb, long committedHeapMb,
                    int collections, double gapP50Millis,
                    double gapP99Millis, double scrapesPerNodeSecond, long downMedianMillis, long downMaxMillis,
                    double simulatorCores, double streamKibPerSecond, double stateEventsPerSecond, double wholeStateKib) {
}
