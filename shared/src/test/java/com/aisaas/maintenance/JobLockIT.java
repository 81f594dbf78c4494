package com.aisaas.maintenance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.aisaas.app.AppContext;
import com.aisaas.testing.TestServices;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@link JobLock} against the real PostgreSQL: one runner per job name, across connections and "instances". */
class JobLockIT {

    private static AppContext first;
    private static AppContext second;

    @BeforeAll
    static void start() {
        var env = TestServices.appEnvironment("job_lock");
        first = AppContext.create(env);
        second = AppContext.create(env); // a second instance: its own pool on the same database
    }

    @AfterAll
    static void stop() {
        if (first != null) {
            first.close();
        }
        if (second != null) {
            second.close();
        }
    }

    @Test
    void runExclusive_whileAnotherInstanceRunsTheJob_isSkipped_thenRunsOnceItIsDone() throws Exception {
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger runs = new AtomicInteger();
        ExecutorService executor = Executors.newSingleThreadExecutor();
        try {
            Future<Optional<String>> holder = executor.submit(() -> first.jobLock().runExclusive("reconciliation",
                    () -> {
                        runs.incrementAndGet();
                        running.countDown();
                        await(release);
                        return "first";
                    }));
            assertThat(running.await(30, TimeUnit.SECONDS)).isTrue();

            Optional<String> skipped = second.jobLock().runExclusive("reconciliation", () -> {
                runs.incrementAndGet();
                return "second";
            });
            Optional<String> sameInstance = first.jobLock().runExclusive("reconciliation", () -> {
                runs.incrementAndGet();
                return "third";
            });
            boolean runningSeen = second.jobLock().isRunning("reconciliation");
            Optional<String> otherJob = second.jobLock().runExclusive("retention-purge", () -> "other job");
            release.countDown();

            assertThat(holder.get(30, TimeUnit.SECONDS)).contains("first");
            assertThat(skipped).isEmpty();
            assertThat(sameInstance).isEmpty();
            assertThat(runningSeen).isTrue();
            assertThat(otherJob).contains("other job");
            assertThat(runs).hasValue(1);
            assertThat(second.jobLock().isRunning("reconciliation")).isFalse();
            assertThat(second.jobLock().runExclusive("reconciliation", () -> "after")).contains("after");
        } finally {
            release.countDown();
            executor.shutdownNow();
        }
    }

    @Test
    void runExclusive_whenTheJobThrows_releasesTheLock() {
        assertThatThrownBy(() -> first.jobLock().runExclusive("health-sweep", () -> {
            throw new IllegalStateException("boom");
        })).isInstanceOf(IllegalStateException.class).hasMessage("boom");

        assertThat(second.jobLock().runExclusive("health-sweep", () -> "ran")).contains("ran");
        assertThat(first.jobLock().isRunning("health-sweep")).isFalse();
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("never released");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
