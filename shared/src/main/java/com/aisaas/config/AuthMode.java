package com.aisaas.config;

/** How the app authenticates to PostgreSQL or Redis: a password (secret) or a Microsoft Entra ID token. */
public enum AuthMode {
    PASSWORD, ENTRA
}
