package com.aisaas.bench;

import com.aisaas.devhost.services.LocalAzurite;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobContainerClientBuilder;
import com.azure.storage.blob.sas.BlobContainerSasPermission;
import com.azure.storage.blob.sas.BlobServiceSasSignatureValues;
import com.azure.storage.common.StorageSharedKeyCredential;
import java.time.OffsetDateTime;

/**
 * For {@code bench/processing-sustained.sh}: creates a container in a local Azurite and prints a one-hour SAS URL
 * that may create and write its blobs, for uploads straight to storage (no API). Azurite's account key is its
 * public, well-known one.
 *
 * <pre>{@code java -cp <test classpath> com.aisaas.bench.ContainerSasMain http://127.0.0.1:<port>/devstoreaccount1 <container>}</pre>
 */
public final class ContainerSasMain {

    private ContainerSasMain() {
    }

    public static void main(String[] args) {
        if (args.length != 2) {
            throw new IllegalArgumentException("usage: ContainerSasMain <blob endpoint> <container>");
        }
        BlobContainerClient container = new BlobContainerClientBuilder()
                .endpoint(args[0].replaceAll("/+$", "") + "/" + args[1])
                .credential(new StorageSharedKeyCredential(LocalAzurite.ACCOUNT_NAME, LocalAzurite.ACCOUNT_KEY))
                .buildClient();
        container.createIfNotExists();
        String sas = container.generateSas(new BlobServiceSasSignatureValues(OffsetDateTime.now().plusHours(1),
                new BlobContainerSasPermission().setCreatePermission(true).setWritePermission(true)));
        System.out.println(container.getBlobContainerUrl() + "?" + sas);
    }
}
