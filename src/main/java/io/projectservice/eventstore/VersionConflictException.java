package io.projectservice.eventstore;

/** The stream was not at the expected version when the append ran. */
public class VersionConflictException extends RuntimeException {
    private final String streamId;
    private final int expectedVersion;

    public VersionConflictException(String streamId, int expectedVersion) {
        super("stream " + streamId + " is not at version " + expectedVersion, null, false, false);
        this.streamId = streamId;
        this.expectedVersion = expectedVersion;
    }

    public String streamId() {
        return streamId;
    }

    public int expectedVersion() {
        return expectedVersion;
    }
}
