package com.aisaas.testing;

import com.azure.core.http.HttpClient;
import com.azure.core.http.ProxyOptions;
import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A throwaway self-signed certificate for local HTTPS servers (Azurite with OAuth, the Key Vault stand-in), made
 * with the JDK's {@code keytool}, and clients that trust exactly that certificate (nothing JVM-wide changes).
 */
public final class LocalTls {

    private final Path pfx;
    private final Path pem;
    private final String password;
    private final KeyStore keyStore;

    private LocalTls(Path pfx, Path pem, String password, KeyStore keyStore) {
        this.pfx = pfx;
        this.pem = pem;
        this.password = password;
        this.keyStore = keyStore;
    }

    /**
     * A new key pair and certificate in {@code dir/local-tls.p12}, valid for 127.0.0.1, localhost and
     * {@code dnsNames}.
     */
    public static LocalTls create(Path dir, String... dnsNames) {
        byte[] random = new byte[12];
        new SecureRandom().nextBytes(random);
        String password = HexFormat.of().formatHex(random);
        Path pfx = dir.resolve("local-tls.p12");
        StringBuilder san = new StringBuilder("SAN=ip:127.0.0.1,dns:localhost");
        for (String name : dnsNames) {
            san.append(",dns:").append(name);
        }
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        List<String> command = new ArrayList<>(List.of(keytool.toString(), "-genkeypair", "-alias", "local",
                "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=localhost", "-ext", san.toString(),
                "-validity", "2", "-storetype", "PKCS12", "-keystore", pfx.toString(),
                "-storepass", password, "-keypass", password));
        try {
            Files.createDirectories(dir);
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            process.getOutputStream().close();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException("keytool failed: " + output);
            }
            KeyStore store = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(pfx)) {
                store.load(in, password.toCharArray());
            }
            Path pem = dir.resolve("local-tls.crt");
            Files.writeString(pem, "-----BEGIN CERTIFICATE-----\n"
                    + java.util.Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                            .encodeToString(store.getCertificate("local").getEncoded())
                    + "\n-----END CERTIFICATE-----\n", StandardCharsets.US_ASCII);
            return new LocalTls(pfx, pem, password, store);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The PKCS#12 file (certificate and private key). */
    public Path pfx() {
        return pfx;
    }

    /** The certificate alone, PEM-encoded. */
    public Path certificatePem() {
        return pem;
    }

    public String password() {
        return password;
    }

    /** For a server: presents the certificate. */
    public SSLContext serverContext() {
        try {
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(keyStore, password.toCharArray());
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), null, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** For a client: trusts this certificate and nothing else. */
    public SSLContext clientContext() {
        try {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("local", keyStore.getCertificate("local"));
            TrustManagerFactory trustManagers =
                    TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trustManagers.init(trust);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trustManagers.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A plain JDK client that trusts this certificate. */
    public java.net.http.HttpClient jdkClient() {
        return java.net.http.HttpClient.newBuilder().sslContext(clientContext())
                .connectTimeout(Duration.ofSeconds(10)).build();
    }

    /** The Azure SDK's JDK-based HTTP client, as the app builds it, trusting this certificate. */
    public HttpClient azureClient() {
        return new JdkHttpClientBuilder(java.net.http.HttpClient.newBuilder().sslContext(clientContext()))
                .connectionTimeout(Duration.ofSeconds(10))
                .build();
    }

    /**
     * Like {@link #azureClient()}, but every request goes through the HTTP proxy on {@code proxyPort} (a CONNECT
     * tunnel), so that a real host name such as {@code myvault.vault.azure.net} reaches a local server without DNS.
     */
    public HttpClient azureClientThroughProxy(int proxyPort) {
        return new JdkHttpClientBuilder(java.net.http.HttpClient.newBuilder().sslContext(clientContext()))
                .connectionTimeout(Duration.ofSeconds(10))
                .proxy(new ProxyOptions(ProxyOptions.Type.HTTP, new InetSocketAddress("127.0.0.1", proxyPort)))
                .build();
    }
}
