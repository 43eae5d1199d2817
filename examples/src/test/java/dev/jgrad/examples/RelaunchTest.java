package dev.jgrad.examples;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.*;

/** When {@code java -jar jgrad.jar} reruns itself with the Vector API module, and with what command line. */
class RelaunchTest {
    private static final String[] ARGS = {"mnist", "--epochs", "1"};

    private static Relaunch.Launch launch(boolean present, boolean inRuntime, boolean relaunched, boolean disabled,
                                          Optional<String> java, List<String> options) {
        return new Relaunch.Launch(present, inRuntime, relaunched, disabled, java, options, "jgrad.jar",
                "dev.jgrad.examples.Main");
    }

    @Test
    void aPlainJavaDashJarRunIsRerunWithTheModuleTheSameOptionsAndTheGuard() {
        List<String> cmd = Relaunch.command(launch(false, true, false, false, Optional.of("/jdk/bin/java"),
                List.of("-Dfoo=bar")), ARGS).orElseThrow();
        assertEquals(List.of("/jdk/bin/java", "-Dfoo=bar", "-XX:+UseSerialGC", "-Xms32m", "-XX:MaxNewSize=64m",
                "--add-modules", "jdk.incubator.vector", "-Djgrad.relaunched=true", "-cp", "jgrad.jar",
                "dev.jgrad.examples.Main", "mnist", "--epochs", "1"), cmd);
    }

    @Test
    void theUsersOwnHeapOrCollectorChoiceIsKept() {
        for (String option : List.of("-Xmx2g", "-Xms1g", "-XX:+UseG1GC", "-XX:MaxRAMPercentage=50", "-XX:MaxHeapSize=1g")) {
            List<String> cmd = Relaunch.command(launch(false, true, false, false, Optional.of("java"), List.of(option)),
                    ARGS).orElseThrow();
            assertTrue(cmd.contains(option), option);
            assertFalse(cmd.contains("-XX:+UseSerialGC"), option);
        }
    }

    @Test
    void noRelaunchWhenTheModuleIsThereOrMissingFromTheRuntimeOrAlreadyRelaunchedOrSwitchedOff() {
        Optional<String> java = Optional.of("java");
        assertTrue(Relaunch.command(launch(true, true, false, false, java, List.of()), ARGS).isEmpty(), "present");
        assertTrue(Relaunch.command(launch(false, false, false, false, java, List.of()), ARGS).isEmpty(), "no such module");
        assertTrue(Relaunch.command(launch(false, true, true, false, java, List.of()), ARGS).isEmpty(), "guard: no loop");
        assertTrue(Relaunch.command(launch(false, true, false, true, java, List.of()), ARGS).isEmpty(), "JGRAD_RELAUNCH=0");
        assertTrue(Relaunch.command(launch(false, true, false, false, Optional.empty(), List.of()), ARGS).isEmpty(),
                "java binary unknown");
    }

    @Test
    void helpAndVersionAreAnsweredWithoutASecondJvm() {
        Relaunch.Launch l = launch(false, true, false, false, Optional.of("java"), List.of());
        for (String[] args : List.of(new String[] {"--help"}, new String[] {"mnist", "-h"}, new String[] {"--version"},
                new String[] {"help", "mnist"}, new String[] {})) {
            assertTrue(Relaunch.command(l, args).isEmpty(), String.join(" ", args));
        }
    }

    @Test
    void theCurrentJvmIsDescribedAsItIs() {
        Relaunch.Launch now = Relaunch.Launch.current(Main.class);
        assertEquals(ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent(), now.modulePresent());
        assertFalse(now.relaunched());
        if (!now.modulePresent() && !now.disabled()) {
            assertTrue(now.javaCommand().isPresent());
            assertFalse(now.classPath().isEmpty());
        }
    }

    @Test
    void theChildsExitCodeIsPassedOn() {
        org.junit.jupiter.api.Assumptions.assumeTrue(java.nio.file.Files.isExecutable(java.nio.file.Path.of("/bin/sh")));
        // Commands that print nothing: the child shares this JVM's standard streams.
        assertEquals(Optional.of(0), Relaunch.run(List.of("/bin/sh", "-c", "exit 0")));
        assertEquals(Optional.of(3), Relaunch.run(List.of("/bin/sh", "-c", "exit 3")));
        assertEquals(Optional.empty(), Relaunch.run(List.of("/no/such/java/binary")));
    }
}
