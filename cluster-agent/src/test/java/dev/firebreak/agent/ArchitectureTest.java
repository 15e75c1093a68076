package dev.firebreak.agent;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The agent's packages form no cycle, it depends on the node only through the node's wire records
 * and HTTP server, never on the lab or the console, and its {@code api} package is wire records only.
 */
class ArchitectureTest {

    private static final JavaClasses AGENT = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.firebreak.agent");

    @Test
    void shouldHaveNoPackageCycles() {
        slices().matching("dev.firebreak.agent.(*)..").should().beFreeOfCycles().check(AGENT);
    }

    @Test
    void shouldNotDependOnTheLayersAbove() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("dev.firebreak.lab..", "dev.firebreak.app..")
                .check(AGENT);
    }

    @Test
    void shouldUseTheNodeOnlyThroughItsWireRecordsAndHttpServer() {
        noClasses().should().dependOnClassesThat(nodeInternals()).check(AGENT);
    }

    @Test
    void shouldKeepTheApiPackageToWireRecords() {
        classes().that().resideInAPackage("dev.firebreak.agent.api..").and().areTopLevelClasses()
                .should().beRecords().orShould().beEnums().check(AGENT);
        noClasses().that().resideInAPackage("dev.firebreak.agent.api..").should().dependOnClassesThat(apiOutsiders())
                .check(AGENT);
    }

    private static DescribedPredicate<JavaClass> nodeInternals() {
        return DescribedPredicate.describe("classes of the node outside its api, http and OpenAI contract",
                c -> c.getPackageName().startsWith("dev.firebreak.node")
                        && !c.getPackageName().startsWith("dev.firebreak.node.api")
                        && !c.getPackageName().startsWith("dev.firebreak.node.http")
                        && !c.getPackageName().startsWith("dev.firebreak.node.process")
                        && !c.getPackageName().startsWith("dev.firebreak.node.openai")
                        && !c.getName().equals("dev.firebreak.node.serving.OpenAiApi"));
    }

    private static DescribedPredicate<JavaClass> apiOutsiders() {
        return DescribedPredicate.describe("Firebreak classes outside the agent's and the node's wire records",
                c -> (c.getPackageName().startsWith("dev.firebreak.agent") && !c.getPackageName().startsWith("dev.firebreak.agent.api"))
                        || (c.getPackageName().startsWith("dev.firebreak.node") && !c.getPackageName().startsWith("dev.firebreak.node.api")));
    }
}
