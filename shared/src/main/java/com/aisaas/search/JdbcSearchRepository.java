package com.aisaas.search;

import com.aisaas.common.Scope;
import com.aisaas.db.Database;
import com.aisaas.db.RowSecurity;
import com.aisaas.db.SqlTime;
import com.aisaas.files.FileStatus;
import com.aisaas.files.JdbcFileRepository;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * {@link SearchRepository} on PostgreSQL full-text search: one statement in one transaction under the caller's scope
 * (a round trip for the scope, one for the page, one for the commit):
 * <ol>
 *   <li>{@code search_file_ids} (V10__search_candidates.sql) finds the page's file ids and ranks through the GIN
 *       index — {@code websearch_to_tsquery} under each file's own configuration, the filters, {@code ts_rank_cd}
 *       over the newest {@code rankCandidates} matches only, keyset on (rank, id) — for the scope the transaction
 *       declared only;</li>
 *   <li>the files of those ids are joined under row-level security and the caller's scope, like any files
 *       query;</li>
 *   <li>{@code ts_headline} marks the matching words in the text of those files only (it is the costly part, so
 *       it never runs for rows that are not shown).</li>
 * </ol>
 */
public final class JdbcSearchRepository implements SearchRepository {

    private static final String HEADLINE_OPTIONS = "StartSel=" + MARK_START + ", StopSel=" + MARK_END
            + ", MaxWords=35, MinWords=12, MaxFragments=2, FragmentDelimiter=\" … \"";

    /** The page in the order search_file_ids ranked it; a file without a text row (none yet) has no passage. */
    private static final String PAGE = "select h.rank, h.truncated, " + JdbcFileRepository.columns("f") + ","
            + " ts_headline(t.config, case when t.body = '' then f.name else t.body end,"
            + " websearch_to_tsquery(t.config, ?), ?) as passage"
            + " from search_file_ids(?, ?::regconfig[], ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
            + " with ordinality as h(file_id, rank, truncated, position)"
            + " join files f on f.id = h.file_id and f.tenant_id = ? and f.owner_id = ?"
            + " left join file_texts t on t.file_id = h.file_id"
            + " order by h.position";

    private final Database database;
    private final int rankCandidates;

    /** @param rankCandidates SEARCH_RANK_CANDIDATES: the most matching files one search ranks (the newest) */
    public JdbcSearchRepository(Database database, int rankCandidates) {
        this.database = Objects.requireNonNull(database, "database");
        if (rankCandidates < 1) {
            throw new IllegalArgumentException("rankCandidates must be positive");
        }
        this.rankCandidates = rankCandidates;
    }

    @Override
    public Matches search(Scope scope, SearchQuery query, Optional<SearchCursor> after, int fetch) {
        return database.inTransaction(connection -> {
            RowSecurity.actAs(connection, scope);
            List<Match> matches = new ArrayList<>(fetch);
            boolean partial = false;
            try (PreparedStatement statement = connection.prepareStatement(PAGE)) {
                int p = 0;
                statement.setString(++p, query.q());
                statement.setString(++p, HEADLINE_OPTIONS);
                statement.setString(++p, query.q());
                statement.setArray(++p, connection.createArrayOf("text", SearchLanguages.ALL_CONFIGS.toArray()));
                statement.setString(++p, query.status().map(FileStatus::wire).orElse(null));
                String type = query.contentType().orElse(null);
                boolean family = type != null && type.endsWith("/*");
                statement.setString(++p, family ? null : type);
                statement.setString(++p, family ? type.substring(0, type.length() - 1) : null);
                statement.setObject(++p, query.from().map(SqlTime::timestamp).orElse(null),
                        Types.TIMESTAMP_WITH_TIMEZONE);
                statement.setObject(++p, query.to().map(SqlTime::timestamp).orElse(null),
                        Types.TIMESTAMP_WITH_TIMEZONE);
                statement.setString(++p, query.tagKey().orElse(null));
                statement.setString(++p, query.tagValue().orElse(null));
                if (after.isPresent()) {
                    statement.setFloat(++p, after.get().rank());
                    statement.setObject(++p, after.get().id());
                } else {
                    statement.setNull(++p, Types.REAL);
                    statement.setNull(++p, Types.OTHER);
                }
                statement.setInt(++p, fetch);
                statement.setInt(++p, rankCandidates);
                statement.setString(++p, scope.tenantId());
                statement.setString(++p, scope.ownerId());
                try (ResultSet rs = statement.executeQuery()) {
                    while (rs.next()) {
                        partial |= rs.getBoolean("truncated");
                        matches.add(new Match(JdbcFileRepository.read(rs), rs.getFloat("rank"),
                                rs.getString("passage")));
                    }
                }
            }
            return new Matches(matches, partial);
        });
    }
}
