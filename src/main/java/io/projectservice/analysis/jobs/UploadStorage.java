package io.projectservice.analysis.jobs;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.projectservice.config.ServiceConfig;
import io.projectservice.errors.Refusal;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.smallrye.mutiny.subscription.UniEmitter;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Uploaded files in PostgreSQL as chunk rows ({@code analysis_upload_chunks}, one per
 * {@code chunk-bytes}), written from the request's temporary file and read back into the worker's
 * one chunk at a time: no whole file is ever in the heap, and the sha256 is computed on the way.
 *
 * <p>Chunk rows rather than large objects: they go with the job's row ({@code ON DELETE
 * CASCADE}), are written in the job's transaction like any row, need no {@code lo_unlink} (an
 * orphaned large object stays forever), and each is an ordinary bytea parameter the reactive
 * client sends and receives whole, which is what bounds the memory to one chunk.
 */
@ApplicationScoped
public class UploadStorage {
    private static final String INSERT_CHUNK = """
            INSERT INTO analysis_upload_chunks (job_id, file_index, chunk_index,
            bytes) VALUES ($1, $2, $3, $4)""";

    private final ServiceConfig.CreateFromContext limits;

    public UploadStorage(ServiceConfig config) {
        this.limits = config.createFromContext();
    }

    /** A file as the request delivered it: a temporary file on disk. */
    public record Incoming(String name, String contentType, Path path) {
    }

    /** A stored file's description: its bytes are in {@code chunks} chunk rows. */
    public record Stored(int index, String name, String contentType, long size, String sha256) {
    }

    /**
     * Copies each file into chunk rows in the caller's transaction, reading on a worker thread one
     * chunk at a time. The per-file and total limits are enforced on the bytes actually read (413
     * and the transaction rolls back), whatever size the request claimed.
     */
    public Uni<List<Stored>> store(SqlConnection tx, String jobId, List<Incoming> files) {
        return storeFrom(tx, jobId, files, 0, new ArrayList<>(files.size()), 0L);
    }

    private Uni<List<Stored>> storeFrom(SqlConnection tx, String jobId, List<Incoming> files, int index,
            List<Stored> stored, long totalBefore) {
        if (index == files.size()) {
            return Uni.createFrom().item(stored);
        }
        Incoming file = files.get(index);
        return Uni.createFrom().item(() -> open(file.path())).runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .flatMap(in -> copy(tx, jobId, index, file, in, totalBefore).eventually(() -> close(in)))
                .flatMap(s -> {
                    stored.add(s);
                    return tx.preparedQuery("""
                            INSERT INTO analysis_uploads (job_id, file_index, name, content_type,
                            size, sha256) VALUES ($1, $2, $3, $4, $5, $6)""")
                            .execute(Tuple.of(jobId, index, s.name(), s.contentType(), s.size(), s.sha256()))
                            .flatMap(x -> storeFrom(tx, jobId, files, index + 1, stored, totalBefore + s.size()));
                });
    }

    /** The chunks of one file, one after the other: read one (worker thread), insert it, then the next. */
    private Uni<Stored> copy(SqlConnection tx, String jobId, int index, Incoming file, FileChannel in,
            long totalBefore) {
        return Uni.createFrom().emitter(done -> new Copy(tx, jobId, index, file, in, totalBefore, done).next());
    }

    /**
     * One file's copy as a loop of independent steps. Not a chain of nested Unis: each level of
     * such a chain keeps its statement, and with it its chunk, until the last one completes, which
     * adds up to the whole file in the heap.
     */
    private final class Copy {
        private final SqlConnection tx;
        private final String jobId;
        private final int index;
        private final Incoming file;
        private final FileChannel in;
        private final long totalBefore;
        private final UniEmitter<? super Stored> done;
        private final MessageDigest sha = digest();
        private int chunk;
        private long size;

        Copy(SqlConnection tx, String jobId, int index, Incoming file, FileChannel in, long totalBefore,
                UniEmitter<? super Stored> done) {
            this.tx = tx;
            this.jobId = jobId;
            this.index = index;
            this.file = file;
            this.in = in;
            this.totalBefore = totalBefore;
            this.done = done;
        }

        void next() {
            Uni.createFrom().item(() -> read(in)).runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                    .subscribe().with(this::insert, done::fail);
        }

        private void insert(ByteBuf bytes) {
            if (bytes == null) {
                done.complete(new Stored(index, file.name(), file.contentType(), size,
                        HexFormat.of().formatHex(sha.digest())));
                return;
            }
            try {
                size += bytes.readableBytes();
                checkLimits(file.name(), size, totalBefore + size);
                sha.update(bytes.nioBuffer());
            } catch (RuntimeException e) {
                done.fail(e);
                return;
            }
            tx.preparedQuery(INSERT_CHUNK)
                    .execute(Tuple.tuple().addString(jobId).addInteger(index).addInteger(chunk++)
                            .addBuffer(Buffer.newInstance(io.vertx.core.buffer.Buffer.buffer(bytes))))
                    .subscribe().with(x -> next(), done::fail);
        }
    }

    private void checkLimits(String name, long fileBytes, long totalBytes) {
        if (fileBytes > limits.maxFileBytes()) {
            throw Refusal.tooLarge("file_too_large",
                    "File '" + name + "' is larger than the limit of " + limits.maxFileBytes()
                    + " bytes per file");
        }
        if (totalBytes > limits.maxTotalBytes()) {
            throw Refusal.tooLarge("files_too_large",
                    "The files add up to more than the limit of " + limits.maxTotalBytes()
                    + " bytes");
        }
    }

    /** The next chunk of the file, or null at its end. Blocking. */
    private ByteBuf read(FileChannel in) {
        ByteBuf buf = Unpooled.buffer(limits.chunkBytes(), limits.chunkBytes());
        try {
            while (buf.isWritable()) {
                if (buf.writeBytes(in, buf.writableBytes()) < 0) {
                    break;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return buf.readableBytes() == 0 ? null : buf;
    }

    /**
     * Writes a stored file into a new file in {@code dir}, one chunk query at a time, and checks
     * its size and sha256 against what was stored. Blocking: for the analysis worker's thread. The
     * caller deletes the file; this deletes it itself when it fails.
     */
    public Path spool(SqlClient client, String jobId, Stored file, Path dir, Duration timeout) throws IOException {
        Path target = Files.createTempFile(dir, "upload-", ".bin");
        try (FileChannel out = FileChannel.open(target, StandardOpenOption.WRITE)) {
            MessageDigest sha = digest();
            long size = 0;
            for (int chunk = 0; size < file.size(); chunk++) {
                Buffer bytes = client.preparedQuery("""
                        SELECT bytes FROM analysis_upload_chunks
                        WHERE job_id = $1 AND file_index = $2 AND chunk_index = $3""")
                        .execute(Tuple.of(jobId, file.index(), chunk))
                        .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getBuffer(0))
                        .await().atMost(timeout);
                if (bytes == null) {
                    throw new UploadIntegrityException("file '" + file.name() + "' of job " + jobId + " is missing"
                            + " its bytes after " + size + " of " + file.size());
                }
                ByteBuffer nio = bytes.getDelegate().getByteBuf().nioBuffer();
                sha.update(nio.duplicate());
                while (nio.hasRemaining()) {
                    out.write(nio);
                }
                size += bytes.length();
            }
            String digest = HexFormat.of().formatHex(sha.digest());
            if (size != file.size() || !digest.equals(file.sha256())) {
                throw new UploadIntegrityException("file '" + file.name() + "' of job " + jobId + " does not match"
                        + " what was uploaded (" + size + " bytes, sha256 " + digest + "; stored as " + file.size()
                        + " bytes, sha256 " + file.sha256() + ")");
            }
            return target;
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(target);
            throw e;
        }
    }

    /** The stored files of a job, in upload order (descriptions only, no bytes). */
    public Uni<List<Stored>> files(SqlClient client, String jobId) {
        return client.preparedQuery("""
                SELECT file_index, name, content_type, size, sha256 FROM analysis_uploads
                WHERE job_id = $1 ORDER BY file_index""").execute(Tuple.of(jobId))
                .map(rows -> {
                    List<Stored> out = new ArrayList<>(rows.size());
                    rows.forEach(r -> out.add(new Stored(r.getInteger(0), r.getString(1), r.getString(2),
                            r.getLong(3), r.getString(4))));
                    return out;
                });
    }

    /** Stored bytes that do not match the upload's size or sha256: the job cannot be analyzed as sent. */
    public static class UploadIntegrityException extends RuntimeException {
        UploadIntegrityException(String message) {
            super(message);
        }
    }

    private static FileChannel open(Path path) {
        try {
            return FileChannel.open(path, StandardOpenOption.READ);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void close(FileChannel in) {
        try {
            in.close();
        } catch (IOException e) {
            // read-only: nothing was lost
        }
    }

    static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
