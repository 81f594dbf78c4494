import com.azure.core.util.BinaryData;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.UUID;

/**
 * bench/backup.sh helper (java source-file mode, shared classpath): uploads COUNT small blobs to the uploads
 * container and prints one line per blob, "id|tenant|owner|blob_path|sha256|size", for the bench to insert as
 * `ready` files rows that the verification's blob sample can re-hash.
 *
 *   java -cp <shared classpath> bench/BackupBenchBlobs.java <connection string> <count>
 */
public class BackupBenchBlobs {
    public static void main(String[] args) throws Exception {
        BlobContainerClient uploads = new BlobServiceClientBuilder().connectionString(args[0]).buildClient()
                .getBlobContainerClient("uploaded-files");
        uploads.createIfNotExists();
        int count = Integer.parseInt(args[1]);
        for (int i = 0; i < count; i++) {
            UUID id = UUID.randomUUID();
            String owner = "bench-sample-" + (i % 4);
            String name = "bench-tenant/" + owner + "/" + id + "/sample-" + i + ".txt";
            byte[] content = ("backup bench sample blob " + i + " " + id + "\n").repeat(200 + i * 50)
                    .getBytes(StandardCharsets.UTF_8);
            uploads.getBlobClient(name).upload(BinaryData.fromBytes(content), true);
            String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
            System.out.println(id + "|bench-tenant|" + owner + "|uploaded-files/" + name + "|" + sha + "|" + content.length);
        }
    }
}
