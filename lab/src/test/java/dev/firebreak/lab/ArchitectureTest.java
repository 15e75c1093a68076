package dev.firebreak.lab;

import dev.firebreak.node.testing.ModuleArchitecture;

/** The lab sits between the agent and the console: free of package cycles, and it never reaches up into the console. */
class ArchitectureTest extends ModuleArchitecture {

    ArchitectureTest() {
        super("dev.firebreak.lab", "dev.firebreak.lab.(*)..", "dev.firebreak.app..");
    }
}
