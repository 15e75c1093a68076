package dev.firebreak.node.process;

import picocli.CommandLine.Option;

import java.util.List;

/**
 * Ends this process when the process that started it is gone, so that a child of a killed
 * console or test (even {@code kill -9}) never lives on as an orphan.
 */
public final class ParentWatch {

    private static final System.Logger LOG = System.getLogger(ParentWatch.class.getName());

    private ParentWatch() {
    }

    /** {@value #NAME}, the hidden flag by which a launcher makes its child exit with it; a picocli mixin. */
    public static final class ParentPidFlag {
        public static final String NAME = "--parent-pid";

        @Option(names = NAME, hidden = true, description = "Exit when this process ends (set by launchers).")
        Long pid;

        /** The launcher's pid, or {@code null} when none was given. */
        public Long pid() {
            return pid;
        }

        /** The flag and its value that make a child started by this process exit with it. */
        public static List<String> ofThisProcess() {
            return List.of(NAME, Long.toString(ProcessHandle.current().pid()));
        }
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
