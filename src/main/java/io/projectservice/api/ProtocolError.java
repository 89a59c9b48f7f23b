package io.projectservice.api;

/**
 * Errors of HTTP itself, raised by the framework before any of the service's code runs (no such
 * route, a method or media type the route does not take) or after it failed unexpectedly: they
 * have no domain kind, so each names its status here. Their codes are in docs/ERRORS.md too.
 */
enum ProtocolError {
    ROUTE_NOT_FOUND("route_not_found", 404),
    METHOD_NOT_ALLOWED("method_not_allowed", 405),
    NOT_ACCEPTABLE("not_acceptable", 406),
    UNSUPPORTED_MEDIA_TYPE("unsupported_media_type", 415),
    /** Any other client error the framework answers (its status is kept; 400 is the usual one). */
    BAD_REQUEST("bad_request", 400),
    INTERNAL_ERROR("internal_error", 500);

    final String code;
    final int status;

    ProtocolError(String code, int status) {
        this.code = code;
        this.status = status;
    }
}
