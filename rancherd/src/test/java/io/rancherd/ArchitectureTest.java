package io.rancherd;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The walls between rancherd's packages, checked on the compiled classes. The layers, top to bottom
 * (docs/architecture.md): a layer uses only the layers below it and its own packages, and no two
 * packages depend on each other, directly or through others.
 */
class ArchitectureTest {

  static final String ROOT = "io.rancherd";

  private static JavaClasses production;

  /** rancherd's own classes, read from the build's class directory (no jar, no test class). */
  @BeforeAll
  static void importClasses() {
    production = new ClassFileImporter().importPaths(Path.of("target/classes"));
  }

  @Test
  void layers_onlyUseTheLayersBelowThem() {
    layeredArchitecture()
        .consideringOnlyDependenciesInLayers()
        .layer("Entry")
        .definedBy(ROOT, ROOT + ".cli..")
        .layer("UseCase")
        .definedBy(
            ROOT + ".bootstrap..",
            ROOT + ".doctor..",
            ROOT + ".reset..",
            ROOT + ".upgrade..",
            ROOT + ".admin..")
        .layer("Service")
        .definedBy(
            packages(
                "discovery",
                "join",
                "install",
                "kube",
                "probe",
                "plan.apply",
                "service",
                "channel",
                "download",
                "registry",
                "instruction"))
        .layer("Domain")
        .definedBy(packages("plan", "role", "token", "rancher"))
        .layer("Model")
        .definedBy(packages("config", "runtime", "state"))
        .layer("Foundation")
        .definedBy(
            packages("error", "secret", "wait", "fs", "tls", "exec", "proxy", "plan.model", "log"))
        .whereLayer("Entry")
        .mayNotBeAccessedByAnyLayer()
        .whereLayer("UseCase")
        .mayOnlyBeAccessedByLayers("Entry")
        .whereLayer("Service")
        .mayOnlyBeAccessedByLayers("Entry", "UseCase")
        .whereLayer("Domain")
        .mayOnlyBeAccessedByLayers("Entry", "UseCase", "Service")
        .whereLayer("Model")
        .mayOnlyBeAccessedByLayers("Entry", "UseCase", "Service", "Domain")
        .check(production);
  }

  @Test
  void packages_areFreeOfCycles() {
    slices().matching(ROOT + ".(**)").should().beFreeOfCycles().check(production);
  }

  @Test
  void leaves_dependOnNoOtherPackageOfRancherd() {
    for (String leaf : packages("error", "secret", "wait", "fs", "tls", "plan.model", "log")) {
      noClasses()
          .that()
          .resideInAPackage(leaf)
          .should()
          .dependOnClassesThat(
              JavaClass.Predicates.resideInAPackage(ROOT + "..")
                  .and(DescribedPredicate.not(JavaClass.Predicates.resideInAPackage(leaf))))
          .check(production);
    }
  }

  @Test
  void pureLayers_doNoNetworkProcessOrFileWork() {
    noClasses()
        .that()
        .resideInAnyPackage(packages("plan", "plan.model", "role", "rancher", "runtime"))
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("okhttp3..", "javax.jmdns..", "java.net.http..")
        .orShould()
        .dependOnClassesThat()
        .haveFullyQualifiedName("java.nio.file.Files")
        .orShould()
        .dependOnClassesThat()
        .haveFullyQualifiedName("java.lang.ProcessBuilder")
        .orShould()
        .dependOnClassesThat()
        .haveFullyQualifiedName("java.net.Socket")
        .check(production);
    noClasses()
        .that()
        .resideInAPackage(ROOT + ".config")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("okhttp3..", "javax.jmdns..", "java.net.http..")
        .orShould()
        .dependOnClassesThat()
        .haveFullyQualifiedName("java.lang.ProcessBuilder")
        .check(production);
  }

  @Test
  void onlyTheCommandLine_usesPicocliAndTheStandardStreams() {
    noClasses()
        .that()
        .resideOutsideOfPackages(ROOT, ROOT + ".cli")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("picocli..")
        .check(production);
    // the log backend writes the log lines to standard error: that is its job
    noClasses()
        .that()
        .resideOutsideOfPackages(ROOT, ROOT + ".cli", ROOT + ".log")
        .should()
        .accessField(System.class, "out")
        .orShould()
        .accessField(System.class, "err")
        .check(production);
  }

  @Test
  void publicTypes_areUsedOutsideTheirPackage() {
    classes()
        .that()
        .areTopLevelClasses()
        .and()
        .arePublic()
        .and(
            DescribedPredicate.describe(
                "are not the entry point", c -> !c.getName().equals(ROOT + ".Main")))
        .and(
            DescribedPredicate.describe(
                "are not loaded by java.util.ServiceLoader",
                c -> !c.isAssignableTo("org.slf4j.spi.SLF4JServiceProvider")))
        .should(beUsedFromAnotherPackage())
        .check(production);
  }

  /**
   * Used from another package: the type or one of its nested types is a dependency of a class
   * there. Exceptions are exempt: callers in other packages catch them by a supertype.
   */
  private static ArchCondition<JavaClass> beUsedFromAnotherPackage() {
    return new ArchCondition<>("be used from another package (else package-private)") {
      @Override
      public void check(JavaClass type, ConditionEvents events) {
        boolean used =
            isException(type)
                || type.getPackage().getClasses().stream()
                    .filter(c -> c.equals(type) || nestedIn(c, type))
                    .flatMap(c -> c.getDirectDependenciesToSelf().stream())
                    .anyMatch(
                        d -> !d.getOriginClass().getPackageName().equals(type.getPackageName()));
        if (!used) {
          events.add(
              SimpleConditionEvent.violated(
                  type,
                  type.getName()
                      + " is public but used only in its own package: make it package-private"));
        }
      }
    };
  }

  /** Whether {@code type} is an exception; its JDK superclasses are known by name only. */
  private static boolean isException(JavaClass type) {
    for (Optional<JavaClass> c = Optional.of(type); c.isPresent(); c = c.get().getRawSuperclass()) {
      if (c.get().getName().equals(Exception.class.getName())
          || c.get().getName().equals(RuntimeException.class.getName())) {
        return true;
      }
    }
    return false;
  }

  private static boolean nestedIn(JavaClass candidate, JavaClass outer) {
    for (JavaClass c = candidate; c.getEnclosingClass().isPresent(); ) {
      c = c.getEnclosingClass().get();
      if (c.equals(outer)) {
        return true;
      }
    }
    return false;
  }

  private static String[] packages(String... names) {
    String[] packages = new String[names.length];
    for (int i = 0; i < names.length; i++) {
      packages[i] = ROOT + "." + names[i];
    }
    return packages;
  }
}
