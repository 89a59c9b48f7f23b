package io.projectservice.idempotency;

import java.util.UUID;

/** A request holding an Idempotency-Key: the caller's key, and the owner token of this request. */
public record IdempotencyClaim(String username, String organization, String key, UUID owner) {
}
