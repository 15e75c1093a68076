package dev.firebreak.app;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.simpleName;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.simpleNameEndingWith;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The console's shape (see DESIGN.md and STYLE.md): feature packages without cycles, the agent
 * reached only through its wire records and client, ViewModels and services free of nodes, views
 * that leave HTTP and scenarios to services. The console's main classes only; tests may use more.
 */
@AnalyzeClasses(packages = "dev.firebreak.app", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    /** Services do the console's I/O and computing off the FX thread; {@code figures} is pure computation. */
    private static final DescribedPredicate<JavaClass> SERVICES = simpleNameEndingWith("Service")
            .or(simpleName("ClusterConnection")).or(resideInAPackage("dev.firebreak.app.figures.."))
            .as("services");
    private static final DescribedPredicate<JavaClass> VIEWS = DescribedPredicate.describe("views (classes that build nodes)",
            c -> c.getDirectDependenciesFromSelf().stream().anyMatch(d -> d.getTargetClass().getPackageName().startsWith("javafx.scene")));

    @ArchTest
    static final ArchRule featurePackagesAreFreeOfCycles = slices().matching("dev.firebreak.app.(*)..").should().beFreeOfCycles();

    @ArchTest
    static final ArchRule theAgentIsReachedOnlyThroughItsApiAndClient = noClasses()
            .that().resideInAPackage("dev.firebreak.app..")
            .should().dependOnClassesThat(resideInAPackage("dev.firebreak.agent..")
                    .and(DescribedPredicate.not(resideInAnyPackage("dev.firebreak.agent.api..", "dev.firebreak.agent.client.."))));

    @ArchTest
    static final ArchRule viewModelsHoldNoNodes = noClasses()
            .that().haveSimpleNameEndingWith("ViewModel")
            .should().dependOnClassesThat().resideInAPackage("javafx.scene..");

    @ArchTest
    static final ArchRule servicesImportNothingFromJavaFx = noClasses()
            .that(SERVICES)
            .should().dependOnClassesThat().resideInAPackage("javafx..");

    /** A view that talked HTTP or ran a scenario would block or race the FX thread. */
    @ArchTest
    static final ArchRule viewsLeaveHttpAndScenariosToServices = noClasses()
            .that(VIEWS)
            .should().dependOnClassesThat(resideInAnyPackage("dev.firebreak.agent.client..", "okhttp3..")
                    .or(simpleName("ScenarioRunner")));
}
