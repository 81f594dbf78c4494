package com.aisaas.devhost.services;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.storage.blob.BlobServiceClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The shared stack: real PostgreSQL, Redis and Azurite that answer their protocols. */
class LocalServicesIT {
    private static LocalServices services;

    @BeforeAll
    static void startShared() {
        services = LocalServices.shared();
    }

    @Test
    void shared_isOneStackPerJvm_withAllThreeServices() {
        assertThat(LocalServices.shared()).isSameAs(services);
        assertThat(services.services()).containsExactlyInAnyOrder(Service.values());
        assertThat(services.postgres().isRunning()).isTrue();
        assertThat(services.redis().isRunning()).isTrue();
        assertThat(services.azurite().isRunning()).isTrue();
    }

    @Test
    void postgres_answersQueriesInTheAppDatabase() throws Exception {
        LocalPostgres postgres = services.postgres();

        try (Connection connection = DriverManager.getConnection(postgres.jdbcUrl(), postgres.user(),
                postgres.password());
             ResultSet row = connection.createStatement().executeQuery(
                     "select 1, current_database(), current_setting('server_version_num')::int")) {
            assertThat(row.next()).isTrue();
            assertThat(row.getInt(1)).isEqualTo(1);
            assertThat(row.getString(2)).isEqualTo(LocalPostgres.DATABASE);
            assertThat(row.getInt(3)).isGreaterThanOrEqualTo(170000);
        }
    }

    @Test
    void postgres_hasTheThreeApplicationRoles_noneOfThemSuperuserOrBypassingRls_andTheOwnerOwnsTheDatabase()
            throws Exception {
        String url = services.postgres().createDatabase("it_roles");
        try (Connection connection = DriverManager.getConnection(url, LocalPostgres.USER, LocalPostgres.PASSWORD);
             ResultSet rows = connection.createStatement().executeQuery("select rolname, rolsuper or rolbypassrls"
                     + " or rolcreaterole or rolcreatedb, rolcanlogin from pg_roles where rolname like 'aisaas\\_%'"
                     + " order by rolname")) {
            java.util.List<String> roles = new java.util.ArrayList<>();
            while (rows.next()) {
                assertThat(rows.getBoolean(2)).as(rows.getString(1) + " is privileged").isFalse();
                assertThat(rows.getBoolean(3)).as(rows.getString(1) + " can log in").isTrue();
                roles.add(rows.getString(1));
            }
            assertThat(roles).containsExactly(LocalPostgres.RUNTIME_ROLE, LocalPostgres.MAINTENANCE_ROLE,
                    LocalPostgres.OWNER_ROLE);
        }
        try (Connection connection = DriverManager.getConnection(url, LocalPostgres.USER, LocalPostgres.PASSWORD);
             ResultSet row = connection.createStatement().executeQuery(
                     "select pg_get_userbyid(datdba) from pg_database where datname = current_database()")) {
            row.next();
            assertThat(row.getString(1)).isEqualTo(LocalPostgres.OWNER_ROLE);
        }
    }

    @Test
    void postgres_createDatabase_isIdempotent() throws Exception {
        String url = services.postgres().createDatabase("it_scratch");
        assertThat(services.postgres().createDatabase("it_scratch")).isEqualTo(url);

        try (Connection connection = DriverManager.getConnection(url, LocalPostgres.USER, LocalPostgres.PASSWORD);
             ResultSet row = connection.createStatement().executeQuery("select current_database()")) {
            row.next();
            assertThat(row.getString(1)).isEqualTo("it_scratch");
        }
        assertThatThrownBy(() -> services.postgres().createDatabase("x; drop database aisaas"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void redis_answersPing() {
        assertThat(services.redis().answersPing()).isTrue();
        assertThat(services.redis().url()).isEqualTo("redis://127.0.0.1:" + services.redis().port());
    }

    @Test
    void azurite_answersOnTheBlobEndpoint_andAcceptsTheWellKnownKey() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        LocalAzurite azurite = services.azurite();

        HttpResponse<String> anonymous = http.send(
                HttpRequest.newBuilder(URI.create(azurite.blobEndpoint() + "?comp=list")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(anonymous.statusCode()).isEqualTo(403);
        assertThat(anonymous.headers().firstValue("server")).hasValueSatisfying(v -> assertThat(v).contains("Azurite"));

        // A Shared Key signed "Create Container" proves the key in the connection string is the one Azurite uses.
        String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC));
        String version = "2021-08-06";
        String container = "it-" + System.nanoTime();
        String stringToSign = "PUT\n\n\n\n\n\n\n\n\n\n\n\n"
                + "x-ms-date:" + date + "\nx-ms-version:" + version + "\n"
                + "/" + LocalAzurite.ACCOUNT_NAME + "/" + LocalAzurite.ACCOUNT_NAME + "/" + container
                + "\nrestype:container";
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(Base64.getDecoder().decode(LocalAzurite.ACCOUNT_KEY), "HmacSHA256"));
        String signature = Base64.getEncoder().encodeToString(mac.doFinal(stringToSign.getBytes(StandardCharsets.UTF_8)));
        HttpResponse<String> created = http.send(HttpRequest.newBuilder(
                        URI.create(azurite.blobEndpoint() + "/" + container + "?restype=container"))
                        .header("x-ms-date", date)
                        .header("x-ms-version", version)
                        .header("Authorization", "SharedKey " + LocalAzurite.ACCOUNT_NAME + ":" + signature)
                        .PUT(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    }

    @Test
    void settings_nameEveryServiceUnderTheAppsSettingNames() {
        assertThat(services.settings())
                .containsEntry("DB_URL", services.postgres().jdbcUrl())
                .containsEntry("DB_USER", LocalPostgres.RUNTIME_ROLE)
                .containsEntry("DB_MAINTENANCE_USER", LocalPostgres.MAINTENANCE_ROLE)
                .containsEntry("DB_MIGRATION_USER", LocalPostgres.OWNER_ROLE)
                .containsEntry("REDIS_URL", services.redis().url())
                .containsEntry("UploadsStorage", services.azurite().connectionString())
                .containsKey("AzureWebJobsStorage");
        assertThat(services.azurite().connectionString())
                .contains("BlobEndpoint=http://127.0.0.1:" + services.azurite().port() + "/devstoreaccount1;");
    }

    @Test
    void theHostStorage_isAnAccountOfItsOwn_inTheSameAzurite() {
        String hostConnection = services.settings().get("AzureWebJobsStorage");
        assertThat(hostConnection).isEqualTo(services.azurite().hostConnectionString())
                .contains("AccountName=" + LocalAzurite.HOST_ACCOUNT_NAME + ";")
                .contains("BlobEndpoint=http://127.0.0.1:" + services.azurite().port() + "/" + LocalAzurite.HOST_ACCOUNT_NAME + ";")
                .contains("QueueEndpoint=http://127.0.0.1:" + services.azurite().queuePort() + "/" + LocalAzurite.HOST_ACCOUNT_NAME + ";")
                .doesNotContain(LocalAzurite.ACCOUNT_KEY);
        BlobServiceClient host = new BlobServiceClientBuilder().connectionString(hostConnection).buildClient();
        BlobServiceClient data = new BlobServiceClientBuilder().connectionString(services.azurite().connectionString())
                .buildClient();
        String container = "host-only-" + UUID.randomUUID();

        host.getBlobContainerClient(container).create();

        assertThat(host.getBlobContainerClient(container).exists()).isTrue();
        assertThat(data.getBlobContainerClient(container).exists()).as("not in the data account").isFalse();
        host.getBlobContainerClient(container).delete();
    }

    @Test
    void sharedServices_refuseToBeStopped() {
        assertThatThrownBy(() -> services.redis().stop())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("LocalServices.start");
        assertThat(services.redis().answersPing()).isTrue();
    }

    @Test
    void serviceOutput_goesToLogFiles() {
        assertThat(services.logDirectory().resolve("postgres.log")).isNotEmptyFile();
        assertThat(services.logDirectory().resolve("redis.log")).isNotEmptyFile();
        assertThat(services.logDirectory().resolve("azurite.log")).isNotEmptyFile();
    }
}
