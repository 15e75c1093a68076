package dev.firebreak.lab;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/** The lab sits between the agent and the console: free of package cycles, and it never reaches up into the console. */
class ArchitectureTest {

    private static final JavaClasses LAB = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.firebreak.lab");

    @Test
    void shouldHaveNoPackageCycles() {
        slices().matching("dev.firebreak.lab.(*)..").should().beFreeOfCycles().check(LAB);
    }

    @Test
    void shouldNotDependOnTheConsole() {
        noClasses().should().dependOnClassesThat().resideInAPackage("dev.firebreak.app..").check(LAB);
    }
}
