package com.aisaas.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RedactTest {

    @Test
    void url_hidesUserInfoAndSecretParameters() {
        assertThat(Redact.url("rediss://user:pw@cache:6380/0")).isEqualTo("rediss://***@cache:6380/0");
        assertThat(Redact.url("jdbc:postgresql://h/db?user=a&password=p&sslmode=require"))
                .isEqualTo("jdbc:postgresql://h/db?user=a&password=***&sslmode=require");
        assertThat(Redact.url("AccountName=a;AccountKey=k==;BlobEndpoint=http://x"))
                .isEqualTo("AccountName=a;AccountKey=***;BlobEndpoint=http://x");
        assertThat(Redact.url("https://a.blob.core.windows.net/c/b?sv=1&sig=abc")).endsWith("sig=***");
    }
}
