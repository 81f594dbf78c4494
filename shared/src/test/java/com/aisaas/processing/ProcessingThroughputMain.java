package com.aisaas.processing;

import com.aisaas.devhost.services.LocalServices;
import com.aisaas.devhost.services.Service;
import com.aisaas.files.UploadPolicy;
import com.aisaas.storage.AzureBlobContent;
import com.azure.storage.blob.BlobClient;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.storage.blob.models.ParallelTransferOptions;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;

/**
 * Benchmark of the upload-processing path, run by {@code bench/processing-throughput.sh}; not part of the
 * app. In one JVM (the script gives it {@code -Xmx256m}):
 * <ul>
 *   <li>starts Azurite alone through {@link LocalServices} (temporary data) and uploads {@code --file} to it;</li>
 *   <li>storage: alternates the Blob SDK's {@code downloadStream} of that blob into a null sink (the ceiling) with the
 *       app's processing path over the same blob — {@link AzureBlobContent#downloadTo} into a {@link ContentProbe}
 *       (64 KiB head), then {@link ContentCheck} detection and verdict and {@link ContentMetadata}, as
 *       {@link UploadProcessor} does per blob (without the database rows);</li>
 *   <li>CPU: alternates the same probe and detection over the local file (a {@link InputStream} read in 64 KiB
 *       chunks, from the page cache after the first pass) with {@code openssl dgst -sha256} of the same file;</li>
 *   <li>prototype (not the app's code): the same path with the hash on a second thread fed through a bounded
 *       queue, to show what overlapping the transfer and the hash would give;</li>
 *   <li>diagnostic: the JDK's {@link MessageDigest} SHA-256 alone over the same chunks of the local file;</li>
 *   <li>checks that every pass saw every byte (size) and that the probe's SHA-256 equals openssl's, and prints the
 *       peak heap (the sum of the heap pools' peaks, reset after the upload) and the max heap.</li>
 * </ul>
 * Output: one {@code key=value} line per figure (MB = 10^6 bytes), read by the script.
 *
 * <pre>{@code java -Xmx256m -cp <test classpath> com.aisaas.processing.ProcessingThroughputMain --file f [--rounds 3]}</pre>
 */
public final class ProcessingThroughputMain {

    private static final int CHUNK = 64 * 1024;

    private ProcessingThroughputMain() {
    }

    public static void main(String[] args) throws Exception {
        Path file = null;
        int rounds = 3;
        String openssl = "openssl";
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--file" -> file = Path.of(args[++i]);
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--openssl" -> openssl = args[++i];
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        if (file == null || !Files.isRegularFile(file)) {
            throw new IllegalArgumentException("--file <existing file> is required");
        }
        long size = Files.size(file);
        ContentCheck check = new ContentCheck(new UploadPolicy(List.of("text/plain", "application/octet-stream"),
                Long.MAX_VALUE, 4 * 1024 * 1024));

        try (LocalServices services = LocalServices.start(LocalServices.Options.defaults().services(Service.AZURITE))) {
            BlobContainerClient container = new BlobServiceClientBuilder()
                    .connectionString(services.azurite().connectionString()).buildClient()
                    .getBlobContainerClient("bench");
            container.createIfNotExists();
            BlobClient blob = container.getBlobClient("random-" + size + ".bin");
            long t0 = System.nanoTime();
            blob.uploadFromFile(file.toString(), new ParallelTransferOptions().setBlockSizeLong(8L * 1024 * 1024)
                    .setMaxConcurrency(2), null, null, null, null, null);
            out("upload_s", seconds(System.nanoTime() - t0));
            String expectedSha = opensslSha(openssl, file).sha;
            out("sha256", expectedSha);

            resetHeapPeaks();
            List<Double> sdk = new ArrayList<>();
            List<Double> app = new ArrayList<>();
            List<Double> cpu = new ArrayList<>();
            List<Double> ssl = new ArrayList<>();
            List<Double> jdk = new ArrayList<>();
            List<Double> pipe = new ArrayList<>();
            for (int round = 1; round <= rounds; round++) {
                // storage ceiling: the SDK's downloadStream into a null sink
                CountingSink sink = new CountingSink();
                long start = System.nanoTime();
                blob.downloadStream(sink);
                double sdkRate = rate(size, System.nanoTime() - start);
                require(sink.count == size, "downloadStream wrote " + sink.count + " of " + size + " bytes");
                sdk.add(sdkRate);

                // the app's path: one downloadTo into the probe, detection, verdict, metadata
                start = System.nanoTime();
                ContentProbe probe = new ContentProbe(ContentProbe.DEFAULT_HEAD_BYTES);
                String etag = AzureBlobContent.of(blob).downloadTo(probe);
                String sha = finish(check, probe, size);
                double appRate = rate(size, System.nanoTime() - start);
                require(etag != null, "no eTag");
                require(sha.equals(expectedSha), "probe SHA-256 " + sha + " differs from openssl's " + expectedSha);
                app.add(appRate);

                // prototype, not the app: the same path with the hash on a second thread, so download and hash overlap
                start = System.nanoTime();
                sha = pipelined(blob, check, size);
                double pipeRate = rate(size, System.nanoTime() - start);
                require(sha.equals(expectedSha), "pipelined probe SHA-256 differs from openssl's");
                pipe.add(pipeRate);

                // CPU side: the same over the local file, then openssl on the same file
                start = System.nanoTime();
                probe = new ContentProbe(ContentProbe.DEFAULT_HEAD_BYTES);
                try (InputStream in = Files.newInputStream(file)) {
                    byte[] buffer = new byte[CHUNK];
                    for (int n; (n = in.read(buffer)) > 0; ) {
                        probe.write(buffer, 0, n);
                    }
                }
                sha = finish(check, probe, size);
                double cpuRate = rate(size, System.nanoTime() - start);
                require(sha.equals(expectedSha), "local probe SHA-256 differs from openssl's");
                cpu.add(cpuRate);

                // diagnostic: the JDK's SHA-256 alone over the same chunks (what the probe adds is the difference)
                start = System.nanoTime();
                MessageDigest plain = MessageDigest.getInstance("SHA-256");
                try (InputStream in = Files.newInputStream(file)) {
                    byte[] buffer = new byte[CHUNK];
                    for (int n; (n = in.read(buffer)) > 0; ) {
                        plain.update(buffer, 0, n);
                    }
                }
                require(HexFormat.of().formatHex(plain.digest()).equals(expectedSha), "JDK SHA-256 differs");
                jdk.add(rate(size, System.nanoTime() - start));

                Digest digest = opensslSha(openssl, file);
                require(digest.sha.equals(expectedSha), "openssl changed its mind");
                double sslRate = rate(size, digest.nanos);
                ssl.add(sslRate);

                System.out.printf(Locale.ROOT, "round %d: sdk %.1f MB/s, app %.1f MB/s, pipelined prototype %.1f MB/s,"
                        + " local probe %.1f MB/s, JDK SHA-256 alone %.1f MB/s, openssl %.1f MB/s%n", round, sdkRate,
                        appRate, pipeRate, cpuRate, jdk.get(jdk.size() - 1), sslRate);
            }
            out("size_bytes", Long.toString(size));
            out("rounds", Integer.toString(rounds));
            figures("sdk_mbps", sdk);
            figures("app_mbps", app);
            figures("pipelined_mbps", pipe);
            figures("cpu_probe_mbps", cpu);
            figures("jdk_sha_mbps", jdk);
            figures("openssl_mbps", ssl);
            out("heap_peak_mib", String.format(Locale.ROOT, "%.1f", heapPeakBytes() / 1048576.0));
            out("heap_max_mib", String.format(Locale.ROOT, "%.1f", Runtime.getRuntime().maxMemory() / 1048576.0));
            container.delete();
        }
    }

    /** What {@link UploadProcessor} does with a filled probe: hash, detection, verdict, metadata. */
    private static String finish(ContentCheck check, ContentProbe probe, long size) {
        String sha = probe.sha256Hex();
        byte[] head = probe.head();
        String detected = check.detect(head);
        ContentCheck.Verdict verdict = check.decide("application/octet-stream", size, detected, probe.size());
        Map<String, Object> metadata = ContentMetadata.extract(verdict.detectedType(), head);
        require(probe.size() == size, "probe saw " + probe.size() + " of " + size + " bytes");
        require(verdict.ready() && metadata != null, "verdict " + verdict);
        return sha;
    }

    /**
     * A prototype of a pipelined sink (not the app's code): the download thread copies each chunk into a bounded queue
     * (at most 4 chunks in flight) and a second thread feeds them to the probe, so the transfer and the hash overlap.
     */
    private static String pipelined(BlobClient blob, ContentCheck check, long size) throws Exception {
        byte[] end = new byte[0];
        ArrayBlockingQueue<byte[]> queue = new ArrayBlockingQueue<>(4);
        ContentProbe probe = new ContentProbe(ContentProbe.DEFAULT_HEAD_BYTES);
        Thread hasher = new Thread(() -> {
            try {
                for (byte[] chunk; (chunk = queue.take()) != end; ) {
                    probe.write(chunk, 0, chunk.length);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "bench-hasher");
        hasher.start();
        AzureBlobContent.of(blob).downloadTo(new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] bytes, int offset, int length) throws IOException {
                try {
                    queue.put(Arrays.copyOfRange(bytes, offset, offset + length));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException();
                }
            }
        });
        queue.put(end);
        hasher.join();
        return finish(check, probe, size);
    }

    private record Digest(String sha, long nanos) {
    }

    private static Digest opensslSha(String openssl, Path file) throws IOException, InterruptedException {
        long start = System.nanoTime();
        Process process = new ProcessBuilder(openssl, "dgst", "-sha256", "-r", file.toString())
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        int exit = process.waitFor();
        long nanos = System.nanoTime() - start;
        require(exit == 0, "openssl failed: " + output);
        return new Digest(output.split("\\s+")[0].toLowerCase(Locale.ROOT), nanos);
    }

    private static void resetHeapPeaks() {
        System.gc();
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                pool.resetPeakUsage();
            }
        }
    }

    /** The sum of the heap pools' peaks since the reset: an upper bound of the heap in use at any one time. */
    private static long heapPeakBytes() {
        long sum = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                MemoryUsage peak = pool.getPeakUsage();
                sum += peak == null ? 0 : peak.getUsed();
            }
        }
        return sum;
    }

    private static void figures(String key, List<Double> rates) {
        List<Double> sorted = new ArrayList<>(rates);
        Collections.sort(sorted);
        out(key + "_all", String.join(",", rates.stream().map(r -> String.format(Locale.ROOT, "%.1f", r)).toList()));
        out(key + "_median", String.format(Locale.ROOT, "%.1f", sorted.get(sorted.size() / 2)));
        out(key + "_best", String.format(Locale.ROOT, "%.1f", sorted.get(sorted.size() - 1)));
    }

    private static double rate(long bytes, long nanos) {
        return bytes / 1e6 / (nanos / 1e9);
    }

    private static String seconds(long nanos) {
        return String.format(Locale.ROOT, "%.1f", nanos / 1e9);
    }

    private static void out(String key, String value) {
        System.out.println(key + "=" + value);
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalStateException(message);
        }
    }

    /** A sink that only counts, so the ceiling pass checks it saw every byte too. */
    private static final class CountingSink extends OutputStream {
        long count;

        @Override
        public void write(int b) {
            count++;
        }

        @Override
        public void write(byte[] bytes, int offset, int length) {
            count += length;
        }
    }
}
