package dev.firebreak.node.process;

/**
 * Ends this process when the process that started it is gone, so that a child of a killed
 * console or test (even {@code kill -9}) never lives on as an orphan.
 */
public final class ParentWatch {

    private static final System.Logger LOG = System.getLogger(ParentWatch.class.getName());

    private ParentWatch() {
    }

    /** Exits (status 0, running shutdown hooks) when process {@code parentPid} ends; at once if it is already gone. */
    public static void exitWhenGone(long parentPid) {
        ProcessHandle.of(parentPid).filter(ProcessHandle::isAlive).ifPresentOrElse(
                parent -> parent.onExit().thenRun(() -> exit(parentPid)),
                () -> exit(parentPid));
    }

    private static void exit(long parentPid) {
        LOG.log(System.Logger.Level.WARNING, "parent process {0} is gone; exiting", parentPid);
        System.exit(0);
    }
}
