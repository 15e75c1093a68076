package dev.firebreak.node.testing;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The rules every module's {@code ArchitectureTest} starts from: its main classes form no package
 * cycle and use no module above it in app -> lab -> agent -> node. A module's test extends this and
 * checks its own rules on {@link #mainClasses}, imported once per test class.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class ModuleArchitecture {

    /** The module's main classes, tests left out. */
    protected final JavaClasses mainClasses;
    private final String slices;
    private final String[] above;

    /**
     * @param root the module's root package
     * @param slices the slices that must be free of cycles, as an ArchUnit pattern such as {@code dev.firebreak.lab.(*)..}
     * @param above the packages of the modules above this one
     */
    protected ModuleArchitecture(String root, String slices, String... above) {
        this.mainClasses = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages(root);
        this.slices = slices;
        this.above = above;
    }

    @Test
    void shouldHaveNoPackageCycles() {
        slices().matching(slices).should().beFreeOfCycles().check(mainClasses);
    }

    @Test
    void shouldNotDependOnTheLayersAbove() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage(above).check(mainClasses);
    }
}
