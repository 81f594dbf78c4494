package com.aisaas.devhost.host.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class StorageClientsTest {

    @Test
    void connectionString_triesTheAzureWebJobsPrefixFirst_thenTheNameItself() {
        StorageClients both = new StorageClients(Map.of("AzureWebJobsData", "prefixed", "Data", "plain"));
        StorageClients plain = new StorageClients(Map.of("Data", "plain"));

        assertThat(both.connectionString("Data")).contains("prefixed");
        assertThat(plain.connectionString("Data")).contains("plain");
    }

    @Test
    void connectionString_connectionStringsSection_winsWithinEachName() {
        StorageClients clients = new StorageClients(Map.of("ConnectionStrings__Data", "section", "Data", "plain"));

        assertThat(clients.connectionString("Data")).contains("section");
    }

    @Test
    void connectionString_noName_isAzureWebJobsStorage_andBlankIsAbsent() {
        assertThat(new StorageClients(Map.of("AzureWebJobsStorage", "host")).connectionString(null)).contains("host");
        assertThat(new StorageClients(Map.of("AzureWebJobsStorage", "host")).connectionString("")).contains("host");
        assertThat(new StorageClients(Map.of("Data", " ")).connectionString("Data")).isEmpty();
    }
}
