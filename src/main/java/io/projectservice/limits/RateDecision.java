package io.projectservice.limits;

/**
 * One request's answer from a caller's bucket: allowed or not, whole tokens left, seconds until
 * the bucket is full again, and (when refused) seconds until the next token.
 */
public record RateDecision(boolean allowed, long remaining, long resetSeconds, long retryAfterSeconds) {
}
