package com.aisaas.config;

/** Where the app runs: {@code local} (devhost, tests) or {@code azure} (stricter rules: TLS, managed identity). */
public enum AppEnvironment {
    LOCAL, AZURE
}
