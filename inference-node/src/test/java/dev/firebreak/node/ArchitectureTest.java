package dev.firebreak.node;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/** The node is the bottom layer: free of package cycles, and it knows nothing of the agent, the lab or the console. */
class ArchitectureTest {

    private static final JavaClasses NODE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.firebreak.node");

    @Test
    void shouldHaveNoPackageCycles() {
        slices().matching("dev.firebreak.node.(**)").should().beFreeOfCycles().check(NODE);
    }

    @Test
    void shouldNotDependOnTheLayersAbove() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("dev.firebreak.agent..", "dev.firebreak.lab..",
                "dev.firebreak.app..").check(NODE);
    }

    @Test
    void shouldKeepTheWireRecordsFreeOfTheEngine() {
        noClasses().that().resideInAPackage("dev.firebreak.node.api..").should().dependOnClassesThat()
                .resideInAnyPackage("dev.firebreak.node.engine..", "dev.firebreak.node.http..", "org.eclipse.jetty..")
                .check(NODE);
    }
}
