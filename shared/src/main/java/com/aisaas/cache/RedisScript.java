package com.aisaas.cache;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.exceptions.JedisNoScriptException;

/**
 * A Lua script run atomically by Redis: EVALSHA, and EVAL once when the server does not have it cached yet
 * (after a restart or failover), so the body crosses the wire only then.
 */
public final class RedisScript {

    private final String body;
    private final String sha1;

    public RedisScript(String body) {
        this.body = Objects.requireNonNull(body, "body");
        this.sha1 = sha1(body);
    }

    /** Runs the script; Jedis exceptions propagate (the caller translates or fails open). */
    public Object run(RedisClient client, List<String> keys, List<String> args) {
        try {
            return client.evalsha(sha1, keys, args);
        } catch (JedisNoScriptException e) {
            return client.eval(body, keys, args);
        }
    }

    private static String sha1(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
