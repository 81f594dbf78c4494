package com.aisaas.files;

import com.aisaas.common.Scope;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The {@code files} table, always through one owner's eyes: every method is scoped to a {@link Scope} (tenant and
 * owner), and another owner's file, in this tenant or another, is indistinguishable from a missing one. Every change writes its {@link AuditEntry} in the same
 * transaction.
 */
public interface FileRepository {

    /** Inserts a new file; returns it as stored. */
    FileRecord create(FileRecord file, AuditEntry audit);

    Optional<FileRecord> find(Scope scope, FileId id);

    /**
     * Up to {@code fetch} files of {@code scope} matching {@code query}, newest first ({@code created_at desc, id
     * desc}), strictly after {@code after} when given.
     */
    List<FileRecord> list(Scope scope, ListQuery query, Optional<Cursor> after, int fetch);

    /**
     * Locks the file, hands it to {@code change} and stores what it returns (name, tags, status, previous status,
     * deleted and updated times) with its audit entry. {@code change} may throw to refuse (the transaction is
     * rolled back), or return null to change nothing. It may run more than once (a transient failure retries the
     * transaction), so it must have no other effects. {@link com.aisaas.common.NotFoundException} when the owner has
     * no such file.
     *
     * @return the file as stored after the change (or as it was, when nothing changed)
     */
    FileRecord update(Scope scope, FileId id, Function<FileRecord, Update> change);

    /** Removes a row whose upload never happened (the blob write failed right after {@link #create}). */
    void remove(Scope scope, FileId id, AuditEntry audit);

    /** The new state of a file and the audit entry that records the change. */
    record Update(FileRecord next, AuditEntry audit) {
    }
}
