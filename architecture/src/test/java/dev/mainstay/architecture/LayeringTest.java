package dev.mainstay.architecture;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackages;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The one-way layering of docs/architecture.md ("Module map"), checked on the main classes of every
 * module, so that {@code mvn verify} fails on an import against the direction, not just a review.
 * Tests are left out: they may reach into internals to set up a case.
 */
@AnalyzeClasses(packages = "dev.mainstay", importOptions = ImportOption.DoNotIncludeTests.class)
class LayeringTest {
    private static final String PROTOCOL = "dev.mainstay.protocol..";
    private static final String STORE = "dev.mainstay.store..";
    private static final String ENGINE = "dev.mainstay.engine..";
    private static final String COORDINATOR = "dev.mainstay.coordinator..";
    private static final String TELEMETRY = "dev.mainstay.telemetry..";
    private static final String GATEWAY = "dev.mainstay.gateway..";
    private static final String SERVER = "dev.mainstay.server..";
    private static final String SDK = "dev.mainstay.sdk..";
    private static final String AGENT = "dev.mainstay.agent..";
    private static final String TESTING = "dev.mainstay.testing..";
    private static final String SPRING = "dev.mainstay.spring..";
    private static final String SDK_INTERNAL = "dev.mainstay.sdk.internal..";
    private static final DescribedPredicate<JavaClass> OFFLINE_SEAM = DescribedPredicate.describe("OfflineRuns",
            c -> c.getName().equals("dev.mainstay.sdk.internal.OfflineRuns")
                    || c.getName().startsWith("dev.mainstay.sdk.internal.OfflineRuns$"));

    @ArchTest
    static final ArchRule protocolDependsOnNothingOfOurs = noClasses().that().resideInAPackage(PROTOCOL)
            .should().dependOnClassesThat(oursOutside(PROTOCOL))
            .because("the protocol is the contract the runtime and every worker share, so it knows neither side");

    @ArchTest
    static final ArchRule storeDependsOnlyOnProtocol = noClasses().that().resideInAPackage(STORE)
            .should().dependOnClassesThat(oursOutside(STORE, PROTOCOL))
            .because("the store keeps the journal for whoever sits above it, behind the JournalStore contract");

    @ArchTest
    static final ArchRule engineKnowsNothingAboveIt = noClasses().that().resideInAPackage(ENGINE)
            .should().dependOnClassesThat().resideInAnyPackage(COORDINATOR, GATEWAY, TELEMETRY, SERVER)
            .because("the layers above reach the engine through interfaces it owns (ReadyRuns, DispatchState, "
                    + "RunListener), never the other way");

    @ArchTest
    static final ArchRule gatewayReadsDispatchThroughTheEngine = noClasses().that().resideInAPackage(GATEWAY)
            .should().dependOnClassesThat().resideInAPackage(COORDINATOR)
            .because("the gateway and the coordinator meet only in the engine (DispatchState), so either "
                    + "can change without the other");

    @ArchTest
    static final ArchRule coordinatorKnowsNoGateway = noClasses().that().resideInAPackage(COORDINATOR)
            .should().dependOnClassesThat().resideInAPackage(GATEWAY)
            .because("the gateway and the coordinator meet only in the engine, so either can change "
                    + "without the other");

    @ArchTest
    static final ArchRule sdkShipsWithoutTheRuntime = noClasses().that().resideInAPackage(SDK)
            .should().dependOnClassesThat().resideInAnyPackage(STORE, ENGINE, COORDINATOR, TELEMETRY, GATEWAY, SERVER)
            .because("workers run in other processes than the runtime and speak to it only through the protocol");

    @ArchTest
    static final ArchRule agentBuildsOnTheSdkOnly = noClasses().that().resideInAPackage(AGENT)
            .should().dependOnClassesThat(oursOutside(AGENT, SDK, PROTOCOL))
            .because("an agent is an SDK workflow like any other and runs in a worker, not in the runtime");

    @ArchTest
    static final ArchRule springStarterBuildsOnTheSdkOnly = noClasses().that().resideInAPackage(SPRING)
            .should().dependOnClassesThat(oursOutside(SPRING, SDK, AGENT))
            .because("the starter configures a worker and a client in the user's application, which reaches the"
                    + " runtime only over the network, through the SDK");

    @ArchTest
    static final ArchRule sdkInternalsStayInTheSdk = noClasses().that().resideOutsideOfPackages(SDK, TESTING)
            .should().dependOnClassesThat().resideInAPackage(SDK_INTERNAL)
            .because("sdk.internal is not API: it may change in any release");

    @ArchTest
    static final ArchRule testKitUsesOnlyTheOfflineSeam = noClasses().that().resideInAPackage(TESTING)
            .should().dependOnClassesThat(resideInAPackage(SDK_INTERNAL).and(DescribedPredicate.not(OFFLINE_SEAM)))
            .because("sdk-testing replays and runs workflow code on the worker's own machinery, released with it,"
                    + " through the one seam OfflineRuns; the rest of sdk.internal may change under it");

    @ArchTest
    static final ArchRule agentInternalsStayInTheAgent = noClasses().that().resideOutsideOfPackage(AGENT)
            .should().dependOnClassesThat().resideInAPackage("dev.mainstay.agent.internal..")
            .because("agent.internal is not API: it may change in any release");

    /** Our classes other than those in {@code allowed}: what a layer must not reach. */
    private static DescribedPredicate<JavaClass> oursOutside(String... allowed) {
        return resideInAPackage("dev.mainstay..").and(resideOutsideOfPackages(allowed))
                .as("are Mainstay classes outside %s", String.join(", ", allowed));
    }
}
