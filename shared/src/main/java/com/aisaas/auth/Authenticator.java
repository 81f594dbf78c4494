package com.aisaas.auth;

/** Turns the {@code Authorization} header of a request into the {@link Caller}. */
public interface Authenticator {

    /**
     * Validates the {@code Authorization: Bearer <JWT>} header.
     *
     * @param authorizationHeader the header's value, or null when the request has none
     * @return the caller
     * @throws com.aisaas.common.UnauthorizedException when the header is missing (no RFC 6750 error code) or
     *         the credentials are not a valid token ({@code invalid_token})
     * @throws com.aisaas.common.ForbiddenException when the token is valid but carries none of the {@link Role}s
     */
    Caller authenticate(String authorizationHeader);
}
