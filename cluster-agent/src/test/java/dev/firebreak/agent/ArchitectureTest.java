package dev.firebreak.agent;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import dev.firebreak.node.testing.ModuleArchitecture;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * The agent's packages form no cycle, it depends on the node only through the node's wire records
 * and HTTP server, never on the lab or the console, and its {@code api} package is wire records only.
 */
class ArchitectureTest extends ModuleArchitecture {

    ArchitectureTest() {
        super("dev.firebreak.agent", "dev.firebreak.agent.(*)..", "dev.firebreak.lab..", "dev.firebreak.app..");
    }

    @Test
    void shouldUseTheNodeOnlyThroughItsWireRecordsAndHttpServer() {
        noClasses().should().dependOnClassesThat(nodeInternals()).check(mainClasses);
    }

    @Test
    void shouldKeepTheApiPackageToWireRecords() {
        classes().that().resideInAPackage("dev.firebreak.agent.api..").and().areTopLevelClasses()
                .should().beRecords().orShould().beEnums().check(mainClasses);
        noClasses().that().resideInAPackage("dev.firebreak.agent.api..").should().dependOnClassesThat(apiOutsiders())
                .check(mainClasses);
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
