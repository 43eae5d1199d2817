package dev.jgrad.cli;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.lang.module.ModuleFinder;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/** When {@code java -jar jgrad.jar} reruns itself with the Vector API module, and with what command line. */
class RelaunchTest {
    private static final String[] ARGS = {"mnist", "--epochs", "1"};

    private static Relaunch.Launch launch(boolean present, boolean inRuntime, boolean relaunched, boolean disabled,
                                          Optional<String> java, List<String> options) {
        return new Relaunch.Launch(present, inRuntime, relaunched, disabled, java, options, "jgrad.jar",
                "dev.jgrad.cli.Main");
    }

    @Test
    void aPlainJavaDashJarRunIsRerunWithTheModuleTheSameOptionsAndTheGuard() {
        List<String> cmd = Relaunch.command(launch(false, true, false, false, Optional.of("/jdk/bin/java"),
                List.of("-Dfoo=bar")), ARGS).orElseThrow();
        assertEquals(List.of("/jdk/bin/java", "-Dfoo=bar", "-XX:+UseSerialGC", "-Xms32m", "-XX:MaxNewSize=64m",
                "--add-modules", "jdk.incubator.vector", "-Djgrad.relaunched=true",
                "-Djgrad.launcher.pid=" + ProcessHandle.current().pid(), "-cp", "jgrad.jar",
                "dev.jgrad.cli.Main", "mnist", "--epochs", "1"), cmd);
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
    void helpAsTheValueOfAnOptionStillRelaunches() {
        Relaunch.Launch l = launch(false, true, false, false, Optional.of("java"), List.of());
        for (String[] args : List.of(new String[] {"mnist", "--metrics", "help"}, new String[] {"race", "--out", "help"})) {
            assertTrue(Relaunch.command(l, args).isPresent(), String.join(" ", args));
        }
    }

    @Test
    void theDebuggerAgentStaysWithTheLauncherAndTheUserIsTold() {
        List<String> options = List.of("-agentlib:jdwp=transport=dt_socket,server=y,suspend=n,address=5005",
                "-Xrunjdwp:transport=dt_socket", "-Xdebug", "-javaagent:profiler.jar", "-Dfoo=bar");
        Relaunch.Launch l = launch(false, true, false, false, Optional.of("java"), options);
        List<String> cmd = Relaunch.command(l, ARGS).orElseThrow();
        assertTrue(cmd.containsAll(List.of("-javaagent:profiler.jar", "-Dfoo=bar")), cmd.toString());
        assertTrue(cmd.stream().noneMatch(o -> o.contains("jdwp") || o.equals("-Xdebug")), cmd.toString());
        String notice = Relaunch.unsharedNotice(l).orElseThrow();
        assertTrue(notice.contains("address=5005") && notice.contains("JGRAD_RELAUNCH=0"), notice);
        assertTrue(Relaunch.unsharedNotice(launch(false, true, false, false, Optional.of("java"), List.of("-Dx=1")))
                .isEmpty());
    }

    @Test
    void aWorkerStartedUnderADebuggerRunsWhileTheLauncherHoldsThePort() throws Exception {
        Assumptions.assumeTrue(ModuleFinder.ofSystem().find("jdk.incubator.vector").isPresent());
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        String[] r = runJava(List.of("-agentlib:jdwp=transport=dt_socket,server=y,suspend=n,address=127.0.0.1:" + port),
                "mnist", "--epochs", "0");
        assertEquals("2", r[0], r[2]);
        assertTrue(r[2].contains("--epochs must be at least 1, got 0"), r[2]);
        assertFalse(r[2].contains("ERROR: transport error"), r[2]);
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
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/bin/sh")));
        // Commands that print nothing: the child shares this JVM's standard streams.
        assertEquals(Optional.of(0), Relaunch.run(List.of("/bin/sh", "-c", "exit 0")));
        assertEquals(Optional.of(3), Relaunch.run(List.of("/bin/sh", "-c", "exit 3")));
        assertEquals(Optional.empty(), Relaunch.run(List.of("/no/such/java/binary")));
    }

    /** Starts {@code Main} the way {@code java -jar} does, in a JVM without the module; returns exit code, stdout, stderr. */
    private static String[] runMain(String... args) throws Exception {
        return runJava(List.of(), args);
    }

    /** {@link #runMain} with JVM options. */
    private static String[] runJava(List<String> jvmOptions, String... args) throws Exception {
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(javaBin));
        cmd.addAll(jvmOptions);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().remove("JGRAD_RELAUNCH");
        Path out = Files.createTempFile("jgrad-out", ".txt");
        Path err = Files.createTempFile("jgrad-err", ".txt");
        try {
            Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            assertTrue(p.waitFor(120, TimeUnit.SECONDS), "jgrad did not finish");
            return new String[] {Integer.toString(p.exitValue()), Files.readString(out),
                Files.readString(err)};
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    @Test
    void startedWithoutTheModuleItTrainsWithSimdInASecondJvm() throws Exception {
        Assumptions.assumeTrue(
                ModuleFinder.ofSystem().find("jdk.incubator.vector").isPresent());
        String[] r = runMain("bench", "--warmup", "0", "--epochs", "1", "--hidden", "8", "--batch-size", "1000");
        assertEquals("0", r[0], r[2]);
        assertTrue(r[1].contains("SIMD on"), r[1]);
        assertFalse(r[2].contains("using scalar kernels"), r[2]);
    }

    @Test
    void theSecondJvmsExitCodeIsTheCommandsExitCode() throws Exception {
        String[] r = runMain("mnist", "--epochs", "0");
        assertEquals("2", r[0], r[2]);
        assertTrue(r[2].contains("--epochs must be at least 1, got 0"), r[2]);
    }
}
