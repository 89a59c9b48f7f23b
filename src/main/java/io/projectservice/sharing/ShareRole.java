package io.projectservice.sharing;

import io.projectservice.errors.Refusal;

/** What a share lets its recipient do: a viewer reads the project, an editor also changes it. */
public enum ShareRole {
    VIEWER("viewer"), EDITOR("editor");

    private final String wire;

    ShareRole(String wire) {
        this.wire = wire;
    }

    /** The name in requests, responses, events and the {@code share_role} column. */
    public String wire() {
        return wire;
    }

    /** The role named exactly so (as the API and the table spell it), or a 400. */
    public static ShareRole parse(String value) {
        for (ShareRole r : values()) {
            if (r.wire.equals(value)) {
                return r;
            }
        }
        throw Refusal.invalid("share_role_invalid", "Field 'share_role' must be 'viewer' or 'editor'");
    }
}
