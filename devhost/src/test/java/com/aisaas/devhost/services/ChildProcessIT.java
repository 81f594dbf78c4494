package com.aisaas.devhost.services;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Leftovers of a killed run are stopped on the next start, and nothing else is. */
class ChildProcessIT {
    @TempDir
    Path dir;
    private Process leftover;
    private Process bystander;

    @AfterEach
    void cleanUp() {
        if (leftover != null) {
            leftover.destroyForcibly();
        }
        if (bystander != null) {
            bystander.destroyForcibly();
        }
    }

    @Test
    void stopLeftover_ofADeadOwner_stopsTheRecordedProcess() throws Exception {
        leftover = new ProcessBuilder("sleep", "31").start();
        Path pidFile = pidFile(leftover.pid(), "sleep 31", deadPid());

        ChildProcess.stopLeftover(pidFile);

        assertThat(leftover.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(pidFile).doesNotExist();
    }

    @Test
    void stopLeftover_whoseCommandLineNoLongerMatches_leavesTheProcessAlone() throws Exception {
        leftover = new ProcessBuilder("sleep", "32").start();

        ChildProcess.stopLeftover(pidFile(leftover.pid(), "redis-server 63790", deadPid()));

        assertThat(leftover.isAlive()).isTrue();
    }

    @Test
    void stopLeftover_ofALiveOwner_leavesTheProcessAlone() throws Exception {
        leftover = new ProcessBuilder("sleep", "33").start();
        bystander = new ProcessBuilder("sleep", "34").start();   // stands in for another devhost's JVM
        Path pidFile = pidFile(leftover.pid(), "sleep 33", bystander.pid());

        ChildProcess.stopLeftover(pidFile);

        assertThat(leftover.isAlive()).isTrue();
        assertThat(pidFile).exists();
    }

    @Test
    void start_writesItsOutputToTheLogFile_andStopEndsIt() {
        ChildProcess process = new ChildProcess("echo", dir.resolve("logs/echo.log"), dir.resolve("echo.pid"));

        process.start(java.util.List.of("sh", "-c", "echo hello-from-child; exec sleep 30"), dir,
                java.util.Map.of(), "sleep 30");
        process.awaitReady(() -> process.logTail(5).contains("hello-from-child"), Duration.ofSeconds(5));
        assertThat(dir.resolve("echo.pid")).exists();

        process.stop(Duration.ofSeconds(5));

        assertThat(process.isAlive()).isFalse();
        assertThat(dir.resolve("echo.pid")).doesNotExist();
    }

    private Path pidFile(long pid, String marker, long owner) throws IOException {
        Path file = dir.resolve("service.pid");
        Files.writeString(file, pid + "\n" + marker + "\n" + owner + "\n");
        return file;
    }

    private static long deadPid() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        return gone.pid();
    }
}
