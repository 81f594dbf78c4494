package com.aisaas.config;

/** {@code text} (readable, local) or {@code json} (one JSON object a line, for log pipelines). */
public enum LogFormat {
    TEXT, JSON
}
