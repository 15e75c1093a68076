package dev.firebreak.node;

import dev.firebreak.node.testing.ModuleArchitecture;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** The node is the bottom layer: free of package cycles, and it knows nothing of the agent, the lab or the console. */
class ArchitectureTest extends ModuleArchitecture {

    ArchitectureTest() {
        super("dev.firebreak.node", "dev.firebreak.node.(**)", "dev.firebreak.agent..", "dev.firebreak.lab..", "dev.firebreak.app..");
    }

    @Test
    void shouldKeepTheWireRecordsFreeOfTheEngine() {
        noClasses().that().resideInAPackage("dev.firebreak.node.api..").should().dependOnClassesThat()
                .resideInAnyPackage("dev.firebreak.node.engine..", "dev.firebreak.node.http..", "org.eclipse.jetty..")
                .check(mainClasses);
    }
}
