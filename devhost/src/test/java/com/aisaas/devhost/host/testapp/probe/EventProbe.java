package com.aisaas.devhost.host.testapp.probe;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the test app's event and blob functions saw, shared with the tests (left out of the app jar like {@link Probe}).
 * Calls are kept per function name; {@link #failNext} makes the next invocations of a function throw.
 */
public final class EventProbe {

    /** One invocation: the function's name and what it reported. */
    public record Call(String function, Map<String, Object> values) {
        public Object get(String key) {
            return values.get(key);
        }
    }

    private static final List<Call> CALLS = new CopyOnWriteArrayList<>();
    private static final Map<String, AtomicInteger> FAILURES = new ConcurrentHashMap<>();
    private static final Map<String, Boolean> ALWAYS_FAIL = new ConcurrentHashMap<>();

    private EventProbe() {
    }

    public static void record(String function, Map<String, Object> values) {
        CALLS.add(new Call(function, values));
    }

    public static List<Call> calls(String function) {
        List<Call> result = new ArrayList<>();
        for (Call call : CALLS) {
            if (call.function().equals(function)) {
                result.add(call);
            }
        }
        return result;
    }

    /** Waits until {@code function} has at least {@code count} calls, then returns them (fewer on timeout). */
    public static List<Call> await(String function, int count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<Call> calls = calls(function);
        while (calls.size() < count && System.nanoTime() < deadline) {
            Thread.sleep(10);
            calls = calls(function);
        }
        return calls;
    }

    public static void failNext(String function, int times) {
        FAILURES.put(function, new AtomicInteger(times));
    }

    public static void failAlways(String function) {
        ALWAYS_FAIL.put(function, Boolean.TRUE);
    }

    /** Throws when the function is set to fail now. */
    public static void maybeFail(String function) {
        if (ALWAYS_FAIL.containsKey(function)) {
            throw new IllegalStateException(function + " always fails");
        }
        AtomicInteger left = FAILURES.get(function);
        if (left != null && left.getAndDecrement() > 0) {
            throw new IllegalStateException(function + " fails this time");
        }
    }

    public static void reset() {
        CALLS.clear();
        FAILURES.clear();
        ALWAYS_FAIL.clear();
    }
}
