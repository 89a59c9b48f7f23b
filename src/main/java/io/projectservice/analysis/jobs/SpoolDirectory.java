package io.projectservice.analysis.jobs;

import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * Where the analysis worker writes the files it reads back from the database for Tika:
 * {@code <java.io.tmpdir>/projects-analysis/<pid>}. Each file is deleted when its extraction
 * ends; a process killed mid-extraction cannot, so every start deletes the directories of
 * processes that no longer run (and its own, which a container restarted with the same pid
 * inherits).
 */
@ApplicationScoped
public class SpoolDirectory {
    private static final Logger LOG = Logger.getLogger(SpoolDirectory.class);

    private final Path root = Path.of(System.getProperty("java.io.tmpdir"), "projects-analysis");
    private volatile Path directory;

    /** This process's directory, created (and its dead neighbours removed) on first use. */
    public Path directory() {
        Path d = directory;
        if (d == null) {
            synchronized (this) {
                if (directory == null) {
                    directory = prepare();
                }
                d = directory;
            }
        }
        return d;
    }

    public void delete(Path file) {
        if (file == null) {
            return;
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warnf("could not delete the spool file %s: %s", file, e.toString());
        }
    }

    private Path prepare() {
        long pid = ProcessHandle.current().pid();
        try {
            Files.createDirectories(root);
            try (Stream<Path> dirs = Files.list(root)) {
                dirs.filter(dir -> isLeftover(dir, pid)).forEach(SpoolDirectory::deleteTree);
            }
            return Files.createDirectories(root.resolve(Long.toString(pid)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean isLeftover(Path dir, long pid) {
        try {
            long owner = Long.parseLong(dir.getFileName().toString());
            return owner == pid || ProcessHandle.of(owner).map(p -> !p.isAlive()).orElse(true);
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    LOG.debugf("could not delete %s: %s", p, e.toString());
                }
            });
            LOG.infof("deleted the analysis spool files left by an earlier process in %s", dir);
        } catch (IOException e) {
            LOG.warnf("could not delete the spool directory %s: %s", dir, e.toString());
        }
    }
}
