package io.projectservice.limits;

/**
 * What one organization stores, as this replica knows it: the projects and bytes read from the
 * database (the base), plus what this replica admitted since. A write is admitted and counted in
 * one step under this object's lock, so concurrent writes through one replica can never pass a
 * quota together. Writes not yet committed are pending; writes committed since the base was read
 * are added until a read that began after their commit (and so sees them) replaces the base.
 */
final class OwnerUsage {
    /** Projects and bytes one admitted write adds (projects may be -1: a deletion). */
    record Delta(long projects, long bytes) {
    }

    /** The totals of the appends done when a read began. */
    record Mark(long seq, long projects, long bytes) {
    }

    enum Verdict { ADMITTED, PROJECTS, BYTES }

    private boolean known;
    private long readAtNanos;
    private long baseProjects;
    private long baseBytes;
    private Mark baseMark = new Mark(-1, 0, 0);
    private long doneSeq;
    private long doneProjects;
    private long doneBytes;
    private long pendingProjects;
    private long pendingBytes;

    synchronized boolean needsRead(long now, long refreshNanos, long maxProjects, long maxBytes) {
        return !known || now - readAtNanos >= refreshNanos
                || projects() >= maxProjects - maxProjects / 10 || bytes() >= maxBytes - maxBytes / 10;
    }

    synchronized Mark mark() {
        return new Mark(doneSeq, doneProjects, doneBytes);
    }

    /**
     * A read of the database that began at {@code mark}: it sees every write committed before,
     * which the mark's totals say. One that began before the base's is ignored.
     */
    synchronized void read(long projects, long bytes, Mark mark, long now) {
        if (mark.seq() < baseMark.seq()) {
            return;
        }
        known = true;
        baseProjects = projects;
        baseBytes = bytes;
        baseMark = mark;
        readAtNanos = now;
    }

    synchronized long projects() {
        return baseProjects + pendingProjects + doneProjects - baseMark.projects();
    }

    synchronized long bytes() {
        return baseBytes + pendingBytes + doneBytes - baseMark.bytes();
    }

    /** Admits and counts a write unless it would pass a limit ({@code checked} false: counts only). */
    synchronized Verdict admit(Delta delta, boolean checked, long maxProjects, long maxBytes) {
        if (checked && delta.projects() > 0 && projects() + delta.projects() > maxProjects) {
            return Verdict.PROJECTS;
        }
        if (checked && delta.bytes() > 0 && bytes() + delta.bytes() > maxBytes) {
            return Verdict.BYTES;
        }
        pendingProjects += delta.projects();
        pendingBytes += delta.bytes();
        return Verdict.ADMITTED;
    }

    /** The admitted write ended: committed (counted until a read includes it) or not (forgotten). */
    synchronized void settle(Delta delta, boolean appended) {
        pendingProjects -= delta.projects();
        pendingBytes -= delta.bytes();
        if (appended) {
            doneSeq++;
            doneProjects += delta.projects();
            doneBytes += delta.bytes();
        }
    }
}
