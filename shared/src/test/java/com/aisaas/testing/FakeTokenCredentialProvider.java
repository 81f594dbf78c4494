package com.aisaas.testing;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.credential.TokenRequestContext;
import com.azure.identity.extensions.implementation.credential.TokenCredentialProviderOptions;
import com.azure.identity.extensions.implementation.credential.provider.TokenCredentialProvider;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import reactor.core.publisher.Mono;

/**
 * Plugs stand-in managed identities into {@code azure-identity-extensions}' JDBC authentication plugin, through its
 * {@code azure.tokenCredentialProviderClassName} connection property: the plugin asks this provider for the
 * credential of the connection's {@code azure.clientId}, and that credential serves the identity's current token.
 * Everything else (the plugin, pgjdbc, HikariCP and the app's pool settings) is the real path.
 */
public final class FakeTokenCredentialProvider implements TokenCredentialProvider {

    private static final Map<String, Identity> IDENTITIES = new ConcurrentHashMap<>();

    private final String clientId;

    /** Called by the plugin (reflectively) with the connection's options. */
    public FakeTokenCredentialProvider(TokenCredentialProviderOptions options) {
        this.clientId = options.getClientId();
    }

    /** A new identity for {@code clientId} with a first token. */
    public static Identity register(String clientId) {
        Identity identity = new Identity(clientId);
        IDENTITIES.put(clientId, identity);
        return identity;
    }

    public static void unregister(Identity identity) {
        IDENTITIES.remove(identity.clientId(), identity);
    }

    @Override
    public TokenCredential get() {
        Identity identity = IDENTITIES.get(clientId);
        if (identity == null) {
            throw new IllegalStateException("no stand-in identity for client id " + clientId);
        }
        return identity;
    }

    /** A managed identity whose token changes only when the test {@link #rotate()}s it. */
    public static final class Identity implements TokenCredential {
        private final String clientId;
        private final FakeEntraCredential issuer = new FakeEntraCredential(UUID.randomUUID().toString(),
                UUID.randomUUID().toString(), Duration.ofHours(1), Clock.systemUTC());
        private final List<TokenRequestContext> requests = new CopyOnWriteArrayList<>();
        private final List<String> served = new CopyOnWriteArrayList<>();
        private volatile AccessToken current;

        private Identity(String clientId) {
            this.clientId = clientId;
            rotate();
        }

        public String clientId() {
            return clientId;
        }

        /** Issues a new token; later requests get it. Returns it. */
        public String rotate() {
            current = issuer.getTokenSync(new TokenRequestContext()
                    .addScopes("https://ossrdbms-aad.database.windows.net/.default"));
            return current.getToken();
        }

        /** The token requests get now. */
        public String current() {
            return current.getToken();
        }

        /** Every token issued (also those never served). */
        public List<String> issued() {
            return issuer.issued();
        }

        /** What each request asked for. */
        public List<TokenRequestContext> requests() {
            return List.copyOf(requests);
        }

        /** The token each request got, in order. */
        public List<String> served() {
            return List.copyOf(served);
        }

        @Override
        public Mono<AccessToken> getToken(TokenRequestContext request) {
            return Mono.fromSupplier(() -> getTokenSync(request));
        }

        @Override
        public AccessToken getTokenSync(TokenRequestContext request) {
            requests.add(request);
            AccessToken token = current;
            served.add(token.getToken());
            return token;
        }
    }
}
