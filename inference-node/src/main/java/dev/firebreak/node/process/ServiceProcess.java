package dev.firebreak.node.process;

import java.util.concurrent.CountDownLatch;

/** How the node's and the agent's main commands run once started: until SIGTERM, or until their launcher is gone. */
public final class ServiceProcess {

    private ServiceProcess() {
    }

    /**
     * Prints {@code listeningLine} for a launcher to wait for, then blocks until SIGTERM has run
     * {@code stop}; with a {@code parentPid}, the process also exits when that process ends.
     */
    public static void runUntilStopped(Runnable stop, Long parentPid, String listeningLine) throws InterruptedException {
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().unstarted(() -> {
            stop.run();
            stopped.countDown();
        }));
        if (parentPid != null) {
            ParentWatch.exitWhenGone(parentPid);
        }
        System.out.println(listeningLine);
        System.out.flush();
        stopped.await();
    }
}
