package com.aisaas.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import com.aisaas.common.DependencyException;
import com.azure.core.http.HttpResponse;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.models.BlobStorageException;
import org.junit.jupiter.api.Test;

/**
 * A container is created only where it is missing: in Azure the identity's data roles are scoped to single
 * containers, which let it read a container's properties but are not documented to let it create one.
 */
class BlobStorageTest {

    @Test
    void anExistingContainer_isOnlyRead_neverCreated() {
        BlobContainerClient container = mock(BlobContainerClient.class);
        when(container.exists()).thenReturn(true);

        assertThat(BlobStorage.ensureExists(container)).isFalse();
        verify(container, never()).createIfNotExists();
    }

    @Test
    void aMissingContainer_isCreated() {
        BlobContainerClient container = mock(BlobContainerClient.class);
        when(container.exists()).thenReturn(false);
        when(container.createIfNotExists()).thenReturn(true);

        assertThat(BlobStorage.ensureExists(container)).isTrue();
        verify(container).createIfNotExists();
    }

    @Test
    void aContainerThatCannotBeRead_isADependencyFailure_notRetriedWhenForbidden() {
        BlobContainerClient container = mock(BlobContainerClient.class);
        when(container.getBlobContainerName()).thenReturn("files");
        HttpResponse forbidden = mock(HttpResponse.class);
        when(forbidden.getStatusCode()).thenReturn(403);
        when(container.exists()).thenThrow(new BlobStorageException("AuthorizationPermissionMismatch", forbidden, null));

        assertThatThrownBy(() -> BlobStorage.ensureExists(container))
                .isInstanceOfSatisfying(DependencyException.class, e -> assertThat(e.retryable()).isFalse())
                .hasMessageContaining("create container files").hasMessageContaining("HTTP 403");
        verify(container, never()).createIfNotExists();
    }
}
