package dev.firebreak.app.gameday;

import dev.firebreak.lab.localcluster.LocalCluster;

/** Opens a tab on a scenario's cluster; the returned action closes it again. FX thread. */
public interface ClusterTabs {
    Runnable open(LocalCluster cluster);
}
