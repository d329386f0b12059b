package io.omnihub.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Set;

/**
 * A physical backup with PostgreSQL's own low-level API, as the documentation's "Making a Base Backup Using the
 * Low Level API" describes it: {@code pg_backup_start} on a session kept open, a file copy of the data directory
 * while the server runs, {@code pg_backup_stop}, whose label becomes the copy's {@code backup_label}, and the WAL from
 * the start to the stop copied last. Started on the copy, PostgreSQL replays that WAL from the label's checkpoint to
 * a consistent state: the database as it was when the backup ended. No client tools are needed (Debian's are of an
 * older major version than the embedded server and refuse it).
 */
final class PhysicalBackup {

    /** Left out of the copy, as the documentation advises: the running server's own files. */
    private static final Set<String> SKIPPED_FILES = Set.of("postmaster.pid", "postmaster.opts");
    /** Copied empty: their contents are recreated at start-up or, for {@code pg_wal}, copied after the stop. */
    private static final Set<String> EMPTIED = Set.of("pg_wal", "pg_replslot", "pg_dynshmem", "pg_notify",
            "pg_serial", "pg_snapshots", "pg_stat_tmp", "pg_subtrans");

    private PhysicalBackup() {
    }

    /** Backs up {@code server} into {@code target} (which must not exist); answers the backup's stop location. */
    static String take(PostgresServer server, Path target) throws SQLException, IOException {
        Path data = server.data();
        Files.createDirectories(target, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(
                "rwx------")));
        try (Connection c = server.connectAsSuperuser(); Statement s = c.createStatement()) {
            s.execute("SELECT pg_backup_start('omnihub-backup-restore', true)");
            copy(data, target);
            String lsn;
            try (ResultSet rs = s.executeQuery("SELECT lsn, labelfile, spcmapfile FROM pg_backup_stop(false)")) {
                rs.next();
                lsn = rs.getString(1);
                Files.writeString(target.resolve("backup_label"), rs.getString(2));
                String map = rs.getString(3);
                if (map != null && !map.isEmpty()) {
                    Files.writeString(target.resolve("tablespace_map"), map);
                }
            }
            // the WAL written from the backup's start to its stop: at least up to the stop location
            try (var wal = Files.list(data.resolve("pg_wal"))) {
                for (Path segment : wal.filter(Files::isRegularFile).toList()) {
                    copyFile(segment, target.resolve("pg_wal").resolve(segment.getFileName().toString()));
                }
            }
            return lsn;
        }
    }

    private static void copy(Path from, Path to) throws IOException {
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                Path copy = to.resolve(from.relativize(dir).toString());
                if (!dir.equals(from)) {
                    Files.createDirectories(copy);
                    Files.setPosixFilePermissions(copy, Files.getPosixFilePermissions(dir));
                }
                if (!dir.equals(from) && EMPTIED.contains(from.relativize(dir).getName(0).toString())) {
                    // keep the folder (and pg_wal/archive_status), not what is in it
                    if (dir.getNameCount() - from.getNameCount() == 1 && dir.getFileName().toString().equals("pg_wal")) {
                        Files.createDirectories(copy.resolve("archive_status"));
                    }
                    return FileVisitResult.SKIP_SUBTREE;
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                String name = file.getFileName().toString();
                if (!(file.getParent().equals(from) && SKIPPED_FILES.contains(name)) && !name.startsWith("pgsql_tmp")) {
                    copyFile(file, to.resolve(from.relativize(file).toString()));
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                if (e instanceof NoSuchFileException) {
                    return FileVisitResult.CONTINUE; // removed by the server while we copied: not needed
                }
                throw e;
            }
        });
    }

    private static void copyFile(Path file, Path copy) {
        try {
            Files.copy(file, copy, StandardCopyOption.COPY_ATTRIBUTES, StandardCopyOption.REPLACE_EXISTING);
        } catch (NoSuchFileException e) {
            // removed by the server meanwhile (a temporary or recycled file)
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
